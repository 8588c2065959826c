//! Incident Desk (应急处置台).
//!
//! `domain` is the functional core: plain Rust, no browser, tested on the host.
//! `store` and `ui` are the thin browser shell and only exist on wasm32.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
