//! One localStorage key per incident, each wrapped with the schema version.
//!
//! Rules: an entry that cannot be read is reported and left untouched (never
//! overwritten); data written by a newer schema makes the store read-only; a
//! failed write leaves the previous value in place and is reported.

use crate::domain::i18n::t;
use crate::domain::integrity::Integrity;
use crate::tf;
use crate::domain::Incident;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// The schema this build writes; older stored records are migrated on read (domain::migrate).
pub const SCHEMA_VERSION: u32 = crate::domain::migrate::CURRENT;
const PREFIX: &str = "incident-desk:";
const INCIDENT_PREFIX: &str = "incident-desk:incident:";
const SCHEMA_KEY: &str = "incident-desk:schema";
const QUARANTINE_PREFIX: &str = "incident-desk:quarantine:";
/// The ids of every incident saved here (ids only: titles stay sealed under the lock).
/// A key that vanishes while its id is still indexed was deleted outside the app.
const INDEX_KEY: &str = "incident-desk:index";

fn read_index(s: &web_sys::Storage) -> std::collections::BTreeSet<String> {
    s.get_item(INDEX_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok()).unwrap_or_default()
}

/// Best effort: the index is a check, not the data; a failed write loses nothing.
fn write_index(s: &web_sys::Storage, ids: &std::collections::BTreeSet<String>) {
    if let Ok(json) = serde_json::to_string(ids) {
        let _ = s.set_item(INDEX_KEY, &json);
    }
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    schema: u32,
    data: T,
}

/// An incident as stored: the log and the hash chain over it (integrity.rs).
/// Incidents saved before the chain existed load with an empty one.
#[derive(Serialize, Deserialize)]
struct StoredIncident<I> {
    schema: u32,
    data: I,
    #[serde(default)]
    chain: Vec<String>,
}

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

/// With the lock on, a record is stored as `{"schema":2,"sealed":"…"}`: the
/// plain JSON, encrypted. Without it, the plain JSON itself.
fn encode(plain: String) -> String {
    match super::lock::key() {
        Some(key) => {
            let sealed = crate::domain::seal::seal(&key, super::lock::random::<12>(), plain.as_bytes());
            format!("{{\"schema\":{SCHEMA_VERSION},\"sealed\":\"{sealed}\"}}")
        }
        None => plain,
    }
}

/// The plain JSON of a stored value, opening it when sealed.
fn decode(raw: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Sealed {
        sealed: String,
    }
    if !raw.contains("\"sealed\"") {
        return Ok(raw.to_string());
    }
    let Ok(s) = serde_json::from_str::<Sealed>(raw) else { return Ok(raw.to_string()) };
    let key = super::lock::key().ok_or(t("已加密，需先输入口令解锁"))?;
    let plain = crate::domain::seal::open(&key, &s.sealed).ok_or(t("无法解密（口令不符或内容被改动）"))?;
    String::from_utf8(plain).map_err(|e| e.to_string())
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub incidents: Vec<Incident>,
    /// The chain saved with each incident, to check against its log (`check_chain`).
    pub chains: Vec<(String, Vec<String>)>,
    /// One message per entry that could not be read (left untouched).
    pub problems: Vec<String>,
    /// Set when saving is refused for the whole store.
    pub blocked: Option<StoreError>,
}

fn storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StoreError::Unavailable)
}

fn classify_js_error(err: wasm_bindgen::JsValue) -> StoreError {
    let name = err.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StoreError::Full
    } else {
        let msg = err.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or(name);
        StoreError::Other(msg)
    }
}

fn write(key: &str, value: &str) -> Result<(), StoreError> {
    storage()?.set_item(key, value).map_err(classify_js_error)
}

