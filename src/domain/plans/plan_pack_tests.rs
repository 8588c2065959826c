//! Reading a pack: the built-in packs, every error listed, references, the duties'
//! reports, and the published schema.

use super::*;

/// The app parses its built-in packs directly; this is what makes that safe.
#[test]
fn the_full_checks_accept_each_built_in_pack_and_give_the_same_plan() {
    let plans = Plan::builtin();
    for (text, plan) in crate::domain::plans::plan::BUILTIN_TEXTS.iter().zip(&plans) {
        assert_eq!(read(text).as_ref(), Ok(plan), "{}", plan.id);
    }
    assert_eq!(plans.len(), 2);
}

#[test]
fn the_built_in_plan_round_trips_as_a_pack_and_validates() {
    let text = serde_json::to_string_pretty(&Plan::bank_depository()).unwrap();
    assert_eq!(read(&text), Ok(Plan::bank_depository()));
    assert!(validate(&Plan::bank_depository()).is_empty());
}

#[test]
fn an_invalid_pack_lists_every_error() {
    let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
    v["servce_hours"] = serde_json::json!({});
    v["levels"][1]["daytime_minutes"] = 200.into(); // Ⅱ above Ⅰ
    v["service_hours"]["open"] = "17:00:00".into();
    let obligations = v["obligations"].as_array_mut().unwrap();
    let a = obligations.iter().position(|o| o["id"] == "report-to-province").unwrap();
    let b = obligations.iter().position(|o| o["id"] == "province-to-working-group").unwrap();
    obligations[a]["trigger"] = serde_json::json!({"AfterDischarge": "province-to-working-group"});
    obligations[b]["superseded_by"] = "no-such-rule".into();
    let errors = read(&v.to_string()).unwrap_err();
    let all = errors.join("\n");
    assert!(all.contains("未知字段：servce_hours"), "{all}");
    assert!(all.contains("分级阈值须满足"), "{all}");
    assert!(all.contains("服务时间的开始"), "{all}");
    assert!(all.contains("引用了不存在的义务 no-such-rule"), "{all}");
    assert!(all.contains("义务之间存在循环"), "{all}");
    assert!(read("[1,2]").unwrap_err()[0].contains("JSON 对象"));
    let errors = read("{\"id\": 5}").unwrap_err().join("\n");
    assert!(errors.contains("缺少字段：levels") && errors.contains("id：类型或取值不正确"), "{errors}");
}

mod reference_tests {
    use crate::domain::plans::plan_pack::*;

    #[test]
    fn validation_messages_follow_the_language() {
        use crate::domain::base::i18n::{in_lang, Lang};
        let mut v: serde_json::Value = serde_json::to_value(Plan::securities_company()).unwrap();
        v["obligations"][0]["responsible"] = "nobody".into();
        let role = v["roles"][0].clone();
        v["roles"].as_array_mut().unwrap().push(role.clone());
        let errors = in_lang(Lang::En, || read(&v.to_string()).unwrap_err());
        let id = role["id"].as_str().unwrap();
        assert!(errors.contains(&format!("Duplicate role id: {id}")), "{errors:?}");
        assert!(errors.iter().any(|e| e.ends_with("refers to a role that does not exist: nobody")), "{errors:?}");
        assert!(read(&v.to_string()).unwrap_err().contains(&format!("角色编号重复：{id}")));
    }

