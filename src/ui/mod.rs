//! The browser shell: Leptos components, one concern per file. Components
//! read derived state from the domain and record events through `AppState`;
//! they never re-implement the plan's rules.

mod alarm;
pub(crate) mod app;
mod calendar_page;
mod backup_panel;
mod call_tree;
mod checklists_panel;
mod clock;
mod closeout_panel;
mod conflicts_panel;
mod company_picker;
mod contact_form;
mod contacts_page;
mod dashboard;
mod deadline_board;
mod discharge_form;
mod drill_page;
mod drill_panel;
mod exchange_page;
mod facts_panel;
mod field;
mod file_pick;
mod incident_form;
mod incident_list;
mod incident_page;
mod language_setting;
mod level_badge;
mod level_strip;
mod lock_screen;
mod notices;
mod obligations_panel;
mod packet_import;
mod paper_pack;
mod plan_edit_page;
mod plan_page;
mod plan_picker;
mod print_views;
mod reconciliation_panel;
mod report_page;
mod report_send;
mod operator;
mod record_forms;
mod route;
mod settings_page;
mod setup_form;
mod state;
mod storage_info;
mod timeline;
mod timeline_chart;
mod timeline_print;
mod transfer_form;
mod transfers_page;

pub use app::App;
pub use state::AppState;

/// Mounts the app on the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    language_setting::apply_stored();
    leptos::mount::mount_to_body(App);
}
