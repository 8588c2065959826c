//! Application state and the only ways to change it: every change is an
//! event appended through the domain, then saved at once.

use super::{alarm, clock, route::Route};
use crate::domain::classification::Step;
use crate::domain::contacts::Directory;
use crate::domain::obligation::{obligations, Obligation};
use crate::domain::playbook::Role;
use crate::domain::{Author, Calendar, Event, EventKind, Incident, IncidentFacts, Level, Plan};
use std::collections::HashSet;
use crate::store::{ids::new_id, local};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// An unacknowledged level rise, shown until someone dismisses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiseAlert {
    pub id: String,
    pub incident_id: String,
    pub title: String,
    pub level: Level,
    pub effective_at: DateTime<Utc>,
    pub basis: String,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub incidents: RwSignal<Vec<Incident>>,
    pub now: RwSignal<DateTime<Utc>>,
    pub route: RwSignal<Route>,
    pub operator: RwSignal<Author>,
    /// The latest storage failure; cleared by the next successful save.
    pub storage_error: RwSignal<Option<String>>,
    /// Entries found unreadable at start; kept untouched in storage.
    pub load_problems: RwSignal<Vec<String>>,
    pub rises: RwSignal<Vec<RiseAlert>>,
    pub plan: StoredValue<Plan>,
    pub calendar: StoredValue<Calendar>,
    pub directory: RwSignal<Directory>,
    /// Set when the stored directory is unreadable: edits are refused so it is not overwritten.
    pub directory_locked: RwSignal<Option<String>>,
    /// The plan role of whoever sits here: their duties come first.
    pub my_role: RwSignal<Option<Role>>,
    /// Overdue obligations already alarmed in this session (`incident/key`).
    alarmed: StoredValue<HashSet<String>>,
}

impl AppState {
    /// Loads what this browser holds and starts from it.
    pub fn load() -> AppState {
        let loaded = local::load();
        let operator = local::load_setting::<Author>("operator").unwrap_or(Author { name: String::new(), role: String::new() });
        let (directory, directory_locked) = match local::load_document::<Directory>("directory") {
            Ok(found) => (found.unwrap_or_default(), None),
            Err(problem) => (Directory::default(), Some(problem)),
        };
        let my_role = local::load_setting::<String>("my-role").and_then(|c| Role::from_code(&c));
        AppState {
            incidents: RwSignal::new(loaded.incidents),
            now: RwSignal::new(clock::now()),
            route: RwSignal::new(super::route::current()),
            operator: RwSignal::new(operator),
            storage_error: RwSignal::new(loaded.blocked.map(|e| e.to_string())),
            load_problems: RwSignal::new(loaded.problems),
            rises: RwSignal::new(Vec::new()),
            plan: StoredValue::new(Plan::bank_depository()),
            calendar: StoredValue::new(Calendar::china_builtin()),
            directory: RwSignal::new(directory),
            directory_locked: RwSignal::new(directory_locked),
            my_role: RwSignal::new(my_role),
            alarmed: StoredValue::new(HashSet::new()),
        }
    }

    pub fn set_my_role(&self, role: Option<Role>) {
        let result = local::save_setting("my-role", &role.map(|r| r.code().to_string()));
        self.report(result);
        self.my_role.set(role);
    }

    /// Replaces the directory after saving it; refuses while the stored one is unreadable.
    pub fn save_directory(&self, directory: Directory) -> Result<(), String> {
        if let Some(problem) = self.directory_locked.get_untracked() {
            return Err(problem);
        }
        local::save_document("directory", &directory).map_err(|e| e.to_string())?;
        self.directory.set(directory);
        Ok(())
    }

    /// The incident's obligations at the current tick (reactive on `now`).
    pub fn obligations_of(&self, incident: &Incident) -> Vec<Obligation> {
        let now = self.now.get();
        self.plan.with_value(|p| obligations(incident, &p.obligations, now))
    }

