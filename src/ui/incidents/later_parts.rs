//! The list's tools that are not its first screen — bringing in an incident packet from another
//! workstation, and restoring a backup — live in a wasm module of their own in the release
//! build (issue 18, docs/PERFORMANCE.md), asked for as the list is drawn and never waited for.
//! Exporting a backup and archiving stay in the first module (ui::settings::backup_panel): when
//! storage is full they are how space is made.

use super::packet_import::PacketImport;
use crate::ui::settings::backup_restore::RestoreFromBackup;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

#[derive(Clone, Copy)]
pub enum Tool {
    PacketImport,
    Restore,
}

fn tool_view(tool: Tool) -> AnyView {
    match tool {
        Tool::PacketImport => view! { <PacketImport/> }.into_any(),
        Tool::Restore => view! { <RestoreFromBackup/> }.into_any(),
    }
}

/// The split point: everything only this reaches goes to the module `split_list_tools`.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(list_tools, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch))]
pub fn tool(tool: Tool) -> Result<AnyView, SplitLoaderError> {
    Ok(tool_view(tool))
}

/// Unsplit (tests, `cargo check`): here at once.
#[cfg(not(feature = "split"))]
pub async fn tool(tool: Tool) -> Result<AnyView, SplitLoaderError> {
    Ok(tool_view(tool))
}

/// Fetches the module ahead of need (no-op when unsplit).
#[cfg(not(feature = "split"))]
pub async fn fetch() -> Result<(), SplitLoaderError> {
    Ok(())
}
