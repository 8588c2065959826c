//! A file chosen in an `<input type="file">`: read as text (size-capped, UTF-8
//! or GBK), the input cleared so the same file can be picked again. A file that
//! cannot be read is reported in `message`; `then` only sees text. Also the
//! picked file's name, for messages about it.

use super::files;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn read_picked(
    ev: &leptos::ev::Event,
    max_bytes: f64,
    message: RwSignal<Option<(bool, String)>>,
    then: impl FnOnce(String) + 'static,
) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    leptos::task::spawn_local(async move {
        match files::read_text(file, max_bytes).await {
            Ok(text) => then(text),
            Err(e) => message.set(Some((false, e))),
        }
    });
}

/// The name of the file chosen in a file input, for messages about it.
pub fn picked_name(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
        .map(|f| f.name())
        .unwrap_or_default()
}

/// A picked file read and parsed: `then` gets what `parse` made of it. A file that cannot be
/// read, or that `parse` refuses, is said in `message` through `refused` (which says what was
/// not done), with the reason and the file's name.
pub fn read_picked_as<T: 'static>(
    ev: &leptos::ev::Event,
    max_bytes: f64,
    message: RwSignal<Option<(bool, String)>>,
    parse: impl FnOnce(&str) -> Result<T, String> + 'static,
    refused: impl FnOnce(String) -> String + 'static,
    then: impl FnOnce(T) + 'static,
) {
    let name = picked_name(ev);
    read_picked(ev, max_bytes, message, move |text| match parse(&text) {
        Err(e) => message.set(Some((false, refused(crate::tf!("{0}（文件 {1}）", e, name))))),
        Ok(parsed) => then(parsed),
    });
}
