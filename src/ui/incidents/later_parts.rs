//! The list's tools that are not its first screen — bringing in an incident packet from
//! another workstation, and backup and restore — live in a wasm module of their own in the
//! release build (issue 18, docs/PERFORMANCE.md), fetched just after the first screen is painted.

use super::packet_import::PacketImport;
use crate::ui::settings::backup_panel::BackupPanel;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

fn tools_view() -> AnyView {
    view! { <PacketImport/><BackupPanel/> }.into_any()
}

/// The split point: everything only this reaches goes to the module `split_list_tools`.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(list_tools, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch))]
pub fn tools() -> Result<AnyView, SplitLoaderError> {
    Ok(tools_view())
}

/// Unsplit (tests, `cargo check`): here at once.
#[cfg(not(feature = "split"))]
pub async fn tools() -> Result<AnyView, SplitLoaderError> {
    Ok(tools_view())
}

/// Fetches the module ahead of need (no-op when unsplit).
#[cfg(not(feature = "split"))]
pub async fn fetch() -> Result<(), SplitLoaderError> {
    Ok(())
}
