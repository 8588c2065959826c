//! Choosing and opening this browser's store at start: IndexedDB when the
//! browser gives it (moving in what localStorage held), else localStorage,
//! saying why; with neither, the desk runs from memory and says so on every
//! save (`StoreError::Unavailable`).

use crate::domain::base::sort;
use super::idb::IdbStore;
use super::idb_port::IdbEngine;
use super::idb_load::{raw_text, read_one};
use super::idb_writer::{self, Shared, SharedRef};
use super::keys::INCIDENT_PREFIX;
use super::migrate::{migrate, Stop};
use crate::desk::port::{Change, Loaded, Store, StoreError};
use crate::domain::base::i18n::t;
use crate::tf;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// The app's database on this origin.
pub const DB_NAME: &str = "incident-desk";
/// The layout of the records in it (`idb.rs`); a newer one makes this build read-only.
pub const LAYOUT: u32 = 1;
const LAYOUT_SETTING: &str = "layout";

/// Opens the store the app runs on. `say` shows a message while the start waits
/// (another tab holds an older version of the database open).
pub async fn open_store(name: &str, stop: Stop, say: impl Fn(String) + 'static) -> Box<dyn Store> {
    let mut local = super::local::open();
    let shared: SharedRef = Rc::new(RefCell::new(Shared { key: local.key, ..Shared::default() }));
    let replaced = shared.clone();
    let opened = IdbStore::open_watched(
        name,
        local.key,
        move || say(t("另一个标签页中打开着旧版本的应急处置台，正在等待它关闭数据库；请关闭或刷新那个标签页。").into()),
        move || {
            let mut s = replaced.borrow_mut();
            s.refused = Some(StoreError::Other(t("应急处置台已在另一标签页中更新，本页已停止保存；请刷新本页").into()));
            s.changes.push(Change::Other);
            drop(s);
            idb_writer::wake();
        },
        // The plans are read while the browser opens the database, not after it.
        crate::domain::Plan::prepare_builtin,
    )
    .await;
    let db = match opened {
        Ok(db) => Rc::new(db),
        Err(e) => {
            let why = match e {
                StoreError::Unavailable => t("浏览器未提供").to_string(),
                StoreError::Full => t("存储空间已满").to_string(),
                StoreError::NewerSchema(v) => tf!("数据版本 {0}", v),
                StoreError::Other(m) => m,
            };
            local.notice = Some(tf!("本浏览器的 IndexedDB 不可用（{0}），本机记录改存于 localStorage（上限约 5 MB，可存的事件较少）。如处于无痕窗口或受策略限制，请改用普通窗口。", why));
            return Box::new(local);
        }
    };
    let mut loaded = Loaded::default();
    if let Some(v) = db.newer() {
        shared.borrow_mut().refused = Some(StoreError::NewerSchema(v));
    }
    // Settings and the lock stay in localStorage: refused there, or written by a newer
    // version, is said at start as before (a newer version also makes IndexedDB read-only).
    if let Err(e) = local.check_schema() {
        if matches!(e, StoreError::NewerSchema(_)) {
            shared.borrow_mut().refused = Some(e.clone());
        }
        loaded.blocked = Some(e);
    }
    match db.setting(LAYOUT_SETTING).await {
        Ok(Some(v)) if v.trim().parse::<u32>().is_ok_and(|v| v > LAYOUT) => {
            let v = v.trim().parse::<u32>().unwrap_or(LAYOUT);
            shared.borrow_mut().refused = Some(StoreError::NewerSchema(v));
        }
        Ok(_) if shared.borrow().refused.is_none() => {
            let _ = db.put_setting(LAYOUT_SETTING, &LAYOUT.to_string()).await;
        }
        Ok(_) => {}
        Err(e) => loaded.problems.push(e.to_string()),
    }
    if shared.borrow().refused.is_none() {
        let migrated = migrate(&mut local, &db, &shared, stop).await;
        loaded.problems.extend(migrated.problems);
    }
    let mut quarantined = db.quarantined().await.unwrap_or_default();
    let stored = read_everything(&db, &shared, &mut loaded, &mut quarantined).await;
    // Incidents indexed here whose records are gone were removed outside the app; when
    // the records could not be read at all, that is said once, not as each one gone.
    let read = stored.is_some();
    let stored = stored.unwrap_or_default();
    let mut index = local.read_index();
    // Sets: a thousand stored incidents made these look-ups a million comparisons.
    let held: Vec<String> = loaded.incidents.iter().map(|i| i.id().to_string()).chain(stored).collect();
    let held_set: HashSet<&str> = held.iter().map(String::as_str).collect();
    let in_local: HashSet<String> = local.backend_keys().iter().filter_map(|k| k.strip_prefix(INCIDENT_PREFIX).map(str::to_string)).collect();
    let local_quarantine: Vec<String> = local.quarantined().into_iter().map(|(k, _)| k).collect();
    for id in index.iter().filter(|id| read && !held_set.contains(id.as_str()) && !in_local.contains(*id)) {
        let aside = quarantined.iter().any(|(q, _)| q == id) || local_quarantine.iter().any(|k| k.ends_with(&format!("incident:{id}")));
        if !aside {
            loaded.problems.push(tf!("事件 {0} 的记录已不在本机存储中（在应用之外被删除或清除）；如有备份或事件包，可从中恢复。", id));
        }
    }
    let before = index.len();
    index.extend(held);
    if index.len() != before {
        local.write_index(&index);
    }
    loaded.blocked = shared.borrow().refused.clone().or(loaded.blocked);
    idb_writer::listen(&db, &shared);
    Box::new(IdbEngine { local, db, shared, loaded: Some(loaded), quarantined })
}

