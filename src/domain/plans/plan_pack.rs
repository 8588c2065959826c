//! Plan packs: a plan as a JSON file an institution can adapt and load. Reading
//! one rejects unknown keys and wrong types; validation then lists every
//! problem at once (impossible thresholds, references to missing rules,
//! circular chains), so a pack is fixed in one pass, never half-loaded.

use crate::domain::base::sort;
use crate::domain::base::i18n::t;
use crate::domain::base::level::Level;
use crate::domain::plans::plan::Plan;
use crate::domain::plans::playbook::{Recipient, Schedule, Trigger};
use std::collections::{BTreeMap, BTreeSet};

/// Reads a pack: JSON with exactly the plan's fields, then every check below.
/// Problems are gathered in one pass: unknown keys (at the top and inside each
/// section) are named and set aside; a section or list item of the wrong type
/// is named and left out; the readable rest is still validated as a whole.
pub fn read(text: &str) -> Result<Plan, Vec<String>> {
    let mut value: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| vec![crate::tf!("不是有效的 JSON：{0}", crate::domain::base::file_kind::unreadable(crate::domain::base::file_kind::FileKind::Plan, text, &e))])?;
    if let Some(other) = crate::domain::base::file_kind::other_kind(crate::domain::base::file_kind::FileKind::Plan, &value) {
        return Err(vec![other]);
    }
    if !value.is_object() {
        return Err(vec![t("预案应为一个 JSON 对象").into()]);
    }
    // The built-in bank pack's text has every key of the format: it is the template for checking.
    // (Its text, not the parsed built-in plan, which is itself read through here.)
    let template: serde_json::Value = serde_json::from_str(crate::domain::plans::plan::BANK_DEPOSITORY).expect("the built-in pack is JSON");
    let mut errors = Vec::new();
    set_aside_unknown(&mut value, &template, &mut errors);
    let object = value.as_object_mut().expect("checked above");
    object.remove("$schema");
    for key in template.as_object().expect("a plan is an object").keys() {
        if !object.contains_key(key) {
            errors.push(crate::tf!("缺少字段：{0}", key));
            object.insert(key.clone(), template[key].clone());
        }
    }
    for key in KNOWN.iter().filter(|k| **k != "$schema") {
        leave_out_unreadable(object, &template, key, &mut errors);
    }
    match serde_json::from_value::<Plan>(value) {
        Ok(plan) => {
            errors.extend(validate(&plan));
            if errors.is_empty() { Ok(plan) } else { Err(errors) }
        }
        Err(e) => {
            errors.push(crate::tf!("字段类型或取值不正确：{0}", e));
            Err(errors)
        }
    }
}

/// The format's top-level keys (docs/PLANS.md).
const KNOWN: [&str; 21] = [
    "id", "version", "title", "institution", "based_on", "manual_business", "roles", "levels", "end_of_day", "service_hours",
    "subcategories", "obligations", "limits", "fallback", "recipient_names", "report_titles", "report_form", "phases", "checklists",
    "articles", "$schema",
];

/// Unknown keys at the top level and inside each section or list item, named
/// with where they are, then removed so the rest can still be checked.
fn set_aside_unknown(value: &mut serde_json::Value, template: &serde_json::Value, errors: &mut Vec<String>) {
    let Some(object) = value.as_object_mut() else { return };
    let unknown: Vec<String> = object.keys().filter(|k| !KNOWN.contains(&k.as_str())).cloned().collect();
    for k in unknown {
        object.remove(&k);
        errors.push(crate::tf!("未知字段：{0}", k));
    }
    for (key, section) in object.iter_mut() {
        let Some(shape) = template.get(key) else { continue };
        let list = shape.is_array();
        let known = if list { shape.as_array().and_then(|l| l.first()).and_then(|x| x.as_object()) } else { shape.as_object() };
        let Some(known) = known else { continue };
        let items: Vec<&mut serde_json::Value> = match section {
            serde_json::Value::Array(items) if list => items.iter_mut().collect(),
            v @ serde_json::Value::Object(_) if !list => vec![v],
            _ => continue,
        };
        for (i, item) in items.into_iter().enumerate() {
            let Some(fields) = item.as_object_mut() else { continue };
            let unknown: Vec<String> = fields.keys().filter(|k| !known.contains_key(*k)).cloned().collect();
            let at = place(key, list.then_some(i), fields);
            for k in unknown {
                fields.remove(&k);
                errors.push(crate::tf!("{0}：未知字段 {1}", at, k));
            }
        }
    }
}

