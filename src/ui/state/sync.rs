//! Sharing with the bank's CouchDB (issue 17): started from Settings → 同步 with a
//! password kept in this tab's memory only; pulled entries are taken in as they
//! come, the logs here are offered after each tick, and the header says how it goes.

use super::AppState;
use crate::domain::base::i18n::t;
use crate::domain::sync::settings::SyncSettings;
use crate::store::couch::{Checkpoint, Lane, Method, Request, Status};
use crate::store::couch_http::{send, Server};
use crate::store::sync_engine::SyncEngine;
use crate::tf;
use leptos::prelude::*;

const SETTINGS: &str = "sync";
const CHECKPOINT: &str = "sync-checkpoint";
/// Stored logs asked for each second to be shared (each is asked of the store once).
const SHELVED_PER_TICK: usize = 20;

/// The checkpoint kept with the database it belongs to: settings pointed at another
/// database start from nothing there (its own feed, its own documents).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Kept {
    db_url: String,
    checkpoint: Checkpoint,
}

thread_local! {
    /// The database and checkpoint revision last stored, so an unchanged checkpoint is
    /// neither copied nor written each second.
    static LAST_SAVED: std::cell::RefCell<Option<(String, u64)>> = const { std::cell::RefCell::new(None) };
}

/// What a running engine does each tick, stored beside it.
pub(super) type EngineTick = fn(&AppState, &SyncEngine);

/// The header's line: whether all is well, and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncLine {
    pub ok: bool,
    pub text: String,
}

fn server_of(settings: &SyncSettings, password: &str) -> Result<Server, String> {
    let checked = settings.check()?;
    if let Some(origin) = &checked.origin {
        if !crate::domain::sync::settings::policy_allows(&crate::ui::browser::policy::page_policy(), origin) {
            return Err(tf!("本应用的这一版本不允许连接 {0}（只允许本网站和生成时指定的同步服务器）：请经本应用所在网站转发，地址填写路径（如 /couch）；或请管理员按 docs/SYNC.md 以 SYNC_ORIGIN={0} 重新生成本应用", origin));
        }
    }
    Ok(Server { db_url: checked.db_url, user: settings.user.trim().to_string(), password: password.to_string() })
}

impl AppState {
    pub fn sync_settings(&self) -> SyncSettings {
        self.setting::<SyncSettings>(SETTINGS).unwrap_or_default()
    }

    /// Tries the settings without starting: the database reached, the rule in place.
    /// `Err((message, rule_missing))`: what is wrong, and whether installing the rule
    /// (an administrator's account) would put it right.
    pub async fn test_sync(&self, settings: SyncSettings, password: String) -> Result<String, (String, bool)> {
        match self.rule_in_place(settings, password).await {
            Ok(true) => Ok(t("连接正常，服务器上的记录规则已就位。").into()),
            Ok(false) => Err((t("连接正常，但数据库中没有本应用的记录规则（只追加、不可改）；请服务器管理员按 docs/SYNC.md 安装，或用管理员账户在此安装，然后再开启同步。").into(), true)),
            Err(m) => Err((m, false)),
        }
    }

    /// Whether the database is reached and holds the app's rule; `Err`: what stands in the way.
    async fn rule_in_place(&self, settings: SyncSettings, password: String) -> Result<bool, String> {
        let server = server_of(&settings, &password)?;
        match send(&server, &Request { lane: Lane::Pull, method: Method::Get, path: String::new(), body: None }).await {
            None => return Err(t("无法连接同步服务器：请检查地址，以及本机能否访问内网").into()),
            Some((401, _)) => return Err(t("同步服务器拒绝登录：用户名或密码不正确，请在“设置 → 同步”中重新输入").into()),
            Some((404, _)) => return Err(t("同步服务器上没有这个数据库，请检查“设置 → 同步”中的数据库名称").into()),
            Some((200, _)) => {}
            Some((status, _)) => return Err(tf!("同步服务器回答了 {0}，请联系服务器管理员", status)),
        }
        Ok(matches!(send(&server, &crate::store::couch::read_rule()).await, Some((200, doc)) if crate::domain::sync::design::rule_in_place(&doc)))
    }

    /// Installs the app's rule in the database (`domain::sync::design`), replacing a
    /// design document of that name: only a database administrator may.
    pub async fn install_sync_rule(&self, settings: SyncSettings, password: String) -> Result<String, String> {
        let server = server_of(&settings, &password)?;
        let rev = match send(&server, &crate::store::couch::read_rule()).await {
            Some((200, doc)) if crate::domain::sync::design::rule_in_place(&doc) => return Ok(t("服务器上的记录规则已就位，无需安装。").into()),
            Some((200, doc)) => doc.get("_rev").and_then(|r| r.as_str()).map(str::to_string),
            Some((404, _)) => None,
            None => return Err(t("无法连接同步服务器：请检查地址，以及本机能否访问内网").into()),
            Some((status, _)) => return Err(tf!("同步服务器回答了 {0}，请联系服务器管理员", status)),
        };
        match send(&server, &crate::store::couch::install_rule(rev.as_deref())).await {
            Some((200 | 201, _)) => Ok(t("记录规则已安装：服务器从此拒绝任何对已有记录的修改或删除。现在可以开启同步。").into()),
            Some((401 | 403, _)) => Err(t("只有该数据库的管理员才能安装记录规则：请输入管理员的用户名和密码再试（密码不会保存）").into()),
            None => Err(t("无法连接同步服务器：请检查地址，以及本机能否访问内网").into()),
            Some((status, _)) => Err(tf!("同步服务器回答了 {0}，请联系服务器管理员", status)),
        }
    }

