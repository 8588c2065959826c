//! The desk's commands driven from outside, as the browser shell drives them:
//! a clock the test moves, ids in sequence, and the store's own record layout
//! in memory. Each test reads given / when / then.

mod support;

mod drills;
mod escalation;
mod fixture;
mod duties;
mod duty_watch;
mod integrity;
mod restore;
mod rules;
mod saving;
mod settings;
mod settling;
mod shelf;
mod sync;
mod sync_shared;
mod tabs;