/// "obligations 第 3 项（notify-parties）" or "service_hours".
fn place(key: &str, index: Option<usize>, item: &serde_json::Map<String, serde_json::Value>) -> String {
    match index {
        Some(i) => match item.get("id").and_then(|v| v.as_str()) {
            Some(id) => crate::tf!("{0} 第 {1} 项（{2}）", key, i + 1, id),
            None => crate::tf!("{0} 第 {1} 项", key, i + 1),
        },
        None => key.to_string(),
    }
}

/// Reads one section on its own (in the template's place). What cannot be read
/// is named and left out: a list item is dropped; any other section takes the
/// template's value, so the rest can still be validated (the pack is refused anyway).
fn leave_out_unreadable(object: &mut serde_json::Map<String, serde_json::Value>, template: &serde_json::Value, key: &str, errors: &mut Vec<String>) {
    let problem_with = |v: &serde_json::Value| {
        let mut candidate = template.clone();
        candidate[key] = v.clone();
        serde_json::from_value::<Plan>(candidate).err().map(|e| e.to_string())
    };
    let Some(section) = object.get(key).cloned() else { return };
    let Some(problem) = problem_with(&section) else { return };
    if let serde_json::Value::Array(items) = &section {
        let mut kept = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match problem_with(&serde_json::Value::Array(vec![item.clone()])) {
                None => kept.push(item.clone()),
                Some(e) => {
                    let at = item.as_object().map_or_else(|| crate::tf!("{0} 第 {1} 项", key, i + 1), |o| place(key, Some(i), o));
                    errors.push(crate::tf!("{0}：类型或取值不正确（{1}）", at, e));
                }
            }
        }
        if kept.len() < items.len() {
            object.insert(key.to_string(), serde_json::Value::Array(kept));
            return;
        }
    }
    errors.push(crate::tf!("{0}：类型或取值不正确（{1}）", key, problem));
    object.insert(key.to_string(), template[key].clone());
}

/// The ids, with a message for each blank (`blank`) or repeated one (`repeated(id)`).
fn duplicates<'a>(blank: &str, repeated: fn(&str) -> String, ids: impl Iterator<Item = &'a str>, e: &mut Vec<String>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if id.trim().is_empty() {
            e.push(blank.to_string());
        } else if !seen.insert(id) {
            e.push(repeated(id));
        }
    }
    seen
}

