//! What the desk needs from the world, as traits: the time, new ids, and a
//! store. The browser supplies one set (`store::local`, the wall clock, WebCrypto
//! ids); host tests supply another (`store::memory`, a clock they move by hand).
//!
//! The store is shaped for an asynchronous engine: `append` hands the new events
//! of one incident over and answers with a `Receipt`. An engine that confirms at
//! once (localStorage) answers `Written`; one that confirms later (IndexedDB)
//! answers `Queued`, and its confirmations arrive through `confirmations`. The desk
//! keeps every appended event in memory either way and calls it saved only once
//! the engine confirmed it.

use crate::domain::files::backup::{Applied, RestorePlan};
use crate::domain::business::contacts::Directory;
use crate::domain::base::i18n::t;
use crate::domain::incidents::integrity::Integrity;
use crate::domain::base::seal::{Key, Lock};
use crate::domain::{Incident, Plan};
use crate::tf;
use chrono::{DateTime, Utc};

/// The current instant. The desk asks for it when it needs it (a command may
/// read it twice: when an entry is recorded and when the rules are applied).
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// New record ids (32 lowercase hex digits: `packet::is_valid_id`).
pub trait Ids {
    fn new_id(&mut self) -> String;
}

/// Why the store refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    Unavailable,
    Full,
    NewerSchema(u32),
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable => f.write_str(t("浏览器存储不可用（可能处于无痕模式或已禁用存储），本次修改只保存在当前页面中，关闭页面将丢失。")),
            StoreError::Full => f.write_str(t("浏览器存储空间已满，本次修改未能保存，只保存在当前页面中，请勿关闭或刷新页面。请在事件列表页“备份与恢复”中先导出完整备份，再归档已关闭的事件以释放空间。")),
            StoreError::NewerSchema(v) => f.write_str(&tf!("本机数据由较新版本（数据版本 {0}）写入，当前版本为只读，以免覆盖新数据。请使用最新版本的应急处置台。", v)),
            StoreError::Other(msg) => f.write_str(&tf!("保存失败：{0}。本次修改只保存在当前页面中。", msg)),
        }
    }
}

/// What the store holds at start.
#[derive(Debug, Default)]
pub struct Loaded {
    pub incidents: Vec<Incident>,
    /// The chain saved with each incident, to check against its log (`Store::check_chain`).
    pub chains: Vec<(String, Vec<String>)>,
    /// One message per entry that could not be read (left untouched).
    pub problems: Vec<String>,
    /// Said at start about the store itself (IndexedDB unavailable: which engine runs instead).
    pub notices: Vec<String>,
    /// Set when saving is refused for the whole store.
    pub blocked: Option<StoreError>,
    /// Stored incidents whose logs were not read at start (on an engine that keeps
    /// summaries): open ones are read just after the first screen, closed ones when
    /// needed (`Store::fetch`).
    pub shelved: Vec<Summary>,
    /// Whether the summaries of settled incidents (closed, their figures kept) are
    /// still to come: the start reads only what it needs for the first screen, and
    /// `Store::read_settled` brings the rest as one `Change::Settled`.
    pub settling: bool,
}

/// One incident as the list shows it, without its log: what an engine that keeps
/// a summary beside each log can answer without reading the logs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    #[serde(deserialize_with = "crate::domain::base::instant_serde::deserialize")]
    pub opened_at: DateTime<Utc>,
    pub events: usize,
    pub closed: bool,
    pub drill: bool,
    /// What the list shows of an incident whose log is not read yet.
    #[serde(default)]
    pub level: Option<crate::domain::Level>,
    #[serde(default, deserialize_with = "crate::domain::base::instant_serde::deserialize_option")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::domain::base::instant_serde::deserialize_option")]
    pub restored_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub plan_version: String,
    /// What the dashboard counts of it, for a closed incident (computed by the desk,
    /// which knows its plan): with these a closed incident starts on the shelf.
    #[serde(default)]
    pub figures: Option<crate::domain::reports::stats::Figures>,
}

