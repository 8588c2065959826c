//! Getting attention: a tone, a browser notification and a flashing tab title.
//! The visual alert is the notices banner; these add to it, never replace it.
//!
//! Browsers keep a page silent until someone clicks it (after every reload too),
//! so one audio context is made at start and watched: while it is held back the
//! banner says so, and the first click or key anywhere lets it play.

use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{AudioContext, AudioContextState, Notification, NotificationOptions, NotificationPermission, OscillatorType};

thread_local! {
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

fn audio() -> Option<AudioContext> {
    AUDIO.with(|a| {
        let mut a = a.borrow_mut();
        if a.is_none() {
            *a = AudioContext::new().ok();
        }
        a.clone()
    })
}

/// Whether the browser is holding the tone back (no click on the page yet).
pub fn sound_blocked() -> bool {
    audio().is_some_and(|ctx| ctx.state() == AudioContextState::Suspended)
}

/// Makes the audio context and calls `changed(blocked)` now and whenever the
/// browser lets it play or stops it.
pub fn watch_sound(changed: impl Fn(bool) + 'static) {
    let Some(ctx) = audio() else { return };
    changed(sound_blocked());
    let handler = Closure::<dyn Fn()>::new(move || changed(sound_blocked()));
    ctx.set_onstatechange(Some(handler.as_ref().unchecked_ref()));
    // Lives as long as the page, like the context.
    handler.forget();
}

/// Asks the browser to let the tone play; works inside a click or key press.
pub fn unlock_sound() {
    if let Some(ctx) = audio().filter(|c| c.state() == AudioContextState::Suspended) {
        let _ = ctx.resume();
    }
}

/// Three short tones, generated locally (no audio file to fetch). Started from a timer:
/// making an audio context takes tens of milliseconds, which the screen should not wait for.
pub fn sound() {
    leptos::prelude::set_timeout(tones, std::time::Duration::ZERO);
}

fn tones() {
    let Some(ctx) = audio() else { return };
    // Held back: the banner already says so; the tones would be lost.
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

/// While anything is overdue, or an alert waits to be read, the tab title
/// alternates so that a background tab is noticed.
pub fn flash_title(overdue: usize, unread_alerts: usize, on: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let name = crate::domain::base::i18n::t("应急处置台");
    let title = match (on, overdue, unread_alerts) {
        (true, 0, 0) | (false, _, _) => name.to_string(),
        (true, 0, _) => crate::tf!("【新提醒】{0}", name),
        (true, n, _) => crate::tf!("【{0}项超时】{1}", n, name),
    };
    if doc.title() != title {
        doc.set_title(&title);
    }
}