    /// Alarms once per obligation when it becomes overdue, and returns how
    /// many are overdue now (for the tab title).
    pub fn check_overdue(&self, now: DateTime<Utc>) -> usize {
        let mut fresh: Vec<(String, String)> = Vec::new();
        let mut count = 0;
        self.incidents.with_untracked(|list| {
            self.plan.with_value(|p| {
                for incident in list.iter().filter(|i| i.state().is_open()) {
                    for o in obligations(incident, &p.obligations, now).into_iter().filter(|o| o.status == crate::domain::Status::Overdue) {
                        count += 1;
                        let id = format!("{}/{}", incident.id(), o.key);
                        if self.alarmed.with_value(|a| !a.contains(&id)) {
                            self.alarmed.update_value(|a| {
                                a.insert(id);
                            });
                            fresh.push((incident.state().facts.title, o.rule.title.clone()));
                        }
                    }
                }
            })
        });
        if let Some((incident, duty)) = fresh.first() {
            alarm::sound();
            let more = if fresh.len() > 1 { format!("（另有{}项）", fresh.len() - 1) } else { String::new() };
            alarm::notify("义务已超时", &format!("{incident}：{duty}{more}"));
        }
        count
    }

    /// Who is recorded as the author of what this workstation enters.
    pub fn author(&self) -> Author {
        let me = self.operator.get_untracked();
        if me.name.trim().is_empty() {
            Author { name: "未署名值班人员".into(), role: me.role }
        } else {
            me
        }
    }

    pub fn set_operator(&self, author: Author) {
        let result = local::save_setting("operator", &author);
        self.report(result);
        self.operator.set(author);
    }

    fn report(&self, result: Result<(), local::StoreError>) {
        match result {
            Ok(()) => self.storage_error.set(None),
            Err(e) => self.storage_error.set(Some(e.to_string())),
        }
    }

    /// Records a new incident, classifies it at once and returns its id.
    pub fn open_incident(&self, facts: IncidentFacts) -> String {
        let now = clock::now();
        let id = new_id();
        let plan = self.plan.get_value();
        let event = Event {
            id: new_id(),
            occurred_at: facts.discovered_at,
            recorded_at: now,
            author: self.author(),
            kind: EventKind::Opened { facts, plan_id: plan.id, plan_version: plan.version },
        };
        let incident = Incident::open(id.clone(), event).expect("a fresh id and an Opened event form a valid log");
        self.report(local::save(&incident));
        self.incidents.update(|list| list.push(incident));
        self.escalate(now);
        id
    }

    /// Appends one event to an incident and saves it. The in-memory log keeps
    /// the event even when saving fails; the failure is shown.
    pub fn record(&self, incident_id: &str, occurred_at: DateTime<Utc>, kind: EventKind) -> Result<(), String> {
        let event = Event { id: new_id(), occurred_at, recorded_at: clock::now(), author: self.author(), kind };
        let mut outcome = Err("找不到该事件".to_string());
        self.incidents.update(|list| {
            if let Some(incident) = list.iter_mut().find(|i| i.id() == incident_id) {
                outcome = incident.append(event).map_err(|e| e.to_string());
                if outcome.is_ok() {
                    self.report(local::save(incident));
                }
            }
        });
        outcome
    }

    /// Called every tick: records each rise the rules have produced (第八条)
    /// and raises the alarm.
    pub fn escalate(&self, now: DateTime<Utc>) {
        let (plan, cal) = (self.plan.get_value(), self.calendar.get_value());
        let due: Vec<(String, Vec<Step>)> = self.incidents.with_untracked(|list| {
            // Restored incidents cannot rise any more: only open ones are checked.
            list.iter()
                .filter(|i| i.state().is_open())
                .map(|i| (i.id().to_string(), i.due_rises(&plan, &cal, now)))
                .filter(|(_, steps)| !steps.is_empty())
                .collect()
        });
        if due.is_empty() {
            return;
        }
        let mut alerts = Vec::new();
        self.incidents.update(|list| {
            for (id, steps) in &due {
                let Some(incident) = list.iter_mut().find(|i| i.id() == id) else { continue };
                for step in steps {
                    let kind = EventKind::Classified { level: step.level, effective_at: step.at, rule: step.rule.clone() };
                    let event = Event { id: new_id(), occurred_at: step.at, recorded_at: now, author: Author::system(), kind };
                    if incident.append(event).is_ok() {
                        alerts.push(RiseAlert {
                            id: new_id(),
                            incident_id: id.clone(),
                            title: incident.state().facts.title,
                            level: step.level,
                            effective_at: step.at,
                            basis: step.rule.describe(),
                        });
                    }
                }
                self.report(local::save(incident));
            }
        });
        if let Some(top) = alerts.last() {
            alarm::sound();
            alarm::notify(&format!("事件定级：{}", top.level.label()), &format!("{}：{}", top.title, top.basis));
        }
        self.rises.update(|r| r.extend(alerts));
    }

    pub fn dismiss_rise(&self, alert_id: &str) {
        self.rises.update(|r| r.retain(|a| a.id != alert_id));
    }
}