/// The schema found on this browser, writing ours on first use.
fn check_schema(s: &web_sys::Storage) -> Result<(), StoreError> {
    match s.get_item(SCHEMA_KEY).ok().flatten() {
        None => write(SCHEMA_KEY, &SCHEMA_VERSION.to_string()),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(v) if v > SCHEMA_VERSION => Err(StoreError::NewerSchema(v)),
            // Older records are migrated as they are read and rewritten on their next save.
            Ok(v) if v < SCHEMA_VERSION => write(SCHEMA_KEY, &SCHEMA_VERSION.to_string()),
            Ok(_) => Ok(()),
            Err(_) => Err(StoreError::Other(tf!("数据版本标记无法识别（{0}）", v))),
        },
    }
}

pub fn incident_key(id: &str) -> String {
    format!("{INCIDENT_PREFIX}{id}")
}

/// Every incident stored on this browser, oldest first by opening time.
pub fn load() -> Loaded {
    let mut loaded = Loaded::default();
    let s = match storage() {
        Ok(s) => s,
        Err(e) => {
            loaded.blocked = Some(e);
            return loaded;
        }
    };
    if let Err(e) = check_schema(&s) {
        loaded.blocked = Some(e);
    }
    let len = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..len).filter_map(|i| s.key(i).ok().flatten()).collect();
    // Every readable copy, grouped by incident id: two keys may hold one incident.
    let mut copies: Vec<(String, Vec<(String, StoredIncident<Incident>, usize)>)> = Vec::new();
    for key in keys.iter().filter(|k| k.starts_with(INCIDENT_PREFIX)) {
        let Some(raw) = s.get_item(key).ok().flatten() else { continue };
        let read = decode(&raw).and_then(|plain| read_stored(&plain));
        match read {
            Ok(stored) => {
                let id = stored.data.id().to_string();
                let copy = (key.clone(), stored, raw.len());
                match copies.iter_mut().find(|(x, _)| *x == id) {
                    Some((_, list)) => list.push(copy),
                    None => copies.push((id, vec![copy])),
                }
            }
            Err(e) => loaded.problems.push(match quarantine(&s, key, &raw) {
                Ok(q) => tf!("存储项 {0} 无法读取（{1}），原始内容已原样移入隔离区 {2}，可下载保存。", key, e, q),
                Err(_) => tf!("存储项 {0} 无法读取（{1}），已原样保留，未做任何改动。", key, e),
            }),
        }
    }
    for (id, list) in copies {
        let (incident, chain, written, problems) = one_of_each(&id, list);
        if let Some(len) = written {
            LAST_WRITTEN.with(|w| w.borrow_mut().insert(id.clone(), len));
        }
        loaded.problems.extend(problems);
        loaded.chains.push((id, chain));
        loaded.incidents.push(incident);
    }
    // Indexed incidents whose record is gone were removed outside the app: say so.
    let mut index = read_index(&s);
    let quarantined: Vec<String> = keys.iter().filter_map(|k| k.strip_prefix(QUARANTINE_PREFIX).map(|x| x.trim_start_matches("incident:").to_string())).collect();
    for id in &index {
        let present = keys.contains(&incident_key(id));
        if !present && !quarantined.contains(id) {
            loaded.problems.push(tf!("事件 {0} 的记录已不在本机存储中（在应用之外被删除或清除）；如有备份或事件包，可从中恢复。", id));
        }
    }
    let before = index.len();
    index.extend(loaded.incidents.iter().map(|i| i.id().to_string()));
    if index.len() != before {
        write_index(&s, &index);
    }
    loaded.incidents.sort_by_key(|i| i.events()[0].recorded_at);
    loaded
}

/// One incident from every stored copy of it (`integrity::one_of_copies`), with the
/// stored length when the log is exactly what the incident's own key holds.
fn one_of_each(id: &str, list: Vec<(String, StoredIncident<Incident>, usize)>) -> (Incident, Vec<String>, Option<usize>, Vec<String>) {
    let own = incident_key(id);
    let own_len = list.iter().find(|(k, _, _)| *k == own).map(|(_, _, len)| *len);
    let copies = list.into_iter().map(|(k, stored, _)| (k, stored.data, stored.chain)).collect();
    let one = crate::domain::integrity::one_of_copies(&own, copies);
    let written = if one.exactly_own { own_len } else { None };
    (one.incident, one.chain, written, one.problems)
}

