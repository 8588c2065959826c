//! Customising a plan in the app: the institution's name, recipient names,
//! thresholds, deadlines, service hours and limits, as typed into a form. The
//! result is a new version of the plan (the old one stays for old incidents),
//! checked by the same validation as an imported pack.

use crate::domain::base::i18n::{t, tr};
use crate::domain::base::money::{parse_amount, Fen};
use crate::domain::plans::plan::Plan;
use crate::domain::plans::plan_pack::validate;
use crate::domain::plans::playbook::Schedule;
use chrono::NaiveTime;

/// The form as typed: every field text, so each gets its own message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanForm {
    pub institution: String,
    /// Names separated by "、", "，" or new lines.
    pub regulators: String,
    pub local_regulators: String,
    pub monitoring_centre: String,
    /// Minutes for Ⅲ, Ⅱ, Ⅰ (blank in all three: people grade).
    pub thresholds: [String; 3],
    pub open: String,
    pub close: String,
    /// (obligation id, minutes or working days) in the plan's order.
    pub deadlines: Vec<(String, String)>,
    /// Yuan.
    pub counter_cap: String,
    pub exchange_cap: String,
}

fn minutes_of(s: &Schedule) -> u32 {
    match s {
        Schedule::Within { minutes } | Schedule::Every { minutes } => *minutes,
        Schedule::WorkingDays { days } => *days,
    }
}

/// "分钟", "分钟一次" or "个工作日": what the number of a deadline counts.
pub fn deadline_unit(s: &Schedule) -> &'static str {
    match s {
        Schedule::Within { .. } => t("分钟内"),
        Schedule::Every { .. } => t("分钟一次"),
        Schedule::WorkingDays { .. } => t("个工作日内"),
    }
}

/// Yuan as typed back into the form: fen kept ("10000000" or "1234.56"), no grouping.
fn yuan(f: Fen) -> String {
    if f.0 % 100 == 0 { (f.0 / 100).to_string() } else { format!("{}.{:02}", f.0 / 100, f.0 % 100) }
}

impl PlanForm {
    pub fn from_plan(p: &Plan) -> PlanForm {
        let level_minutes = |i: usize| p.levels.get(i).and_then(|r| r.daytime_minutes).map_or(String::new(), |m| m.to_string());
        PlanForm {
            institution: p.institution.clone(),
            regulators: p.recipient_names.regulators.join(t("、")),
            local_regulators: p.recipient_names.local_regulators.join(t("、")),
            monitoring_centre: p.recipient_names.monitoring_centre.clone(),
            thresholds: [level_minutes(0), level_minutes(1), level_minutes(2)],
            open: p.service_hours.open.format("%H:%M").to_string(),
            close: p.service_hours.close.format("%H:%M").to_string(),
            deadlines: p.obligations.iter().map(|r| (r.id.clone(), minutes_of(&r.schedule).to_string())).collect(),
            counter_cap: yuan(p.limits.counter_transfer),
            exchange_cap: yuan(p.limits.exchange_movement),
        }
    }

    /// The customised plan as version `version` of `base`, or every problem.
    pub fn apply(&self, base: &Plan, version: String) -> Result<Plan, Vec<String>> {
        let mut e = Vec::new();
        let mut p = base.clone();
        p.version = version;
        p.based_on = Some(base.key());
        p.institution = self.institution.trim().to_string();
        if p.institution.is_empty() {
            e.push(t("机构名称：请填写").to_string());
        }
        p.recipient_names.regulators = crate::domain::base::text::split_names(&self.regulators);
        p.recipient_names.local_regulators = crate::domain::base::text::split_names(&self.local_regulators);
        p.recipient_names.monitoring_centre = self.monitoring_centre.trim().to_string();
        if p.recipient_names.regulators.is_empty() {
            e.push(t("监管机构：至少填写一个名称").to_string());
        }
        let blank = self.thresholds.iter().all(|t| t.trim().is_empty());
        for (i, text) in self.thresholds.iter().enumerate() {
            let Some(rule) = p.levels.get_mut(i) else { continue };
            rule.daytime_minutes = if blank {
                None
            } else {
                match text.trim().parse::<u32>() {
                    Ok(m) if m > 0 => Some(m),
                    _ => {
                        e.push(crate::tf!("{0}阈值：请填写大于零的整数分钟（三级都不填则为人工定级）", rule.level.label()));
                        None
                    }
                }
            };
        }
        match (parse_time(&self.open), parse_time(&self.close)) {
            (Some(open), Some(close)) => {
                p.service_hours.open = open;
                p.service_hours.close = close;
            }
            _ => e.push(t("服务时间：请按 08:30 的格式填写开始和结束时间").to_string()),
        }
        for (id, text) in &self.deadlines {
            let Some(rule) = p.obligations.iter_mut().find(|r| &r.id == id) else {
                e.push(crate::tf!("义务 {0}：预案中没有这一项", id));
                continue;
            };
            match text.trim().parse::<u32>() {
                Ok(n) if n > 0 => {
                    rule.schedule = match rule.schedule {
                        Schedule::Within { .. } => Schedule::Within { minutes: n },
                        Schedule::Every { .. } => Schedule::Every { minutes: n },
                        Schedule::WorkingDays { .. } => Schedule::WorkingDays { days: n },
                    }
                }
                _ => e.push(crate::tf!("{0}：时限请填写大于零的整数", tr(&rule.title))),
            }
        }
        match parse_amount(&self.counter_cap, None) {
            Ok(f) => p.limits.counter_transfer = f,
            Err(err) => e.push(crate::tf!("柜面转账单笔上限：{0}", err)),
        }
        match parse_amount(&self.exchange_cap, None) {
            Ok(f) => p.limits.exchange_movement = f,
            Err(err) => e.push(crate::tf!("出入金单笔上限：{0}", err)),
        }
        if e.is_empty() {
            e.extend(validate(&p));
        }
        if e.is_empty() { Ok(p) } else { Err(e) }
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips_the_built_in_plan() {
        let base = Plan::bank_depository();
        let mut same = PlanForm::from_plan(&base).apply(&base, "1".into()).unwrap();
        same.based_on = None;
        assert_eq!(same, base);
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let base = Plan::bank_depository();
        let mut form = PlanForm::from_plan(&base);
        form.institution = " ".into();
        form.regulators = String::new();
        form.thresholds = ["30".into(), "x".into(), "120".into()];
        form.open = "8点半".into();
        form.deadlines[0].1 = "0".into();
        form.counter_cap = "-5".into();
        let errors = form.apply(&base, "1+local.1".into()).unwrap_err().join("\n");
        for needle in ["机构名称", "监管机构", "Ⅱ级阈值", "服务时间", "时限请填写大于零的整数", "柜面转账单笔上限"] {
            assert!(errors.contains(needle), "{needle} in {errors}");
        }
        // Numbers that parse but make an impossible plan are caught by the pack's validation.
        let mut form = PlanForm::from_plan(&base);
        form.thresholds = ["30".into(), "20".into(), "120".into()];
        assert!(form.apply(&base, "1+local.1".into()).unwrap_err()[0].contains("分级阈值须满足"));
    }

    #[test]
    fn limits_keep_their_fen_through_the_form() {
        let mut base = Plan::bank_depository();
        base.limits.counter_transfer = Fen(123_456);
        let p = PlanForm::from_plan(&base).apply(&base, "1+local.1".into()).unwrap();
        assert_eq!(p.limits.counter_transfer, Fen(123_456));
    }

}
