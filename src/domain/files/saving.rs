//! Whether what was recorded reached this browser's storage, and what the
//! screens say about it. An entry the log accepts is always kept in the page's
//! memory; it is "saved" only once storage took it. Until then it is listed as
//! unsaved, named in the banner, and retried.
//!
//! Also the room an import would take in localStorage, judged before it is made.

use crate::domain::base::i18n::t;
use crate::tf;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Why storage did not take a write (the shell maps the browser's errors to these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotSaved {
    /// The quota is used up.
    Full,
    /// The browser refuses storage (private mode, storage disabled).
    Unavailable,
    /// The stored data belongs to a newer version: this one writes nothing.
    ReadOnly,
    /// Anything else, with the browser's words.
    Failed(String),
}

impl NotSaved {
    /// The cause and what to do about it, in a sentence or two.
    pub fn advice(&self) -> String {
        match self {
            NotSaved::Full => t("浏览器存储空间已满。请不要关闭或刷新本页；在事件列表页“备份与恢复”中先导出完整备份，再归档已关闭的事件腾出空间，腾出后会自动补存。").into(),
            NotSaved::Unavailable => t("浏览器存储不可用（可能是无痕模式或存储被禁用）。请不要关闭本页；请导出事件包或完整备份留存，存储恢复可用后会自动补存。").into(),
            NotSaved::ReadOnly => t("本机数据由较新版本写入，本版本只读。请不要关闭本页；请导出事件包，在最新版本中导入。").into(),
            NotSaved::Failed(detail) => tf!("保存时出错（{0}）。请不要关闭本页；请导出事件包留存，应用会自动重试。", detail),
        }
    }
}

/// What became of an entry the log accepted.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Storage took it.
    Saved,
    /// Kept in this page's memory only.
    KeptUnsaved(NotSaved),
    /// Handed to a storage engine that has not confirmed it yet.
    Queued,
}

/// The outcome of an action that records: `Err` when the log refused it
/// (nothing kept, the reason given), else whether storage took it.
pub type Recorded = Result<Stored, String>;

/// The amber line a form shows instead of its confirmation.
pub fn unsaved_message(why: &NotSaved) -> String {
    tf!("已记在本页，但未能保存到本机：{0}", why.advice())
}

/// What a form shows after it recorded something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feedback {
    /// Stored: the form's own confirmation ("已记录").
    Saved(String),
    /// Kept in the page only. `done` is the confirmation it would have shown, for
    /// when a retry saves it.
    Unsaved { incident: String, done: String, why: NotSaved },
    /// Handed to storage, not yet confirmed: the confirmation waits for the engine.
    Saving { incident: String, done: String },
    /// Caught up by a retry after the form reported it unsaved.
    SavedLater(String),
    /// Not recorded at all.
    Refused(String),
}

impl Feedback {
    /// The feedback for `result` of recording on `incident`, `done` being the confirmation.
    pub fn of(incident: &str, result: Recorded, done: impl Into<String>) -> Feedback {
        match result {
            Ok(Stored::Saved) => Feedback::Saved(done.into()),
            Ok(Stored::KeptUnsaved(why)) => Feedback::Unsaved { incident: incident.to_string(), done: done.into(), why },
            Ok(Stored::Queued) => Feedback::Saving { incident: incident.to_string(), done: done.into() },
            Err(e) => Feedback::Refused(e),
        }
    }

    /// Once the incident is no longer unsaved (`still_unsaved` false), an amber
    /// line turns into the confirmation, marked as saved afterwards.
    pub fn settled(self, still_unsaved: impl Fn(&str) -> bool) -> Feedback {
        match self {
            Feedback::Unsaved { incident, done, .. } if !still_unsaved(&incident) => Feedback::SavedLater(done),
            Feedback::Saving { incident, done } if !still_unsaved(&incident) => Feedback::Saved(done),
            other => other,
        }
    }

    /// A save still waiting that the engine has since refused (`refused` gives the
    /// reason): said as a write refused at once is, amber, so no one waits on
    /// 正在保存…… for something that did not save.
    pub fn refused_later(self, refused: impl Fn(&str) -> Option<NotSaved>) -> Feedback {
        self.refused_or_saved_late(refused, |_| false)
    }

    /// `refused_later`, and a save that was refused and then made by a retry
    /// (`saved_late`) is said as saved later, like an amber line that turned green.
    pub fn refused_or_saved_late(self, refused: impl Fn(&str) -> Option<NotSaved>, saved_late: impl Fn(&str) -> bool) -> Feedback {
        match self {
            Feedback::Saving { incident, done } if saved_late(&incident) && refused(&incident).is_none() => Feedback::SavedLater(done),
            Feedback::Saving { incident, done } => match refused(&incident) {
                Some(why) => Feedback::Unsaved { incident, done, why },
                None => Feedback::Saving { incident, done },
            },
            other => other,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Feedback::Saved(done) => done.clone(),
            Feedback::Unsaved { why, .. } => unsaved_message(why),
            Feedback::Saving { .. } => t("正在保存……").into(),
            Feedback::SavedLater(done) if done.is_empty() => t("已补存到本机。").into(),
            Feedback::SavedLater(done) => tf!("{0}（已补存到本机）", done),
            Feedback::Refused(e) => e.clone(),
        }
    }

    /// The CSS class: green, amber or red.
    pub fn class(&self) -> &'static str {
        match self {
            Feedback::Saved(_) | Feedback::SavedLater(_) => "saved",
            Feedback::Unsaved { .. } | Feedback::Saving { .. } => "unsaved",
            Feedback::Refused(_) => "field-error",
        }
    }

    /// Whether the form may treat the action as done (clear its fields, close):
    /// it was recorded, saved or not.
    pub fn recorded(&self) -> bool {
        !matches!(self, Feedback::Refused(_))
    }
}