impl Summary {
    pub fn of(incident: &Incident) -> Summary {
        let state = incident.state();
        Summary {
            id: incident.id().to_string(),
            title: state.facts.title.clone(),
            opened_at: incident.events()[0].recorded_at,
            events: incident.events().len(),
            closed: state.closed,
            drill: incident.drill_setup().is_some(),
            level: state.level,
            started_at: Some(state.facts.started_at),
            restored_at: state.restored_at,
            plan_id: state.plan_id.clone(),
            plan_version: state.plan_version.clone(),
            figures: None,
        }
    }
}

impl Summary {
    /// Whether the summary alone can stand in for the stored log of `count` events:
    /// in step with it, and written by a build that keeps the start time.
    pub fn stands_in(&self, count: usize) -> bool {
        self.events == count && self.started_at.is_some() && (!self.closed || self.figures.is_some())
    }

    /// Closed with its figures kept: nothing on the first screen needs it, so its
    /// summary is read just after (the store marks such records, `Loaded::settling`).
    pub fn settled(&self) -> bool {
        self.closed && self.figures.is_some()
    }

    /// Whether the dashboard counts it as 处置中 (`stats_of_lines`: real, not restored).
    pub fn in_progress(&self) -> bool {
        !self.closed && !self.drill && self.restored_at.is_none()
    }

    /// What the dashboard counts of a shelved incident, from its summary alone
    /// (`None` without figures: an open incident, counted once its log is read).
    pub fn line(&self) -> Option<crate::domain::reports::stats::Line> {
        Some(crate::domain::reports::stats::Line {
            drill: self.drill,
            level: self.level,
            started_at: self.started_at?,
            restored_at: self.restored_at,
            figures: self.figures.clone()?,
        })
    }
}

/// What became of an append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Receipt {
    /// Written now; the log as written (merged with what another tab stored meanwhile).
    Written(Incident),
    /// Refused now; the stored copy is unchanged.
    Failed(StoreError),
    /// Handed to an engine that confirms later (`Store::confirmations`).
    Queued,
}

/// An engine's later answer to a `Queued` append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub incident_id: String,
    /// `Ok(None)`: the log handed over was written as it was, so memory (which may
    /// hold more since) needs no merge; comparing 10,000 entries only to learn that
    /// was most of the wait after a transfer. `Ok(Some(log))`: entries stored
    /// meanwhile (another tab's) were taken in first; this is the log as written.
    pub result: Result<Option<Incident>, StoreError>,
}

/// Something another tab (or, later, another workstation) changed in the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Incident(String),
    /// A shelved log that `fetch` could not read: it leaves the shelf for this
    /// session, with the message for the user (`None`: it is gone, nothing to say).
    Unreadable { id: String, problem: Option<String> },
    /// The summaries of settled incidents, read after the first screen (`Loaded::settling`).
    Settled(Vec<Summary>),
    /// Something the store could not do in the background, to show with the start's
    /// problems (the settled summaries could not be read: they stay awaited).
    Problem(String),
    Directory,
    Plans,
    /// Anything else (settings, or storage cleared): what waits to be saved may fit now.
    Other,
}

