//! This workstation's setup and reference data: who signs the reports (setup
//! form), the passphrase lock, the screen language, desktop reminders, the
//! contacts directory, the working-day calendar, full backups and how full
//! storage is.

pub(super) mod backup_panel;
pub(super) mod backup_restore;
pub(super) mod calendar_page;
mod contact_form;
pub(super) mod contacts_page;
pub(super) mod desktop_reminder;
pub(crate) mod language_setting;
pub(super) mod settings_page;
pub(super) mod setup_form;
pub(super) mod storage_info;
mod sync_panel;
