//! Browser tests (wasm-bindgen-test in headless Chromium): real localStorage
//! and the mounted app. Run with `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use incident_desk::domain::{Author, Event, EventKind, Incident};
use incident_desk::desk::port::{Store, StoreError};
use incident_desk::store::local::{self, LocalStore};
use incident_desk::store::keys::incident_key;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// chrono's clock needs a feature we do not build; read the browser's.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap()
}

/// The app's store over this browser's localStorage, opened afresh.
fn store() -> LocalStore {
    local::open()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn incident(id: &str, title: &str) -> Incident {
    let started = now() - Duration::minutes(20);
    let facts = IncidentFacts {
        title: title.into(),
        description: "<b>不应被当作标记</b>".into(),
        discovered_at: started,
        started_at: started,
        period: Period::EndOfDay,
        phenomenon: Phenomenon { kind: PhenomenonKind::Data, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::No,
        reporting_unit: "测试分行".into(),
        reporter: "测试".into(),
        next_start_affected: Answer::Yes,
    };
    let opened = Event {
        id: format!("{id}-e0"),
        occurred_at: started,
        recorded_at: started,
        author: Author { name: "测试".into(), role: "值班".into() },
        kind: EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None },
    };
    Incident::open(id.into(), opened).unwrap()
}

async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn saved_incidents_load_back_unchanged() {
    storage().clear().unwrap();
    let a = incident("a1", "郑商所出入金中断");
    store().save(&a).unwrap();
    let loaded = store().load();
    assert!(loaded.blocked.is_none());
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.incidents, vec![a]);
    assert_eq!(storage().get_item("incident-desk:schema").unwrap().as_deref(), Some("2"));
}

#[wasm_bindgen_test]
fn an_unreadable_entry_is_moved_to_quarantine_whole() {
    storage().clear().unwrap();
    storage().set_item(&incident_key("bad"), "{not json").unwrap();
    store().save(&incident("good", "正常记录")).unwrap();
    let loaded = store().load();
    assert_eq!(loaded.incidents.len(), 1);
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.problems[0].contains("隔离区"), "{}", loaded.problems[0]);
    assert_eq!(storage().get_item(&incident_key("bad")).unwrap(), None, "no longer read as an incident");
    assert_eq!(store().quarantined(), vec![("incident-desk:quarantine:incident:bad".to_string(), "{not json".to_string())]);
    assert_eq!(store().load().problems.len(), 0, "reported once; the copy waits in quarantine");
}

#[wasm_bindgen_test]
fn data_from_a_newer_version_makes_the_store_read_only() {
    storage().clear().unwrap();
    storage().set_item("incident-desk:schema", "99").unwrap();
    assert_eq!(store().load().blocked, Some(StoreError::NewerSchema(99)));
    assert_eq!(store().save(&incident("x", "新版本数据")), Err(StoreError::NewerSchema(99)));
    assert_eq!(storage().get_item(&incident_key("x")).unwrap(), None, "nothing written");
}