/// The storage port. Every method is about stored data; none knows the plan's rules.
pub trait Store {
    /// Everything readable at start; what cannot be read is reported and left untouched.
    fn load(&mut self) -> Loaded;
    /// The incidents' summaries, for a list that does not need their logs.
    fn summaries(&mut self) -> Vec<Summary>;
    /// One incident as stored now: `Ok(None)` if absent, `Err` if unreadable.
    fn load_incident(&mut self, id: &str) -> Result<Option<Incident>, StoreError>;
    /// Stores `incident`, whose events `fresh` are new since it was last handed over.
    fn append(&mut self, incident: &Incident, fresh: &[String]) -> Receipt;
    /// Answers to earlier `Queued` appends, oldest first. An engine that confirms at
    /// once has none.
    fn confirmations(&mut self) -> Vec<Confirmation> {
        Vec::new()
    }
    /// Reads the logs of shelved incidents in the background; each arrives as a
    /// `Change::Incident` and through `load_incident`, its stored chain through
    /// `take_chain`. An engine that shelves nothing has nothing to do.
    fn fetch(&mut self, _ids: &[String]) {}
    /// Reads the summaries left out at start (`Loaded::settling`) in the background;
    /// they arrive as one `Change::Settled`. An engine that reads everything at start
    /// has nothing to do.
    fn read_settled(&mut self) {}
    /// The stored chain of an incident `fetch` brought in, once.
    fn take_chain(&mut self, _id: &str) -> Option<Vec<String>> {
        None
    }
    /// Removes an incident (after it was archived to a file).
    fn remove_incident(&mut self, id: &str) -> Result<(), StoreError>;
    /// The incident's log against the chain stored with it, hashed afresh.
    fn check_chain(&mut self, incident: &Incident, saved: &[String]) -> Integrity;
    /// The incident's hash chain as it would be stored now.
    fn chain(&mut self, incident: &Incident) -> Vec<String>;
    /// Keeps the dashboard's figures of a closed incident with its summary. Returns
    /// whether the stored summary lacks them (then an append with nothing new writes it).
    /// An engine that keeps no summaries ignores them.
    fn keep_figures(&mut self, _id: &str, _figures: crate::domain::reports::stats::Figures) -> bool {
        false
    }
    /// The last link of that chain (the integrity line shows it after every entry):
    /// an engine that holds the stored head extends it by the new events only.
    fn chain_head(&mut self, incident: &Incident) -> String {
        self.chain(incident).pop().unwrap_or_default()
    }

    /// The plan versions made here: `Err` when stored but unreadable (never overwritten then).
    fn load_plans(&mut self) -> Result<Option<Vec<Plan>>, String>;
    fn save_plans(&mut self, plans: &[Plan]) -> Result<(), StoreError>;
    fn load_directory(&mut self) -> Result<Option<Directory>, String>;
    fn save_directory(&mut self, directory: &Directory) -> Result<(), StoreError>;
    /// A small setting's JSON; missing or unreadable gives `None`.
    fn setting(&mut self, name: &str) -> Option<String>;
    fn save_setting(&mut self, name: &str, json: &str) -> Result<(), StoreError>;

    /// Writes a restore or packet import: all of it or nothing (`backup::apply`);
    /// returns each incident as written.
    fn restore(&mut self, plan: &RestorePlan) -> (Applied, Vec<Incident>);

    /// The passphrase lock's record, if one is set up.
    fn lock(&mut self) -> Option<Lock>;
    fn write_lock(&mut self, lock: Option<&Lock>) -> Result<(), String>;
    /// Seals what is written from now on with `key` (`None`: plain).
    fn set_key(&mut self, key: Option<Key>);
    fn key(&self) -> Option<Key>;

    /// Changes made elsewhere since the last call, oldest first.
    fn changes(&mut self) -> Vec<Change>;
    /// Values moved aside because they could not be read: (key, raw text).
    fn quarantined(&mut self) -> Vec<(String, String)>;
    /// Keeps `raw`, text that came from elsewhere and was not taken in (a document
    /// the sync server sent), in the quarantine under `name`, beside the values moved aside.
    fn set_aside(&mut self, name: &str, raw: &str) -> Result<(), StoreError>;
    /// Characters this app holds (keys and values), the measure localStorage's limit counts.
    fn used_chars(&mut self) -> usize;
    /// The characters a write can run into (localStorage's own limit), or `None` when
    /// the engine is bounded by the site's quota only (IndexedDB: gigabytes).
    fn char_limit(&self) -> Option<usize> {
        Some(crate::domain::files::saving::LOCAL_STORAGE_CHARS)
    }
}

/// A setting read as `T`.
pub fn load_setting<T: serde::de::DeserializeOwned>(store: &mut dyn Store, name: &str) -> Option<T> {
    store.setting(name).and_then(|json| serde_json::from_str(&json).ok())
}

/// A setting written as JSON.
pub fn save_setting<T: serde::Serialize>(store: &mut dyn Store, name: &str, value: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))?;
    store.save_setting(name, &json)
}
