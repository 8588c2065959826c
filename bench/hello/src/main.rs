//! The floor: what any Leptos 0.8 CSR page costs before the app adds anything.
use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <h1 data-testid="hello">"hello"</h1>
            <button on:click=move |_| count.update(|n| *n += 1)>{move || count.get()}</button>
        }
    });
}