/// A stored incident record. Records we write today start `{"schema":N,` and parse
/// straight into the log; anything else goes through the migrations as a JSON value.
///
/// Every record of schema 2 or later was written with its chain, so an empty chain in
/// one was removed outside the app: it comes back as a chain that matches nothing, and
/// the check reports the log as altered from its first entry instead of sealing it anew.
fn read_stored(plain: &str) -> Result<StoredIncident<Incident>, String> {
    let current = format!("{{\"schema\":{},", crate::domain::migrate::CURRENT);
    let (mut stored, chained): (StoredIncident<Incident>, bool) = if plain.starts_with(&current) {
        (serde_json::from_str(plain).map_err(|e| e.to_string())?, true)
    } else {
        let value = serde_json::from_str::<serde_json::Value>(plain).map_err(|e| e.to_string())?;
        let chained = value.get("schema").and_then(serde_json::Value::as_u64).is_some_and(|v| v >= 2);
        let migrated = crate::domain::migrate::incident(value)?;
        (serde_json::from_value(migrated).map_err(|e| e.to_string())?, chained)
    };
    if chained && stored.chain.is_empty() {
        stored.chain = vec![String::new()];
    }
    Ok(stored)
}

/// The incident's log against the chain saved with it, hashed afresh (never from the
/// cache: the cache trusts event ids, and an edit outside the app keeps them). The chain
/// computed here is then kept, so the first save afterwards hashes only what is new.
pub fn check_chain(incident: &Incident, saved: &[String]) -> Integrity {
    let links = crate::domain::integrity::chain(incident);
    let found = crate::domain::integrity::compare(incident, &links, saved);
    let ids = incident.events().iter().map(|e| e.id.clone()).collect();
    CHAINS.with(|c| c.borrow_mut().insert(incident.id().to_string(), (ids, links)));
    found
}

/// One incident as stored now: `Ok(None)` if absent, `Err` if unreadable.
pub fn load_incident(id: &str) -> Result<Option<Incident>, StoreError> {
    let s = storage()?;
    match s.get_item(&incident_key(id)).ok().flatten() {
        None => Ok(None),
        Some(raw) => decode(&raw)
            .and_then(|plain| read_stored(&plain))
            .map(|stored| Some(stored.data))
            .map_err(|e| StoreError::Other(tf!("已存的该事件记录无法读取（{0}），为免覆盖，未写入", e))),
    }
}

thread_local! {
    /// Length of what this tab last wrote per incident. Logs only grow, so a
    /// stored value of that same length is still ours and need not be re-read.
    static LAST_WRITTEN: std::cell::RefCell<std::collections::HashMap<String, usize>> = Default::default();
    /// The chain this tab last wrote per incident, with the event ids it covers: a save
    /// then hashes only the events after the unchanged prefix (logs only grow; a merge
    /// that reorders events shortens the prefix).
    static CHAINS: std::cell::RefCell<std::collections::HashMap<String, (Vec<String>, Vec<String>)>> = Default::default();
}

/// The incident's chain, reusing the links of the unchanged start of its log.
pub fn chain_of(incident: &Incident) -> Vec<String> {
    let known: Vec<String> = CHAINS.with(|c| {
        c.borrow().get(incident.id()).map_or_else(Vec::new, |(ids, links)| {
            let same = ids.iter().zip(incident.events()).take_while(|(id, e)| **id == e.id).count();
            links[..same].to_vec()
        })
    });
    let links = crate::domain::integrity::continue_chain(incident, &known);
    let ids = incident.events().iter().map(|e| e.id.clone()).collect();
    CHAINS.with(|c| c.borrow_mut().insert(incident.id().to_string(), (ids, links.clone())));
    links
}

/// Moves an unreadable value aside, whole: copied first, removed only once the
/// copy is written, so it is never lost and never read as an incident again.
fn quarantine(s: &web_sys::Storage, key: &str, raw: &str) -> Result<String, StoreError> {
    let q = format!("{QUARANTINE_PREFIX}{}", key.trim_start_matches(PREFIX));
    s.set_item(&q, raw).map_err(classify_js_error)?;
    if s.get_item(&q).ok().flatten().as_deref() == Some(raw) {
        let _ = s.remove_item(key);
    }
    Ok(q)
}

