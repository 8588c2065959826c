//! Where each record lives: the keys of the layout, and what a changed key means.

use crate::desk::port::Change;

/// The schema this build writes; older stored records are migrated on read (domain::files::migrate).
pub const SCHEMA_VERSION: u32 = crate::domain::files::migrate::CURRENT;
pub const PREFIX: &str = "incident-desk:";
pub const INCIDENT_PREFIX: &str = "incident-desk:incident:";
pub(super) const SCHEMA_KEY: &str = "incident-desk:schema";
pub(super) const QUARANTINE_PREFIX: &str = "incident-desk:quarantine:";
/// The ids of every incident saved here (ids only: titles stay sealed under the lock).
/// A key that vanishes while its id is still indexed was deleted outside the app.
pub(super) const INDEX_KEY: &str = "incident-desk:index";
pub const LOCK_KEY: &str = "incident-desk:lock";
pub const DIRECTORY: &str = "directory";
/// Plan versions customised or imported here (the built-in ones are not stored).
pub const PLANS: &str = "plans";

pub fn incident_key(id: &str) -> String {
    format!("{INCIDENT_PREFIX}{id}")
}

/// The incident id a storage key belongs to, if it is one of ours.
pub fn incident_id_of_key(key: &str) -> Option<&str> {
    key.strip_prefix(INCIDENT_PREFIX)
}

/// The storage key of a document.
pub fn document_key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

pub(super) fn setting_key(name: &str) -> String {
    format!("{PREFIX}setting:{name}")
}

/// What a changed key means to the desk.
pub fn change_of(key: Option<&str>) -> Change {
    match key {
        Some(k) => match incident_id_of_key(k) {
            Some(id) => Change::Incident(id.to_string()),
            None if k == document_key(DIRECTORY) => Change::Directory,
            None if k == document_key(PLANS) || k == setting_key("current-plans") => Change::Plans,
            None => Change::Other,
        },
        None => Change::Other,
    }
}

