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