/// Characters this app holds in localStorage (keys and values), the measure
/// localStorage's own limit is counted in.
pub fn used_chars() -> usize {
    let Ok(s) = storage() else { return 0 };
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .map(|k| k.chars().count() + s.get_item(&k).ok().flatten().map_or(0, |v| v.chars().count()))
        .sum()
}

/// Values in quarantine: (key, raw text), for the user to download.
pub fn quarantined() -> Vec<(String, String)> {
    let Ok(s) = storage() else { return Vec::new() };
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(QUARANTINE_PREFIX))
        .filter_map(|k| s.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect()
}

/// Writes one incident, first taking in whatever another tab saved of it since
/// (a union of both logs), so no tab's entries are overwritten. Returns the
/// log as written. On failure the stored copy is unchanged.
pub fn save(incident: &Incident) -> Result<Incident, StoreError> {
    let s = storage()?;
    check_schema(&s)?;
    let key = incident_key(incident.id());
    let mut merged = incident.clone();
    let stored_len = s.get_item(&key).ok().flatten().map(|raw| raw.len());
    let ours = LAST_WRITTEN.with(|w| w.borrow().get(incident.id()).copied());
    if stored_len.is_some() && stored_len != ours {
        if let Some(stored) = load_incident(incident.id())? {
            merged.merge(&stored);
        }
    }
    let value = encode(
        serde_json::to_string(&StoredIncident { schema: SCHEMA_VERSION, data: &merged, chain: chain_of(&merged) })
            .map_err(|e| StoreError::Other(e.to_string()))?,
    );
    write(&key, &value)?;
    LAST_WRITTEN.with(|w| w.borrow_mut().insert(incident.id().to_string(), value.len()));
    let mut index = read_index(&s);
    if index.insert(incident.id().to_string()) {
        write_index(&s, &index);
    }
    Ok(merged)
}

/// Removes an archived incident from this browser (the user has its file).
pub fn remove_incident(id: &str) -> Result<(), StoreError> {
    let s = storage()?;
    let mut index = read_index(&s);
    index.remove(id);
    write_index(&s, &index);
    s.remove_item(&incident_key(id)).map_err(classify_js_error)?;
    LAST_WRITTEN.with(|w| w.borrow_mut().remove(id));
    Ok(())
}

/// The incident id a storage key belongs to, if it is one of ours.
pub fn incident_id_of_key(key: &str) -> Option<&str> {
    key.strip_prefix(INCIDENT_PREFIX)
}

/// Small settings values (operator name and role…), outside the incident data.
/// Missing or unreadable gives `None`: settings are cheap to enter again.
pub fn load_setting<T: for<'de> Deserialize<'de>>(name: &str) -> Option<T> {
    use gloo_storage::Storage;
    // gloo throws when storage is blocked; ask the browser first.
    storage().ok()?;
    gloo_storage::LocalStorage::get(format!("{PREFIX}setting:{name}")).ok()
}

/// A stored document that must not be lost (the contacts directory):
/// `Ok(None)` when absent, `Err` when present but unreadable, so the caller
/// can refuse to overwrite it.
pub fn load_document<T: for<'de> Deserialize<'de>>(name: &str) -> Result<Option<T>, String> {
    let s = storage().map_err(|e| e.to_string())?;
    let key = format!("{PREFIX}{name}");
    match s.get_item(&key).ok().flatten() {
        None => Ok(None),
        Some(raw) => decode(&raw)
            .and_then(|plain| serde_json::from_str::<Stored<T>>(&plain).map_err(|e| e.to_string()))
            .map(|stored| Some(stored.data))
            .map_err(|e| tf!("存储项 {0} 无法读取（{1}），已原样保留；在处理之前，相关修改不会保存。", key, e)),
    }
}

pub const DIRECTORY: &str = "directory";
/// Plan versions customised or imported here (the built-in ones are not stored).
pub const PLANS: &str = "plans";

