//! After the emergency (第十六条–第十八条, 第二十二条): the special monitoring
//! period in working days, its daily records, and when the incident may close.

use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::EventKind;
use crate::domain::base::i18n::t;
use crate::domain::incidents::incident::Incident;
use crate::domain::base::level::Level;
use crate::domain::incidents::obligation::obligations;
use crate::domain::plans::plan::Plan;
use crate::domain::base::time::beijing_date;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Working days of special monitoring by level (第十八条): at least five for Ⅰ and Ⅱ, three for Ⅲ.
pub fn monitoring_days(level: Option<Level>) -> u32 {
    match level {
        Some(Level::I) | Some(Level::II) => 5,
        Some(Level::III) => 3,
        None => 0,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closeout {
    pub ended_at: DateTime<Utc>,
    /// The working days to monitor, in order.
    pub days: Vec<NaiveDate>,
    /// Records by day: whether all was normal, and the note.
    pub records: BTreeMap<NaiveDate, (bool, String)>,
    /// Every duty close-out waits for (`blocks_closeout`: the summary reports)
    /// is done or not applicable.
    pub summary_settled: bool,
    /// The open ones, by title and article, to name in the blocker.
    pub waiting_for: Vec<(String, String)>,
    pub closed: bool,
}

impl Closeout {
    /// The instant the last monitoring day is over.
    pub fn monitoring_ends(&self, cal: &Calendar) -> Option<DateTime<Utc>> {
        self.days.last().map(|d| cal.working_days_deadline(crate::domain::base::time::beijing_instant(*d, chrono::NaiveTime::MIN), 0))
    }

    /// The earliest monitoring day not yet recorded that has begun by `now`
    /// (a day is recorded on or after it, never ahead).
    pub fn recordable_day(&self, now: DateTime<Utc>) -> Option<NaiveDate> {
        let today = beijing_date(now);
        self.days.iter().find(|d| !self.records.contains_key(d) && **d <= today).copied()
    }

    /// Why the incident cannot be closed yet at `now`; empty when it can.
    pub fn blockers(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut out = Vec::new();
        let today = beijing_date(now);
        if let Some(last) = self.days.last() {
            if today <= *last {
                out.push(crate::tf!("特别监控期至 {0} 结束（第十八条）", crate::domain::base::time::format_day(*last)));
            }
        }
        let missing: Vec<String> = self.days.iter().filter(|d| !self.records.contains_key(d)).map(|d| crate::domain::base::time::format_day(*d)).collect();
        if !missing.is_empty() {
            out.push(crate::tf!("缺少监控记录：{0}", missing.join(t("、"))));
        }
        if !self.summary_settled {
            for (title, article) in &self.waiting_for {
                out.push(crate::tf!("尚未完成：{0}（{1}）", crate::domain::base::i18n::tr(title), crate::domain::base::i18n::tr(article)));
            }
        }
        out
    }
}

/// The close-out of an ended incident, or `None` while it is still open.
pub fn closeout(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Option<Closeout> {
    let state = incident.state();
    let ended_at = state.restored_at?;
    let n = monitoring_days(state.level);
    let days: Vec<NaiveDate> = (1..=n).map(|k| cal.nth_working_day_after(beijing_date(ended_at), k)).collect();
    let mut records = BTreeMap::new();
    for e in incident.events() {
        if let EventKind::MonitoringRecorded { day, normal, note } = &e.kind {
            records.insert(*day, (*normal, note.clone()));
        }
    }
    // By the plan's mark on the rule, never by its id: each plan names its own duties.
    let waiting_for: Vec<(String, String)> = obligations(incident, &plan.obligations, cal, now)
        .into_iter()
        .filter(|o| o.rule.blocks_closeout && o.status.is_open())
        .map(|o| (o.rule.title.clone(), o.rule.article.clone()))
        .collect();
    Some(Closeout { ended_at, days, records, summary_settled: waiting_for.is_empty(), waiting_for, closed: state.closed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::event::{Author, Event};
    use crate::domain::events::facts::{Answer, Period};
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::events::rule::Rule;
    use crate::domain::events::channel::Channel;

    fn ev(id: &str, at: &str, kind: EventKind) -> Event {
        Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "王".into(), role: String::new() }, kind }
    }

    fn ended(level: Level, start: &str, end: &str) -> Incident {
        let mut f = facts(Period::Daytime, start);
        f.bank_caused = Answer::Yes;
        let opened = ev("e0", start, EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None });
        let mut inc = Incident::open("i".into(), opened).unwrap();
        let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条".into() };
        inc.append(ev("r", start, EventKind::Classified { level, effective_at: t(start), rule })).unwrap();
        inc.append(ev("end", end, EventKind::ServiceRestored { note: String::new() })).unwrap();
        inc
    }

    #[test]
    fn the_securities_plan_waits_for_its_own_summary_by_the_rules_mark_not_its_id() {
        let (plan, cal) = (Plan::securities_company(), Calendar::china_builtin());
        let summary: Vec<&str> = plan.obligations.iter().filter(|r| r.blocks_closeout).map(|r| r.id.as_str()).collect();
        assert_eq!(summary, vec!["assess-response"]);
        let mut f = facts(Period::Daytime, "2026-11-23T09:00");
        f.bank_caused = Answer::Yes;
        let opened = ev("e0", "2026-11-23T09:00", EventKind::Opened { facts: f, plan_id: plan.id.clone(), plan_version: plan.version.clone(), drill: None });
        let mut inc = Incident::open("i".into(), opened).unwrap();
        let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条".into() };
        inc.append(ev("r", "2026-11-23T09:00", EventKind::Classified { level: Level::III, effective_at: t("2026-11-23T09:00"), rule })).unwrap();
        inc.append(ev("end", "2026-11-23T10:00", EventKind::ServiceRestored { note: String::new() })).unwrap();
        let late = t("2026-12-31T09:00");
        let c = closeout(&inc, &plan, &cal, late).unwrap();
        assert_eq!(c.waiting_for.iter().map(|(title, _)| title.as_str()).collect::<Vec<_>>(), vec!["评估处置效果，总结经验教训"]);
        assert!(!c.summary_settled);
        let kind = EventKind::ObligationDischarged { key: "assess-response".into(), channel: Channel::Email, recipients: vec![], reference: "总结报告".into(), note: String::new(), delay_reason: String::new() };
        inc.append(ev("s", "2026-11-24T15:00", kind)).unwrap();
        assert!(closeout(&inc, &plan, &cal, late).unwrap().summary_settled);
    }

    #[test]
    fn monitoring_runs_three_or_five_working_days_after_the_end() {
        let (plan, cal) = (Plan::bank_depository(), Calendar::china_builtin());
        let inc = ended(Level::III, "2026-09-30T10:00", "2026-09-30T16:00");
        let c = closeout(&inc, &plan, &cal, t("2026-10-01T09:00")).unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(c.days, vec![d(10, 8), d(10, 9), d(10, 10)]);
        assert_eq!(c.monitoring_ends(&cal), Some(t("2026-10-11T00:00")));

        let inc = ended(Level::II, "2026-02-13T09:00", "2026-02-13T11:00");
        let c = closeout(&inc, &plan, &cal, t("2026-02-14T09:00")).unwrap();
        assert_eq!(c.days, vec![d(2, 14), d(2, 24), d(2, 25), d(2, 26), d(2, 27)]);
    }

    #[test]
    fn monitoring_into_a_year_without_a_schedule_skips_the_statutory_holidays() {
        let plan = Plan::bank_depository();
        let mut cal = Calendar::china_builtin();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // A Ⅱ incident ended Fri 2026-12-25: 元旦 2027 is not a monitoring working day.
        let inc = ended(Level::II, "2026-12-25T09:00", "2026-12-25T16:00");
        let c = closeout(&inc, &plan, &cal, t("2026-12-26T09:00")).unwrap();
        assert_eq!(c.days, vec![d(2026, 12, 28), d(2026, 12, 29), d(2026, 12, 30), d(2026, 12, 31), d(2027, 1, 4)]);
        assert_eq!(c.monitoring_ends(&cal), Some(t("2027-01-05T00:00")));
        assert!(cal.is_provisional_span(beijing_date(c.ended_at), *c.days.last().unwrap()), "the last day is counted in 2027");
        assert!(!cal.is_provisional(c.days[3]) && cal.is_provisional(c.days[4]));
        // Once 2027's arrangement is imported, it alone decides (here 01-04 is part of a long 元旦 break).
        cal.import_text("2027-01-01,休\n2027-01-02,休\n2027-01-03,休\n2027-01-04,休\n").unwrap();
        let c = closeout(&inc, &plan, &cal, t("2026-12-26T09:00")).unwrap();
        assert_eq!(c.days[4], d(2027, 1, 5));
        assert!(!cal.is_provisional_span(beijing_date(c.ended_at), *c.days.last().unwrap()));
    }

    #[test]
    fn closing_waits_for_the_period_every_record_and_the_summary_report() {
        let (plan, cal) = (Plan::bank_depository(), Calendar::china_builtin());
        let mut inc = ended(Level::III, "2026-11-23T09:00", "2026-11-23T10:00");
        let c = closeout(&inc, &plan, &cal, t("2026-11-24T09:00")).unwrap();
        let blockers = c.blockers(t("2026-11-24T09:00"));
        assert_eq!(blockers.len(), 4, "{blockers:?}");
        assert!(blockers.contains(&"尚未完成：向监管机构上报突发事件处理总结报告（Ⅲ级）（第二十二条（三））".to_string()), "{blockers:?}");
        assert_eq!(c.recordable_day(t("2026-11-23T18:00")), None, "monitoring starts the next working day");
        assert_eq!(c.recordable_day(t("2026-11-24T09:00")), NaiveDate::from_ymd_opt(2026, 11, 24));
        for (i, day) in ["2026-11-24", "2026-11-25", "2026-11-26"].iter().enumerate() {
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            inc.append(ev(&format!("m{i}"), "2026-11-26T17:00", EventKind::MonitoringRecorded { day, normal: true, note: "运行正常".into() })).unwrap();
        }
        let kind = EventKind::ObligationDischarged { key: "summary-report-iii".into(), channel: Channel::Fax, recipients: vec![], reference: "总结报告".into(), note: String::new(), delay_reason: String::new() };
        inc.append(ev("s", "2026-11-24T15:00", kind)).unwrap();
        let c = closeout(&inc, &plan, &cal, t("2026-11-26T18:00")).unwrap();
        assert_eq!(c.waiting_for.len(), 1, "the branch's own report to its local regulators is still open");
        let kind = EventKind::ObligationNotApplicable { key: "local-summary-report".into(), reason: "当地无此要求".into() };
        inc.append(ev("l", "2026-11-24T15:00", kind)).unwrap();
        let c = closeout(&inc, &plan, &cal, t("2026-11-26T18:00")).unwrap();
        assert_eq!(c.blockers(t("2026-11-26T18:00")), vec!["特别监控期至 2026-11-26 结束（第十八条）".to_string()]);
        assert!(c.blockers(t("2026-11-27T08:00")).is_empty());
    }
}