#[wasm_bindgen_test]
fn a_full_store_refuses_the_write_and_keeps_the_previous_copy() {
    storage().clear().unwrap();
    let first = incident("q", "存储已满测试");
    store().save(&first).unwrap();
    // Fill storage to the quota with filler keys.
    let chunk = "x".repeat(512 * 1024);
    let mut n = 0;
    while storage().set_item(&format!("filler-{n}"), &chunk).is_ok() {
        n += 1;
        assert!(n < 200, "quota never reached");
    }
    let small = "x".repeat(1024);
    let mut m = 0;
    while storage().set_item(&format!("filler-small-{m}"), &small).is_ok() {
        m += 1;
    }
    let mut bigger = first.clone();
    bigger
        .append(Event {
            id: "q-note".into(),
            occurred_at: now(),
            recorded_at: now(),
            author: Author { name: "测试".into(), role: String::new() },
            kind: EventKind::Note { text: "备注".repeat(2000), major: false },
        })
        .unwrap();
    assert_eq!(store().save(&bigger), Err(StoreError::Full));
    let loaded = store().load();
    assert_eq!(loaded.incidents, vec![first], "the stored copy is the previous one, whole");
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_app_shows_a_stored_incident_with_its_level_and_rule() {
    storage().clear().unwrap();
    store().save(&incident("shown", "数据报送日终异常")).unwrap();
    web_sys::window().unwrap().location().set_hash("#/incident/shown").unwrap();
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap();
    let host = web_sys::window().unwrap().document().unwrap().create_element("div").unwrap();
    body.append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone().unchecked_into(), incident_desk::ui::App).forget();
    // The store opens first (IndexedDB, moving in what localStorage held).
    for _ in 0..100 {
        settle().await;
        if host.query_selector("[data-testid=opening]").unwrap().is_none() {
            break;
        }
    }
    settle().await;
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("数据报送日终异常"), "{text}");
    assert!(text.contains("Ⅱ级"), "a 日终 incident affecting the next start is Ⅱ: {text}");
    assert!(text.contains("第七条（二）"), "{text}");
    assert!(text.contains("总行应急处置工作小组"), "decision authority (第十四条): {text}");
    // User text is shown as text, never parsed as markup.
    assert!(text.contains("<b>不应被当作标记</b>"), "{text}");
    assert!(host.query_selector("dd b").unwrap().is_none());
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn an_unreadable_directory_is_never_overwritten() {
    use incident_desk::domain::business::contacts::Directory;
    storage().clear().unwrap();
    assert_eq!(store().load_directory(), Ok(None));
    store().save_directory(&Directory::default()).unwrap();
    assert_eq!(store().load_directory(), Ok(Some(Directory::default())));
    storage().set_item("incident-desk:directory", "{broken").unwrap();
    let problem = store().load_directory().unwrap_err();
    assert!(problem.contains("原样保留"), "{problem}");
    assert_eq!(storage().get_item("incident-desk:directory").unwrap().as_deref(), Some("{broken"));
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn unreadable_stored_plans_are_reported_and_never_overwritten() {
    use incident_desk::domain::Plan;
    storage().clear().unwrap();
    storage().set_item("incident-desk:plans", "{broken").unwrap();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let state = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        let problems = state.load_problems();
        assert!(problems.iter().any(|p| p.contains("已保存的预案无法读取")), "{problems:?}");
        let mut p = Plan::bank_depository();
        p.version = "1+local.1".into();
        assert!(state.save_plan(p).unwrap_err().contains("为免覆盖"));
    });
    assert_eq!(storage().get_item("incident-desk:plans").unwrap().as_deref(), Some("{broken"));
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn customised_plans_load_back_and_stay_current() {
    use incident_desk::domain::Plan;
    storage().clear().unwrap();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let state = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        let mut p = Plan::bank_depository();
        p.version = "1+local.1".into();
        p.institution = "甲银行".into();
        state.save_plan(p).unwrap();
        let again = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        assert_eq!(again.home_plan().institution, "甲银行");
        assert_eq!(again.home_plan().version, "1+local.1");
    });
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn a_record_written_by_version_1_still_loads_and_is_upgraded_on_save() {
    storage().clear().unwrap();
    storage().set_item("incident-desk:schema", "1").unwrap();
    let v1 = serde_json::json!({ "schema": 1, "data": incident("old", "旧版本数据") });
    storage().set_item(&incident_key("old"), &v1.to_string()).unwrap();
    let loaded = store().load();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.incidents[0].id(), "old");
    assert!(loaded.chains[0].1.is_empty(), "a version-1 record has no chain yet");
    assert_eq!(store().check_chain(&loaded.incidents[0], &loaded.chains[0].1), incident_desk::domain::incidents::integrity::Integrity::Unverified);
    assert_eq!(storage().get_item("incident-desk:schema").unwrap().as_deref(), Some("2"));
    store().save(&loaded.incidents[0]).unwrap();
    let raw = storage().get_item(&incident_key("old")).unwrap().unwrap();
    assert!(raw.starts_with("{\"schema\":2"), "{raw}");
    assert!(raw.contains("\"chain\":[\""));
    storage().clear().unwrap();
}

/// A closed incident's chain is checked after the first screen, not before it; the
/// check is still made, and made at once when anything touches that incident.
#[wasm_bindgen_test]
fn a_closed_incident_altered_in_storage_is_found_after_start_and_before_any_change() {
    storage().clear().unwrap();
    let author = Author { name: "测试".into(), role: "值班".into() };
    let mut closed = incident("shut", "已关闭的事件");
    let at = now() - Duration::minutes(5);
    for (n, kind) in [EventKind::Note { text: "已通知郑商所".into(), major: false }, EventKind::ServiceRestored { note: String::new() }, EventKind::Closed { note: String::new() }].into_iter().enumerate() {
        closed.append(Event { id: format!("shut-e{}", n + 1), occurred_at: at, recorded_at: at, author: author.clone(), kind }).unwrap();
    }
    store().save(&closed).unwrap();
    let key = incident_key("shut");
    let raw = storage().get_item(&key).unwrap().unwrap();
    storage().set_item(&key, &raw.replace("已通知郑商所", "未通知郑商所")).unwrap();

    let broken = |state: &incident_desk::ui::AppState| state.incidents_untracked(|l| l[0].events().iter().any(|e| matches!(e.kind, EventKind::IntegrityBroken { position: 1, .. })));
    leptos::prelude::Owner::new().with(|| {
        let state = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        assert!(!broken(&state), "closed incidents are not checked before the first screen");
        state.settle_all_pending();
        assert!(broken(&state), "the background check records the finding");

        // Touching one before the background reaches it checks it first.
        let again = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        assert!(broken(&again), "the finding was saved with the log");
        storage().set_item(&key, &raw.replace("已通知郑商所", "改过的记录")).unwrap();
        let third = incident_desk::ui::AppState::load(Box::new(incident_desk::store::local::open()));
        third.settle_pending("shut");
        assert!(broken(&third));
    });
    storage().clear().unwrap();
}

/// A record of today's schema always carries its chain: one whose chain was emptied
/// outside the app is reported as altered, not sealed anew as if it were an old record.
#[wasm_bindgen_test]
fn a_stripped_chain_is_reported_not_trusted() {
    storage().clear().unwrap();
    store().save(&incident("bare", "链被删除")).unwrap();
    let key = incident_key("bare");
    let raw = storage().get_item(&key).unwrap().unwrap();
    let start = raw.find("\"chain\":[").unwrap();
    let end = start + raw[start..].find(']').unwrap();
    storage().set_item(&key, &format!("{}\"chain\":[{}", &raw[..start], &raw[end..])).unwrap();
    let loaded = store().load();
    assert!(matches!(
        store().check_chain(&loaded.incidents[0], &loaded.chains[0].1),
        incident_desk::domain::incidents::integrity::Integrity::BrokenAt { position: 0, .. }
    ));
    storage().clear().unwrap();
}