/// Every problem of a plan, in words; empty when it can run.
pub fn validate(p: &Plan) -> Vec<String> {
    let mut e = Vec::new();
    if p.id.trim().is_empty() || p.version.trim().is_empty() {
        e.push(t("预案须有编号（id）和版本（version）").into());
    }
    if p.title.trim().is_empty() || p.institution.trim().is_empty() {
        e.push(t("预案须有名称（title）和机构名称（institution）").into());
    }
    let roles = duplicates(t("角色编号不能为空"), |id| crate::tf!("角色编号重复：{0}", id), p.roles.iter().map(|r| r.id.as_str()), &mut e);
    let role_exists = |id: &str, whose: String, e: &mut Vec<String>| {
        if !roles.contains(id) {
            e.push(crate::tf!("{0}引用了不存在的角色 {1}", whose, id));
        }
    };
    levels(p, &mut e);
    for r in &p.levels {
        role_exists(&r.authority, crate::tf!("{0}的决策者", r.level.label()), &mut e);
    }
    if p.service_hours.open >= p.service_hours.close {
        e.push(crate::tf!("服务时间的开始（{0}）须早于结束（{1}）", p.service_hours.open.format("%H:%M"), p.service_hours.close.format("%H:%M")));
    }
    if p.limits.counter_transfer.0 <= 0 || p.limits.exchange_movement.0 <= 0 {
        e.push(t("单笔金额上限须大于零").into());
    }
    let names = &p.recipient_names;
    if names.regulators.iter().chain(&names.local_regulators).any(|n| n.trim().is_empty()) || names.monitoring_centre.trim().is_empty() {
        e.push(t("报告对象名称不能为空").into());
    }
    let titles = &p.report_titles;
    if [&titles.form, &titles.progress, &titles.summary, &titles.drill_summary].iter().any(|x| x.trim().is_empty()) {
        e.push(t("报告标题不能为空").into());
    }
    duplicates(t("报告单字段编号不能为空"), |id| crate::tf!("报告单字段编号重复：{0}", id), p.report_form.iter().map(|f| f.key.as_str()), &mut e);
    if p.report_form.is_empty() || p.report_form.iter().any(|f| f.heading.trim().is_empty()) {
        e.push(t("报告单须至少有一个字段，且每个字段须有标题").into());
    }
    let ids = duplicates(t("义务编号不能为空"), |id| crate::tf!("义务编号重复：{0}", id), p.obligations.iter().map(|r| r.id.as_str()), &mut e);
    // '#' and '@' separate rounds and starting events in duty keys, '#' steps in checklist keys.
    for id in p.obligations.iter().map(|r| &r.id).chain(p.checklists.iter().map(|c| &c.id)) {
        if id.contains(['#', '@']) {
            e.push(crate::tf!("编号 {0} 不能含有 # 或 @", id));
        }
    }
    if p.id == "edit" || p.id.contains(['/', '@', '#']) {
        e.push(crate::tf!("预案编号 {0} 不可用（不能为 edit，不能含 /、@、#）", p.id));
    }
    for r in &p.roles {
        if r.name.trim().is_empty() {
            e.push(crate::tf!("角色 {0} 须有名称", r.id));
        }
    }
    duplicates(t("出入金步骤编号不能为空"), |id| crate::tf!("出入金步骤编号重复：{0}", id), p.fallback.iter().map(|s| s.id.as_str()), &mut e);
    for r in &p.obligations {
        match r.schedule {
            Schedule::Within { minutes: 0 } | Schedule::Every { minutes: 0 } | Schedule::WorkingDays { days: 0 } => {
                e.push(crate::tf!("义务 {0} 的时限须大于零", r.id));
            }
            _ => {}
        }
        if r.article.trim().is_empty() {
            e.push(crate::tf!("义务 {0} 须注明依据条款", r.id));
        }
        role_exists(&r.responsible, crate::tf!("义务 {0} 的责任人", r.id), &mut e);
        for to in &r.recipients {
            match to {
                Recipient::Role(role) => role_exists(role, crate::tf!("义务 {0} 的报告对象", r.id), &mut e),
                Recipient::Named(name) if name.trim().is_empty() => e.push(crate::tf!("义务 {0} 的报告对象名称不能为空", r.id)),
                _ => {}
            }
        }
    }
    chains(p, &ids, &mut e);
    let phases = duplicates(t("阶段编号不能为空"), |id| crate::tf!("阶段编号重复：{0}", id), p.phases.iter().map(|x| x.id.as_str()), &mut e);
    duplicates(t("清单编号不能为空"), |id| crate::tf!("清单编号重复：{0}", id), p.checklists.iter().map(|x| x.id.as_str()), &mut e);
    for c in &p.checklists {
        if !phases.contains(c.phase.as_str()) {
            e.push(crate::tf!("清单 {0} 引用了不存在的阶段 {1}", c.id, c.phase));
        }
        role_exists(&c.role, crate::tf!("清单 {0} ", c.id), &mut e);
        if c.steps.iter().any(|s| s.trim().is_empty()) || c.steps.is_empty() {
            e.push(crate::tf!("清单 {0} 的步骤不能为空", c.id));
        }
    }
    duplicates(t("条款编号不能为空"), |id| crate::tf!("条款编号重复：{0}", id), p.articles.iter().map(|x| x.id.as_str()), &mut e);
    sort::natural(&mut e);
    e.dedup();
    e
}

