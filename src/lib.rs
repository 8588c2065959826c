//! Incident Desk (应急处置台).
//!
//! `domain` is the functional core: plain Rust, no browser. `desk` holds the
//! application's commands over a storage port; `store` lays records out in a
//! key-value store (memory on the host, localStorage in the browser). `ui` is
//! the browser shell and its views, and only exists on wasm32. The map and its
//! invariants: docs/ARCHITECTURE.md.

pub mod desk;
pub mod domain;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod ui;
