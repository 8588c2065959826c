//! The small documents beside the incidents: settings, the calendar's imported
//! years, the contacts directory.

use super::port::{load_setting, save_setting, Store};
use super::saving::STORE_DIRECTORY;
use super::{Ctx, Desk};
use crate::domain::base::calendar_import::{stored_after_import, CalendarUndo, ImportPreview};
use crate::domain::business::contacts::Directory;
use crate::domain::base::i18n::t;
use crate::domain::Calendar;
use chrono::Datelike;

/// Setting holding the stored calendar text, and the undo of its last import.
pub const CALENDAR_EXTRA: &str = "calendar-extra";
pub const CALENDAR_UNDO: &str = "calendar-undo";

impl Desk {
    /// Saves a setting kept in memory when it fails (the operator, the role): the
    /// failure is shown, and the value is tried again with what else waits.
    pub fn save_setting<T: serde::Serialize>(&mut self, ctx: &mut Ctx, name: &str, value: &T) -> Result<(), String> {
        let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
        self.save_setting_json(ctx, name, json)
    }

    /// Saves a setting a screen keeps for itself (the language, a reminder offered
    /// once): that screen says what became of it; nothing else is told or retried.
    pub fn save_plain_setting<T: serde::Serialize>(&mut self, ctx: &mut Ctx, name: &str, value: &T) -> Result<(), String> {
        save_setting(ctx.store, name, value).map_err(|e| e.to_string())
    }

    /// Saves a setting the form keeps until it saves (the workstation): a failure
    /// is shown and the form says so; nothing is retried behind the form's back.
    pub fn save_setting_once<T: serde::Serialize>(&mut self, ctx: &mut Ctx, name: &str, value: &T) -> Result<(), String> {
        let result = save_setting(ctx.store, name, value).map_err(|e| e.to_string());
        self.report(ctx, super::saving::STORE_SETTINGS, result.clone());
        result
    }

    fn this_year(now: chrono::DateTime<chrono::Utc>) -> i32 {
        crate::domain::base::time::beijing_date(now).year()
    }

    /// What importing `text` into the calendar would change at `now` (nothing changes).
    pub fn preview_calendar(&self, now: chrono::DateTime<chrono::Utc>, text: &str) -> Result<ImportPreview, Vec<String>> {
        self.calendar.preview_import(text, Self::this_year(now))
    }

    /// Adds a schedule (all lines or none; a year outside this year ± 2 only when in
    /// `confirmed`) and keeps it for the next start, with the undo of this import.
    /// An import that changes nothing writes nothing.
    pub fn import_calendar(&mut self, ctx: &mut Ctx, text: &str, confirmed: &[i32]) -> Result<ImportPreview, Vec<String>> {
        let mut cal = self.calendar.clone();
        let preview = cal.import_checked(text, Self::this_year(ctx.clock.now()), confirmed)?;
        if preview.no_change() {
            return Ok(preview);
        }
        let before = load_setting::<String>(ctx.store, CALENDAR_EXTRA).unwrap_or_default();
        let after = stored_after_import(&before, text);
        let undo = CalendarUndo { before, after: after.clone(), years: preview.years.iter().map(|y| y.year).collect(), dates: preview.dates };
        let previous_undo = load_setting::<CalendarUndo>(ctx.store, CALENDAR_UNDO);
        save_setting(ctx.store, CALENDAR_UNDO, &undo).map_err(|e| vec![e.to_string()])?;
        if let Err(e) = save_setting(ctx.store, CALENDAR_EXTRA, &after) {
            // Nothing imported: the earlier undo stays the one offered.
            let _ = save_setting(ctx.store, CALENDAR_UNDO, &previous_undo);
            return Err(vec![e.to_string()]);
        }
        // The calendar is read once per screen (untracked): nothing redraws for it.
        self.calendar = cal;
        self.watch.clear();
        ctx.happened.retry = true;
        Ok(preview)
    }

    /// The undo of the last calendar import, while there is one.
    pub fn calendar_undo(store: &mut dyn Store) -> Option<CalendarUndo> {
        load_setting::<Option<CalendarUndo>>(store, CALENDAR_UNDO).flatten()
    }

    /// Puts the calendar back as it was before the last import (the stored text
    /// restored), refused when it changed since.
    pub fn undo_calendar(&mut self, ctx: &mut Ctx) -> Result<CalendarUndo, String> {
        let undo = Self::calendar_undo(ctx.store).ok_or_else(|| t("没有可撤销的导入").to_string())?;
        let current = load_setting::<String>(ctx.store, CALENDAR_EXTRA).unwrap_or_default();
        let before = undo.restore(&current)?;
        save_setting(ctx.store, CALENDAR_EXTRA, &before).map_err(|e| e.to_string())?;
        let _ = save_setting(ctx.store, CALENDAR_UNDO, &None::<CalendarUndo>);
        self.calendar = Calendar::with_extra(&before);
        self.watch.clear();
        Ok(undo)
    }

    /// Replaces the directory after saving it; refuses while the stored one is unreadable.
    pub fn save_directory(&mut self, ctx: &mut Ctx, directory: Directory) -> Result<(), String> {
        if let Some(problem) = &self.directory_locked {
            return Err(problem.clone());
        }
        let result = ctx.store.save_directory(&directory).map_err(|e| e.to_string());
        self.report(ctx, STORE_DIRECTORY, result.clone());
        result?;
        self.directory = directory;
        ctx.happened.changed.directory = true;
        Ok(())
    }

    /// Another tab saved the directory.
    pub(super) fn sync_directory(&mut self, ctx: &mut Ctx) {
        if let Ok(Some(d)) = ctx.store.load_directory() {
            self.directory = d;
            ctx.happened.changed.directory = true;
        }
    }
}
