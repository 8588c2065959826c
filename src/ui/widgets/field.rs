//! A labelled form field with its validation message tied to it for screen readers.

use leptos::prelude::*;

#[component]
pub fn Field(
    /// The id of the input inside; the message gets `<id>-error`.
    id: &'static str,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {children()}
            {move || error.get().map(|e| view! {
                // Not an alert of its own: the form's summary announces, this explains.
                <p class="field-error" id=format!("{id}-error")>{e}</p>
            })}
        </div>
    }
}

/// A label and a text input bound to a signal: the plain case of most forms.
pub fn labelled_text(id: &'static str, label: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input type="text" id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}
