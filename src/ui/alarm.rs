//! Getting attention when a level rises: a tone and a browser notification.
//! The visual alert is the notices banner; these add to it, never replace it.

use wasm_bindgen::JsValue;
use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission, OscillatorType};

/// Three short tones, generated locally (no audio file to fetch). Started from a timer:
/// making an audio context takes tens of milliseconds, which the screen should not wait for.
pub fn sound() {
    leptos::prelude::set_timeout(tones, std::time::Duration::ZERO);
}

fn tones() {
    let Ok(ctx) = AudioContext::new() else { return };
    // A context made without a recent click may start suspended; ask to run.
    let _ = ctx.resume();
    let start = ctx.current_time();
    for n in 0..3 {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else { return };
        osc.set_type(OscillatorType::Square);
        osc.frequency().set_value(880.0);
        gain.gain().set_value(0.15);
        let at = start + f64::from(n) * 0.35;
        let wired = osc.connect_with_audio_node(&gain).and_then(|_| gain.connect_with_audio_node(&ctx.destination()));
        if wired.is_ok() {
            let _ = osc.start_with_when(at);
            let _ = osc.stop_with_when(at + 0.2);
        }
    }
}

pub fn permission() -> NotificationPermission {
    if js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("Notification")).unwrap_or(false) {
        Notification::permission()
    } else {
        NotificationPermission::Denied
    }
}

/// Asks once (the browser remembers the answer) and calls back with it.
pub fn request_permission(then: impl FnOnce(NotificationPermission) + 'static) {
    if permission() != NotificationPermission::Default {
        return then(permission());
    }
    let Ok(promise) = Notification::request_permission() else { return then(permission()) };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        then(permission());
    });
}

pub fn notify(title: &str, body: &str) {
    if permission() != NotificationPermission::Granted {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_require_interaction(true);
    let _ = Notification::new_with_options(title, &options);
}

/// While anything is overdue the tab title alternates so a background tab is noticed.
pub fn flash_title(overdue: usize, on: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let name = crate::domain::i18n::t("应急处置台");
    let title = if overdue > 0 && on { crate::tf!("【{0}项超时】{1}", overdue, name) } else { name.to_string() };
    if doc.title() != title {
        doc.set_title(&title);
    }
}