    #[test]
    fn references_to_missing_roles_phases_and_blank_names_are_all_listed() {
        let mut v: serde_json::Value = serde_json::to_value(Plan::securities_company()).unwrap();
        v["levels"][2]["authority"] = "board".into();
        v["obligations"][0]["responsible"] = "nobody".into();
        v["obligations"][1]["recipients"] = serde_json::json!([{"Role": "ghost"}, "Regulators"]);
        v["checklists"][0]["phase"] = "no-phase".into();
        v["recipient_names"]["monitoring_centre"] = " ".into();
        v["levels"][0]["daytime_minutes"] = 5.into(); // numbers in one level only
        let errors = read(&v.to_string()).unwrap_err().join("\n");
        for needle in ["不存在的角色 board", "不存在的角色 nobody", "不存在的角色 ghost", "不存在的阶段 no-phase", "报告对象名称不能为空", "三级都填写"] {
            assert!(errors.contains(needle), "{needle} missing in:\n{errors}");
        }
        // Superseding cycles (or a duty superseding itself) would make duties vanish.
        let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
        let obligations = v["obligations"].as_array_mut().unwrap();
        let i = obligations.iter().position(|o| o["id"] == "regulators-report-i").unwrap();
        obligations[i]["superseded_by"] = "regulators-report-ii".into();
        let n = obligations.iter().position(|o| o["id"] == "notify-parties").unwrap();
        obligations[n]["superseded_by"] = "notify-parties".into();
        obligations[n]["id"] = "notify#parties".into();
        let errors = read(&v.to_string()).unwrap_err().join("\n");
        assert!(errors.contains("regulators-report-ii → regulators-report-i → regulators-report-ii") || errors.contains("regulators-report-i → regulators-report-ii → regulators-report-i"), "{errors}");
        assert!(errors.contains("不能含有 # 或 @"), "{errors}");
        let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
        let obligations = v["obligations"].as_array_mut().unwrap();
        let n = obligations.iter().position(|o| o["id"] == "notify-parties").unwrap();
        obligations[n]["superseded_by"] = "notify-parties".into();
        let i = obligations.iter().position(|o| o["id"] == "regulators-progress-i").unwrap();
        obligations[i]["trigger"] = serde_json::json!({"AfterDeadlineOf": "summary-report-iii"});
        let errors = read(&v.to_string()).unwrap_err().join("\n");
        assert!(errors.contains("notify-parties → notify-parties"), "{errors}");
        assert!(errors.contains("不是一次性时限"), "{errors}");
        // Unknown keys inside sections and values of the wrong type are named where they are,
        // and the rest is still checked in the same pass.
        let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
        v["roles"][0]["phone"] = "123".into();
        v["service_hours"]["open"] = "25:00:00".into();
        v["obligations"][0]["owner"] = "x".into();
        v["obligations"][1]["schedule"] = serde_json::json!({"Within": {"minutes": "ten"}});
        v["levels"][1]["daytime_minutes"] = 3.into();
        v["obligations"][2]["responsible"] = "nobody".into();
        let errors = read(&v.to_string()).unwrap_err().join("\n");
        for needle in [
            "roles 第 1 项（leadership）：未知字段 phone",
            "obligations 第 1 项（report-to-province）：未知字段 owner",
            "service_hours：类型或取值不正确",
            "obligations 第 2 项（prepare-manual-business）：类型或取值不正确",
            "分级阈值须满足",
            "不存在的角色 nobody",
        ] {
            assert!(errors.contains(needle), "{needle} missing in:\n{errors}");
        }
    }
}

mod purpose_tests {
    use crate::domain::plans::plan_pack::*;

    /// A duty names the report that settles it; a report the app has no draft for is refused by name.
    #[test]
    fn a_duty_naming_a_report_that_does_not_exist_is_refused() {
        for plan in [Plan::bank_depository(), Plan::securities_company()] {
            let summary = plan.obligations.iter().filter(|r| r.blocks_closeout).count();
            assert!(summary >= 1, "{}: close-out waits for its summary report", plan.id);
            assert!(plan.obligations.iter().filter(|r| r.blocks_closeout).all(|r| r.report == Some(crate::domain::plans::playbook::DraftKind::Summary)));
        }
        let mut v: serde_json::Value = serde_json::to_value(Plan::bank_depository()).unwrap();
        v["obligations"][5]["report"] = "Memo".into();
        v["obligations"][6]["blocks_closeout"] = "yes".into();
        let errors = read(&v.to_string()).unwrap_err().join("\n");
        assert!(errors.contains("obligations 第 6 项（fax-report-to-parties）：类型或取值不正确") && errors.contains("Memo"), "{errors}");
        assert!(errors.contains("obligations 第 7 项（inform-parties-progress）：类型或取值不正确"), "{errors}");
    }
}

mod schema_tests {
    /// docs/plan.schema.json requires exactly the keys the reader knows.
    #[test]
    fn the_published_schema_names_the_same_keys_as_the_reader() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../../docs/plan.schema.json")).unwrap();
        let mut required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut known: Vec<&str> = crate::domain::plans::plan_pack::KNOWN.iter().copied().filter(|k| *k != "$schema").collect();
        required.sort();
        known.sort();
        assert_eq!(required, known);
        assert_eq!(schema["additionalProperties"], false);
    }
}