    /// Saves the settings and starts sharing; the password stays in memory.
    pub fn start_sync(&self, mut settings: SyncSettings, password: String) -> Result<(), String> {
        let server = server_of(&settings, &password)?;
        self.stop_sync_engine();
        // Whatever the old engine last said no longer holds; its revisions were its own.
        self.sync_status.set(None);
        LAST_SAVED.with(|l| *l.borrow_mut() = None);
        settings.enabled = true;
        self.save_setting(SETTINGS, &settings)?;
        let checkpoint = self.setting::<Kept>(CHECKPOINT).filter(|k| k.db_url == server.db_url).map(|k| k.checkpoint).unwrap_or_default();
        let state = *self;
        // Offered each engine tick, so an entry made here leaves within a fraction of a second.
        let drills = settings.share_drills;
        let offer = move |engine: &SyncEngine| state.offer_logs(engine);
        let engine = SyncEngine::start(server, checkpoint, drills, offer, move || state.take_pulls());
        // The engine's share of each tick goes with it (see `sync_tick`).
        self.sync.set_value(Some((engine, Self::engine_tick)));
        self.sync_tick();
        Ok(())
    }

    pub fn stop_sync(&self) -> Result<(), String> {
        self.stop_sync_engine();
        let mut settings = self.sync_settings();
        settings.enabled = false;
        self.sync_status.set(None);
        self.save_setting(SETTINGS, &settings)
    }

    fn stop_sync_engine(&self) {
        if let Some((engine, _)) = self.sync.get_value() {
            engine.stop();
        }
        self.sync.set_value(None);
    }

    /// The logs in memory handed to the engine (drills only if they are shared).
    fn offer_logs(&self, engine: &SyncEngine) {
        let drills = engine.shares_drills();
        self.desk.with_value(|d| engine.offer(d.incidents.iter().filter(|i| drills || i.drill_setup().is_none())));
    }

    /// Entries pulled from the server: into the logs here, saved.
    fn take_pulls(&self) {
        let Some((engine, _)) = self.sync.get_value() else { return };
        for pulled in engine.take() {
            self.run(|d, c| {
                d.take_shared(c, pulled.shared);
                d.take_pulled(c, pulled.docs, pulled.refused)
            });
        }
        self.sync_tick();
    }

    /// Each second, and after a pull: the checkpoint kept (only while no pulled entry
    /// waits), the header's line. The engine's part is the function stored with it by
    /// `start_sync`, not called here by name: sharing starts only from Settings, so in the
    /// release build the engine's code stays in the later screens' module (issue 18).
    pub fn sync_tick(&self) {
        match self.sync.get_value() {
            Some((engine, tick)) => tick(self, &engine),
            // On, but this tab has no password yet (it is never stored): said, not silent.
            None => {
                if self.sync_settings().enabled && self.sync_status.get_untracked().is_none() {
                    self.sync_status.set(Some(SyncLine { ok: false, text: t("同步未连接：请在“设置 → 同步”中输入密码").into() }));
                }
            }
        }
    }

    /// A running engine's share of each tick: what is here offered, the checkpoint, the line.
    fn engine_tick(&self, engine: &SyncEngine) {
        // Stored incidents whose logs are not read (closed ones, at start) and not all on
        // the server yet: read, a few each second, so the engine offers them too.
        let drills = engine.shares_drills();
        // Offered before the status is read: an entry made a moment ago is not taken for in step.
        self.offer_logs(engine);
        let unsent: Vec<String> = self.desk.with_value(|d| {
            d.shelved.iter().filter(|s| (drills || !s.drill) && !d.is_asked(&s.id) && engine.on_server(&s.id) < s.events).take(SHELVED_PER_TICK).map(|s| s.id.clone()).collect()
        });
        for id in unsent {
            self.run(|d, c| d.unshelve_one(c, &id));
        }
        // Plan versions made here and the contacts as they stand (each state once).
        self.desk.with_value(|d| engine.offer_shared(&d.plans.stored(), &d.directory.contacts));
        let saved = (engine.db_url(), engine.checkpoint_revision());
        if self.desk.with_value(|d| d.checkpoint_may_advance()) && LAST_SAVED.with(|l| l.borrow().as_ref() != Some(&saved)) {
            let kept = Kept { db_url: saved.0.clone(), checkpoint: engine.checkpoint() };
            if self.save_setting(CHECKPOINT, &kept).is_ok() {
                LAST_SAVED.with(|l| *l.borrow_mut() = Some(saved));
            }
        }
        let line = match engine.status() {
            Status::Synced => SyncLine { ok: true, text: t("已同步").into() },
            Status::Busy { to_push } if to_push > 0 => SyncLine { ok: true, text: tf!("同步中，{0} 条待上传", to_push) },
            Status::Busy { .. } => SyncLine { ok: true, text: t("同步中").into() },
            Status::Offline { to_push, .. } => SyncLine { ok: false, text: tf!("离线，{0} 条待上传", to_push) },
            Status::Failed { reason } => SyncLine { ok: false, text: tf!("同步出错：{0}", reason) },
            Status::Unaccepted { count } => SyncLine { ok: false, text: tf!("同步：{0} 条记录服务器未接受（仍保存在本机，见页首提示）", count) },
        };
        if self.sync_status.get_untracked().as_ref() != Some(&line) {
            self.sync_status.set(Some(line));
        }
    }
}