/// The storage key of a document, for telling which one another tab changed.
pub fn document_key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

pub fn save_document<T: Serialize>(name: &str, value: &T) -> Result<(), StoreError> {
    let s = storage()?;
    check_schema(&s)?;
    let json = serde_json::to_string(&Stored { schema: SCHEMA_VERSION, data: value })
        .map_err(|e| StoreError::Other(e.to_string()))?;
    write(&format!("{PREFIX}{name}"), &encode(json))
}

pub fn save_setting<T: Serialize>(name: &str, value: &T) -> Result<(), StoreError> {
    check_schema(&storage()?)?;
    let json = serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))?;
    write(&format!("{PREFIX}setting:{name}"), &json)
}

/// A failed restore write in a few words: the usual messages say the change is kept on
/// the page, which is not so for a restore (it is put back whole).
fn restore_error(e: StoreError) -> String {
    match e {
        StoreError::Full => t("浏览器存储空间已满；可先导出备份，再归档已关闭的事件以释放空间").into(),
        StoreError::Unavailable => t("浏览器存储不可用").into(),
        StoreError::NewerSchema(v) => tf!("本机数据由较新版本（数据版本 {0}）写入，当前版本为只读", v),
        StoreError::Other(msg) => msg,
    }
}

/// The writes of a restore (`domain::backup::apply`), to this browser's storage. Before
/// each write it reads the raw values the write replaces (the incident's record and the
/// index, or the document), so a restore that fails midway puts them back as they were.
#[derive(Default)]
pub struct RestoreTarget {
    /// Each incident as written (merged with what another tab stored meanwhile).
    pub written: Vec<Incident>,
}

impl crate::domain::backup::Target for RestoreTarget {
    type Previous = Vec<(String, Option<String>)>;

    fn previous(&self, write: &crate::domain::backup::Write) -> Self::Previous {
        use crate::domain::backup::Write;
        let Ok(s) = storage() else { return Vec::new() };
        let keys = match write {
            Write::Plans(_) => vec![document_key(PLANS)],
            Write::Incident(i) => vec![incident_key(i.id()), INDEX_KEY.to_string()],
            Write::Directory(_) => vec![document_key(DIRECTORY)],
        };
        keys.into_iter().map(|k| {
            let v = s.get_item(&k).ok().flatten();
            (k, v)
        }).collect()
    }

    fn write(&mut self, write: &crate::domain::backup::Write) -> Result<(), String> {
        use crate::domain::backup::Write;
        match write {
            Write::Plans(plans) => {
                // Versions another tab stored meanwhile are kept; the same version with
                // other content fails the write (and so the restore).
                let mut all: Vec<crate::domain::Plan> = load_document(PLANS)?.unwrap_or_default();
                for p in plans {
                    match all.iter().find(|x| x.key() == p.key()) {
                        Some(x) if x != p => return Err(tf!("版本 {0} 已存在且内容不同；请为修改后的预案使用新的版本号", p.key())),
                        Some(_) => {}
                        None => all.push(p.clone()),
                    }
                }
                save_document(PLANS, &all).map_err(restore_error)
            }
            Write::Incident(i) => save(i).map(|merged| self.written.push(merged)).map_err(restore_error),
            Write::Directory(d) => save_document(DIRECTORY, d).map_err(restore_error),
        }
    }

    fn put_back(&mut self, previous: Self::Previous) -> Result<(), String> {
        let s = storage().map_err(|e| e.to_string())?;
        for (key, value) in previous {
            match value {
                Some(v) => s.set_item(&key, &v),
                None => s.remove_item(&key),
            }
            .map_err(|e| tf!("{0}：{1}", key, classify_js_error(e)))?;
            if let Some(id) = incident_id_of_key(&key) {
                LAST_WRITTEN.with(|w| w.borrow_mut().remove(id));
                CHAINS.with(|c| c.borrow_mut().remove(id));
                self.written.retain(|i| i.id() != id);
            }
        }
        Ok(())
    }
}
