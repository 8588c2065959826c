//! Plans as incidents run them: a customised plan (form or pack) changes how an
//! incident is graded, an incident keeps the plan version it was opened under,
//! and the securities plan's duties come due. Here, not in `plans`, because they
//! fold incidents: a plan never imports an incident.

mod edit {
    use crate::domain::base::calendar::Calendar;
    use crate::domain::base::level::Level;
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::incidents::classification::classify;
    use crate::domain::plans::plan::Plan;
    use crate::domain::plans::plan_edit::*;
    use crate::domain::plans::playbook::Schedule;

    #[test]
    fn customised_thresholds_deadlines_and_names_make_a_new_version() {
        let base = Plan::bank_depository();
        let mut form = PlanForm::from_plan(&base);
        form.institution = "甲银行".into();
        form.regulators = "国家金融监督管理总局\n中国证监会、某地方金融管理局".into();
        form.thresholds = ["10".into(), "45".into(), "180".into()];
        form.open = "09:00".into();
        form.deadlines.iter_mut().find(|(id, _)| id == "notify-parties").unwrap().1 = "15".into();
        let p = form.apply(&base, "1+local.1".into()).unwrap();
        assert_eq!(p.based_on.as_deref(), Some("bank-depository@1"));
        assert_eq!(p.recipient_names.regulators.len(), 3);
        let notify = p.obligations.iter().find(|r| r.id == "notify-parties").unwrap();
        assert_eq!(notify.schedule, Schedule::Within { minutes: 15 });
        // Service from 09:00 and Ⅲ from 10 minutes: an incident at 08:55 is Ⅲ only at 09:10.
        let f = facts(Period::Daytime, "2026-11-23T08:55");
        let cal = Calendar::china_builtin();
        assert_eq!(classify(&p, &cal, &f, None, t("2026-11-23T09:09")).level, None);
        assert_eq!(classify(&p, &cal, &f, None, t("2026-11-23T09:10")).level, Some(Level::III));
        // Under the built-in plan (service from 08:30, Ⅲ from 5 minutes) it is Ⅲ at 09:00.
        assert_eq!(classify(&base, &cal, &f, None, t("2026-11-23T09:00")).level, Some(Level::III));
        assert_eq!(classify(&p, &cal, &f, None, t("2026-11-23T09:00")).level, None);
    }

    #[test]
    fn clearing_all_thresholds_switches_to_manual_grading() {
        let base = Plan::bank_depository();
        let mut form = PlanForm::from_plan(&base);
        form.thresholds = [String::new(), String::new(), String::new()];
        let p = form.apply(&base, "1+local.1".into()).unwrap();
        assert!(!p.grades_automatically());
        let f = facts(Period::Daytime, "2026-11-23T09:00");
        assert_eq!(classify(&p, &Calendar::china_builtin(), &f, None, t("2026-11-23T15:00")).level, None);
    }
}

mod pack {
    use crate::domain::base::calendar::Calendar;
    use crate::domain::base::level::Level;
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::incidents::classification::classify;
    use crate::domain::plans::plan::Plan;
    use crate::domain::plans::plan_pack::*;

    #[test]
    fn a_customised_pack_changes_classification() {
        let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
        v["levels"][0]["daytime_minutes"] = 10.into(); // Ⅲ from 10 minutes
        v["institution"] = "某某银行".into();
        let plan = read(&v.to_string()).unwrap();
        let f = facts(Period::Daytime, "2026-11-23T09:00");
        let cal = Calendar::china_builtin();
        assert_eq!(classify(&plan, &cal, &f, None, t("2026-11-23T09:09")).level, None);
        assert_eq!(classify(&plan, &cal, &f, None, t("2026-11-23T09:10")).level, Some(Level::III));
        assert_eq!(classify(&Plan::bank_depository(), &cal, &f, None, t("2026-11-23T09:09")).level, Some(Level::III));
    }
}

mod library {
    use crate::domain::plans::plan::Plan;
    use crate::domain::plans::plan_library::*;
    use std::collections::BTreeMap;

    fn custom(institution: &str) -> Plan {
        let mut p = Plan::bank_depository();
        p.version = "1+local.1".into();
        p.institution = institution.into();
        p
    }