/// Reads the summaries the first screen needs; the logs wait on their shelf
/// (`Store::fetch`): those still in progress are read just after the first screen,
/// closed ones when something needs them. Settled incidents (closed, their figures
/// kept) are left out altogether until just after the first screen
/// (`Store::read_settled`), so the start costs about the same whatever is stored.
/// A log is read now only when its summary cannot stand in for it: written by an
/// earlier build (no start time), out of step with the log (a count that differs),
/// or closed without the dashboard's figures. Answers the ids of every stored
/// incident not read in now (`None`: the records could not be read).
async fn read_everything(db: &IdbStore, shared: &SharedRef, loaded: &mut Loaded, quarantined: &mut Vec<(String, String)>) -> Option<Vec<String>> {
    let (records, ids) = match db.start_records().await {
        Ok(found) => found,
        Err(e) => {
            loaded.problems.push(tf!("无法读取 IndexedDB 中的事件记录（{0}），未做任何改动。", e));
            loaded.blocked = Some(e);
            return None;
        }
    };
    let read: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let later: Vec<String> = ids.iter().filter(|id| !read.contains(id.as_str())).cloned().collect();
    loaded.settling = !later.is_empty();
    let key = shared.borrow().key;
    let mut stored: Vec<String> = later.clone();
    shared.borrow_mut().unread = later;
    for record in records {
        let summary = super::codec::open_summary(key.as_ref(), &record.summary);
        match summary {
            Some(summary) if summary.stands_in(record.count) => {
                stored.push(summary.id.clone());
                shared.borrow_mut().summaries.insert(record.id.clone(), summary.clone());
                loaded.shelved.push(summary);
            }
            _ => match db.read_log(&record.id).await {
                Ok(raw) => match read_one(db, shared, &record.id, &raw).await {
                    Ok(decoded) => {
                        loaded.problems.extend(decoded.problems);
                        loaded.chains.push((record.id.clone(), decoded.links));
                        loaded.incidents.push(decoded.incident);
                    }
                    Err(Some(problem)) => {
                        if problem.1 {
                            quarantined.push((record.id.clone(), raw_text(&raw)));
                        }
                        loaded.problems.push(problem.0);
                    }
                    Err(None) => {}
                },
                Err(e) => loaded.problems.push(tf!("无法读取 IndexedDB 中的事件记录（{0}），未做任何改动。", e)),
            },
        }
    }
    sort::by_key(&mut loaded.incidents, |i| i.events()[0].recorded_at);
    Some(stored)
}