/// Thresholds: all three levels, numbers either everywhere (strictly rising) or nowhere (people grade).
fn levels(p: &Plan, e: &mut Vec<String>) {
    let levels: BTreeSet<Level> = p.levels.iter().map(|r| r.level).collect();
    if levels.len() != 3 || p.levels.len() != 3 {
        e.push(t("须为Ⅰ、Ⅱ、Ⅲ级各定义一条分级规则").into());
    }
    let minutes = |l: Level| p.levels.iter().find(|r| r.level == l).and_then(|r| r.daytime_minutes);
    match (minutes(Level::III), minutes(Level::II), minutes(Level::I)) {
        (Some(m3), Some(m2), Some(m1)) => {
            if !(0 < m3 && m3 < m2 && m2 < m1) {
                e.push(crate::tf!("分级阈值须满足 0 < Ⅲ级 < Ⅱ级 < Ⅰ级（现为 {0}、{1}、{2} 分钟）", m3, m2, m1));
            }
        }
        (None, None, None) => {}
        _ => e.push(t("分级阈值须三级都填写（自动定级），或都不填写（人工定级）").into()),
    }
    if let Some(eod) = &p.end_of_day {
        if eod.next_start_affected < eod.next_start_unaffected {
            e.push(t("日终事件影响日间业务开始时的级别不应低于不影响时的级别").into());
        }
    }
}

/// Chains (after-discharge, after-deadline, superseded-by) point at rules that
/// exist, without cycles: a cycle would make a duty wait on itself or vanish.
fn chains(p: &Plan, ids: &BTreeSet<&str>, e: &mut Vec<String>) {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &p.obligations {
        let target = match &r.trigger {
            Trigger::AfterDischarge(t) | Trigger::AfterDeadlineOf(t) => Some(t.as_str()),
            _ => None,
        };
        for t in target.into_iter().chain(r.superseded_by.as_deref()) {
            if !ids.contains(t) {
                e.push(crate::tf!("义务 {0} 引用了不存在的义务 {1}", r.id, t));
            }
            next.entry(r.id.as_str()).or_default().push(t);
        }
        // A cadence counts from another duty's one deadline: that duty must be a one-off.
        if let Trigger::AfterDeadlineOf(t) = &r.trigger {
            if let Some(target) = p.obligations.iter().find(|x| &x.id == t) {
                if !matches!(target.schedule, Schedule::Within { .. }) {
                    e.push(crate::tf!("义务 {0} 自 {1} 的时限起算，但 {1} 不是一次性时限（Within）", r.id, t));
                }
            }
        }
    }
    // Depth-first search over every link; each cycle is named once, by its path.
    fn visit<'a>(at: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, path: &mut Vec<&'a str>, done: &mut BTreeSet<&'a str>, e: &mut Vec<String>) {
        if let Some(pos) = path.iter().position(|x| *x == at) {
            let mut cycle: Vec<&str> = path[pos..].to_vec();
            cycle.push(at);
            e.push(crate::tf!("义务之间存在循环：{0}", cycle.join(" → ")));
            return;
        }
        if !done.insert(at) {
            return;
        }
        path.push(at);
        for t in next.get(at).into_iter().flatten() {
            visit(t, next, path, done, e);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for start in next.keys() {
        visit(start, &next, &mut Vec::new(), &mut done, e);
    }
}

#[cfg(test)]
#[path = "plan_pack_tests.rs"]
mod tests;