    #[test]
    fn a_new_version_becomes_current_and_old_incidents_keep_theirs() {
        let (mut lib, _) = PlanLibrary::new(vec![], BTreeMap::new());
        let mut first = custom("甲银行");
        first.based_on = Some("bank-depository@1".into());
        let name = lib.local_version(&first);
        assert!(name.starts_with("1+local.1.") && name.len() == "1+local.1.".len() + 6, "{name}");
        let mut other = first.clone();
        other.institution = "乙银行".into();
        assert_ne!(lib.local_version(&other), name, "other content, other name");
        lib.add(custom("甲银行")).unwrap();
        assert_eq!(lib.current("bank-depository").unwrap().institution, "甲银行");
        assert!(lib.local_version(&first).starts_with("1+local.2."));
        let f = crate::domain::events::fixtures::facts(crate::domain::events::facts::Period::Daytime, "2026-11-23T09:00");
        let kind = crate::domain::events::event::EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
        let author = crate::domain::events::event::Author { name: "王".into(), role: String::new() };
        let at = crate::domain::events::fixtures::t("2026-11-23T09:00");
        let old = crate::domain::incidents::incident::Incident::open("i".into(), crate::domain::events::event::Event { id: "e".into(), occurred_at: at, recorded_at: at, author, kind }).unwrap();
        let (plan, warning) = lib.for_incident(&old.state());
        assert_eq!((plan.version.as_str(), plan.institution.as_str(), warning), ("1", "本行", None));
        assert_eq!(lib.stored().len(), 1);
        // Reloaded from storage, the same versions and the same current one.
        let (again, problems) = PlanLibrary::new(lib.stored(), lib.current_versions().clone());
        assert!(problems.is_empty());
        assert_eq!(again, lib);
    }

    #[test]
    fn an_unknown_version_is_shown_under_the_current_one_with_a_warning() {
        let (lib, _) = PlanLibrary::new(vec![], BTreeMap::new());
        let mut state = crate::domain::incidents::incident::Incident::open(
            "i".into(),
            crate::domain::events::event::Event {
                id: "e".into(),
                occurred_at: crate::domain::events::fixtures::t("2026-11-23T09:00"),
                recorded_at: crate::domain::events::fixtures::t("2026-11-23T09:00"),
                author: crate::domain::events::event::Author { name: "王".into(), role: String::new() },
                kind: crate::domain::events::event::EventKind::Opened {
                    facts: crate::domain::events::fixtures::facts(crate::domain::events::facts::Period::Daytime, "2026-11-23T09:00"),
                    plan_id: "bank-depository".into(),
                    plan_version: "7+local.3".into(),
                    drill: None,
                },
            },
        )
        .unwrap()
        .state();
        let (plan, warning) = lib.for_incident(&state);
        assert_eq!(plan.key(), "bank-depository@1");
        assert!(warning.unwrap().contains("7+local.3"));
        state.plan_id = "gone".into();
        assert_eq!(lib.for_incident(&state).0.key(), "bank-depository@1");
    }
}

mod securities_plan {
    use crate::domain::base::calendar::Calendar;
    use crate::domain::base::level::Level;
    use crate::domain::events::event::{Author, Event, EventKind};
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::incidents::incident::Incident;
    use crate::domain::incidents::obligation::obligations;
    use crate::domain::plans::plan::Plan;

    fn ev(id: &str, at: &str, kind: EventKind) -> Event {
        Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "赵指挥".into(), role: "应急指挥部".into() }, kind }
    }

    /// Seed 000 runs: people grade (no thresholds), duties follow its sections 六 and 七.
    #[test]
    fn the_securities_plan_runs_with_manual_grading_and_its_own_duties() {
        let plan = Plan::securities_company();
        let cal = Calendar::china_builtin();
        let kind = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T10:00"), plan_id: plan.id.clone(), plan_version: plan.version.clone(), drill: None };
        let mut inc = Incident::open("s".into(), ev("e0", "2026-11-23T10:00", kind)).unwrap();
        assert!(inc.due_rises(&plan, &cal, t("2026-11-23T15:00")).is_empty(), "no thresholds: nothing rises by itself");
        assert_eq!(inc.classification(&plan, &cal, t("2026-11-23T15:00")).level, None);
        let list = obligations(&inc, &plan.obligations, &cal, t("2026-11-23T10:01"));
        let due = |key: &str, list: &[crate::domain::incidents::obligation::Obligation]| list.iter().find(|o| o.key == key).map(|o| o.deadline);
        assert_eq!(due("start-response", &list), Some(t("2026-11-23T10:15")), "六、1（1）");
        assert_eq!(due("report-to-leadership", &list), Some(t("2026-11-23T10:30")), "六、2（1）");
        // The command centre grades by hand; the level counts as confirmed when set.
        inc.append(ev("r1", "2026-11-23T10:20", EventKind::Reclassified { level: Some(Level::II), reason: "核心交易系统中断".into() })).unwrap();
        assert_eq!(inc.state().level, Some(Level::II));
        let list = obligations(&inc, &plan.obligations, &cal, t("2026-11-23T10:21"));
        assert_eq!(due("release-information", &list), Some(t("2026-11-23T11:20")), "六、2（2）");
        inc.append(ev("end", "2026-11-23T11:00", EventKind::ServiceRestored { note: String::new() })).unwrap();
        let list = obligations(&inc, &plan.obligations, &cal, t("2026-11-23T11:01"));
        assert_eq!(due("declare-end", &list), Some(t("2026-11-23T11:30")), "六、4（1）");
        assert_eq!(due("assess-response", &list), Some(t("2026-12-01T00:00")), "five working days, to 24:00 of 11-30 (六、4（2）)");
        assert_eq!(plan.role_name(&plan.rule_for(Level::I).unwrap().authority), plan.role("leadership").unwrap().name);
    }
}
