//! What the app asks of the browser itself, with no screen of its own: the
//! address bar (hash routes), the wall clock, getting attention (tone,
//! desktop notification, tab title), keyboard focus, downloads and files the
//! user picked. Kept below `state` and every screen so each can use them
//! without reaching into another screen.

pub(super) mod alarm;
pub(super) mod clock;
pub(super) mod file_pick;
pub(super) mod files;
pub(super) mod focus;
pub(super) mod policy;
pub(super) mod route;