/// How often unsaved incidents are tried again while the page stays open.
pub const RETRY_EVERY_SECONDS: i64 = 10;

/// One incident holding entries that storage has not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingIncident {
    /// The ids of the entries recorded since it was last saved.
    pub events: BTreeSet<String>,
    /// Why the last attempt failed.
    pub why: NotSaved,
}

/// What is kept in this page only, by incident id, and the retries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unsaved {
    pub incidents: BTreeMap<String, PendingIncident>,
    /// The last retry and how many have run since something was first left unsaved.
    pub last_retry: Option<DateTime<Utc>>,
    pub retries: u32,
}

impl Unsaved {
    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    pub fn contains(&self, incident: &str) -> bool {
        self.incidents.contains_key(incident)
    }

    /// Entries of `incident` left unsaved.
    pub fn count(&self, incident: &str) -> usize {
        self.incidents.get(incident).map_or(0, |p| p.events.len())
    }

    /// A save of `incident` failed: `events` (the ones just recorded) join those
    /// already waiting. An entry is never dropped from the list until a save succeeds.
    pub fn kept(&mut self, incident: &str, events: impl IntoIterator<Item = String>, why: NotSaved) {
        let entry = self.incidents.entry(incident.to_string()).or_insert_with(|| PendingIncident { events: BTreeSet::new(), why: why.clone() });
        entry.events.extend(events);
        entry.why = why;
    }

    /// `incident` was saved whole: returns how many waiting entries that caught up.
    pub fn saved(&mut self, incident: &str) -> Option<usize> {
        let caught_up = self.incidents.remove(incident).map(|p| p.events.len());
        if self.incidents.is_empty() {
            self.last_retry = None;
            self.retries = 0;
        }
        caught_up
    }

    /// Whether the periodic retry is due at `now`.
    pub fn retry_due(&self, now: DateTime<Utc>) -> bool {
        !self.is_empty() && self.last_retry.is_none_or(|last| (now - last).num_seconds() >= RETRY_EVERY_SECONDS)
    }

    /// A retry starts at `now`.
    pub fn retrying(&mut self, now: DateTime<Utc>) {
        self.last_retry = Some(now);
        self.retries += 1;
    }

    /// The distinct reasons, in a stable order, for the banner.
    pub fn reasons(&self) -> Vec<NotSaved> {
        let mut out: Vec<NotSaved> = Vec::new();
        for p in self.incidents.values() {
            if !out.contains(&p.why) {
                out.push(p.why.clone());
            }
        }
        out
    }
}

/// The banner's line for one unsaved incident.
pub fn pending_line(title: &str, entries: usize) -> String {
    if entries == 0 {
        tf!("“{0}”：有修改未能保存到本机", title)
    } else {
        tf!("“{0}”：{1} 条记录只在本页，未能保存到本机", title, entries)
    }
}

/// The banner's line once a retry saved an incident.
pub fn caught_up_line(title: &str, entries: usize) -> String {
    if entries == 0 {
        tf!("已补存：“{0}”已保存到本机。", title)
    } else {
        tf!("已补存：“{0}”的 {1} 条记录已保存到本机。", title, entries)
    }
}

/// localStorage holds about 5 million characters per site in Chromium and Firefox,
/// whatever the site's overall quota says (docs/PERFORMANCE.md measured 5.23 M).
pub const LOCAL_STORAGE_CHARS: usize = 5_000_000;

/// Room an import must leave free for what the app writes next (notes, rises,
/// settings, the other incidents): a tenth of localStorage.
pub const RESERVE_CHARS: usize = LOCAL_STORAGE_CHARS / 10;

/// An import this large (in stored characters) is confirmed before it is made.
pub const LARGE_IMPORT_CHARS: usize = 250_000;

/// What an import of `needed` stored characters would do to a store holding `used` of `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Room {
    /// Small: import at once.
    Fits,
    /// Large, or leaving little free: ask first. Percentages of `limit`.
    Ask { share: u32, left: u32 },
    /// It cannot fit with [`RESERVE_CHARS`] left over: refuse. Characters needed and free.
    TooBig { needed: usize, free: usize },
}

/// Judges the room for an import of `needed` characters.
pub fn room_for(needed: usize, used: usize, limit: usize) -> Room {
    let free = limit.saturating_sub(used);
    if needed + RESERVE_CHARS > free {
        return Room::TooBig { needed, free };
    }
    let percent = |n: usize| u32::try_from(n.saturating_mul(100) / limit.max(1)).unwrap_or(u32::MAX);
    let left = free - needed;
    if needed >= LARGE_IMPORT_CHARS || left < limit / 5 {
        Room::Ask { share: percent(needed).max(1), left: percent(left) }
    } else {
        Room::Fits
    }
}

/// The characters an entry of `json_chars` takes once stored: the entry with its
/// envelope and chain link, encrypted and base64-encoded (a third more) under the lock.
pub fn stored_chars(json_chars: usize, sealed: bool) -> usize {
    let plain = json_chars + 400;
    if sealed { plain / 3 * 4 + 4 } else { plain }
}

/// "约 12.3 万字符", "about 123,456 characters": a size as the screens say it.
pub fn chars_shown(n: usize) -> String {
    use crate::domain::base::i18n::{lang, Lang};
    if n >= 10_000 && lang() == Lang::Zh {
        format!("约 {:.1} 万字符", n as f64 / 10_000.0) // zh-only: Chinese counts in 万; English groups the digits below
    } else {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        tf!("约 {0} 字符", if lang() == Lang::Zh { digits } else { grouped })
    }
}

#[cfg(test)]
#[path = "saving_tests.rs"]
mod tests;
