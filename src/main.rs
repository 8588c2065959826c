#[cfg(target_arch = "wasm32")]
fn main() {
    incident_desk::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Incident Desk runs in the browser: build it with `make dist` or serve it with `make serve`.");
}
