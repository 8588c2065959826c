//! The one place the shell reads the wall clock. Tests drive it by faking
//! `Date` (Playwright's clock); the domain only ever receives `now`.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    let ms = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The wall clock, as the desk asks for it.
pub struct WallClock;

impl crate::desk::port::Clock for WallClock {
    fn now(&self) -> DateTime<Utc> {
        now()
    }
}
