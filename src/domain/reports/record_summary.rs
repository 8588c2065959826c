//! What an incident's record says, in the sentences a report carries: what
//! failed and since when, the level and when it was confirmed, who was told
//! when and how, the manual business done, and where things stand. Built from
//! the log alone, in Chinese (the reports that use it always are).

use crate::domain::base::sort;
use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::EventKind;
use crate::domain::business::exchange_funds::Movements;
use crate::domain::incidents::incident::Incident;
use crate::domain::business::ledger::Ledger;
use crate::domain::base::money::capitals;
use crate::domain::incidents::obligation::{obligations, Obligation, Status};
use crate::domain::plans::plan::Plan;
use crate::domain::base::time::to_beijing;
use chrono::{DateTime, Duration, Utc};

/// A span as a report writes it, to the minute: "35分钟", "1小时10分钟", "2天3小时".
pub fn span(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    let (days, hours, mins) = (m / 1440, (m % 1440) / 60, m % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}分钟"),
        (0, h, 0) => format!("{h}小时"),
        (0, h, m) => format!("{h}小时{m}分钟"),
        (d, h, _) => format!("{d}天{h}小时"),
    }
}

/// A time as a report writes it: "09:06" on the incident's first day,
/// "11-24 09:06" on a later one.
pub fn when(at: DateTime<Utc>, first_day: DateTime<Utc>) -> String {
    let (b, d0) = (to_beijing(at), to_beijing(first_day));
    if b.date_naive() == d0.date_naive() { b.format("%H:%M").to_string() } else { b.format("%m-%d %H:%M").to_string() }
}

/// What failed and since when: "2026年11月23日 09:00 起，日间业务出现系统异常；09:06 发现。"
pub fn what_failed(incident: &Incident) -> String {
    let f = &incident.state().facts;
    let phenomenon = if f.phenomenon.subcategory.is_empty() { f.phenomenon.kind.name().to_string() } else { format!("{}（{}）", f.phenomenon.kind.name(), f.phenomenon.subcategory) };
    let start = to_beijing(f.started_at).format("%Y年%-m月%-d日 %H:%M");
    format!("{start} 起，{}出现{phenomenon}；{} 发现。", f.period.name(), when(f.discovered_at, f.started_at))
}

/// How the level came about, one clause per step: "09:11 定为Ⅲ级（…）；09:12 确认Ⅲ级".
pub fn level_course(incident: &Incident) -> String {
    let day0 = incident.state().facts.started_at;
    let steps: Vec<String> = incident
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Classified { level, effective_at, rule } => Some(format!("{} 达到{}（{}）", when(*effective_at, day0), level.label(), rule.describe())),
            EventKind::Reclassified { .. } | EventKind::LevelConfirmed { .. } => Some(format!("{} {}", when(e.occurred_at, day0), e.kind.title())),
            _ => None,
        })
        .collect();
    steps.join("；")
}

/// The duties done, earliest first.
pub fn done_in_order(all: &[Obligation]) -> Vec<&Obligation> {
    let mut done: Vec<&Obligation> = all.iter().filter(|o| matches!(o.status, Status::DoneOnTime | Status::DoneLate) && o.discharge.is_some()).collect();
    sort::by_key(&mut done, |o| o.discharge.as_ref().map(|d| d.at));
    done
}

/// Who was told when and how: "09:10 电话 大连商品交易所、中信期货；09:30 传真 …", earliest first.
pub fn who_was_told(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> String {
    let day0 = incident.state().facts.started_at;
    let all = obligations(incident, &plan.obligations, cal, now);
    let lines: Vec<String> = done_in_order(&all)
        .into_iter()
        .filter_map(|o| {
            let d = o.discharge.as_ref()?;
            let to = if d.recipients.is_empty() { o.rule.title.clone() } else { d.recipients.join("、") };
            Some(format!("{} 以{}告知{}", when(d.at, day0), d.channel.name(), to))
        })
        .collect();
    lines.join("；")
}

/// The duties that were late or are still missed, each with its deadline and
/// when it was met, if it was; earliest deadline first.
pub fn late_and_missed(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Vec<String> {
    let day0 = incident.state().facts.started_at;
    let mut late: Vec<Obligation> =
        obligations(incident, &plan.obligations, cal, now).into_iter().filter(|o| matches!(o.status, Status::DoneLate | Status::Overdue)).collect();
    sort::by_key(&mut late, |o| o.deadline);
    late.iter()
        .map(|o| {
            let met = match (&o.status, &o.discharge) {
                (Status::DoneLate, Some(d)) if !d.delay_reason.is_empty() => format!("{} 完成，延误原因：{}", when(d.at, day0), d.delay_reason),
                (Status::DoneLate, Some(d)) => format!("{} 完成", when(d.at, day0)),
                _ => "未完成".to_string(),
            };
            format!("{}（{}）：时限 {}，{}", o.rule.title, o.rule.article, when(o.deadline, day0), met)
        })
        .collect()
}

/// The manual business, counts and totals with capitals; empty when none was done.
pub fn manual_business(incident: &Incident) -> String {
    let mut parts = Vec::new();
    let ledger = Ledger::from_events(incident.events());
    let (_, by_direction) = ledger.totals();
    let transfers: Vec<String> = by_direction
        .iter()
        .filter(|(_, t)| t.count > 0)
        .map(|(d, t)| format!("{} {} 笔，合计 ¥{}（{}）", d.name(), t.count, t.amount, capitals(t.amount)))
        .collect();
    if !transfers.is_empty() {
        parts.push(format!("柜面办理银期转账：{}（已扣除冲正）", transfers.join("；")));
    }
    let moves: Vec<String> = Movements::from_events(incident.events())
        .totals()
        .into_iter()
        .map(|((x, d), (n, a))| format!("{}{} {} 笔，合计 ¥{}（{}）", x.name(), d.name(), n, a, capitals(a)))
        .collect();
    if !moves.is_empty() {
        parts.push(format!("交易所出入金：{}", moves.join("；")));
    }
    if parts.is_empty() { String::new() } else { format!("{}。", parts.join("；")) }
}

/// Where things stand: still down and for how long, or restored when.
pub fn state_now(incident: &Incident, now: DateTime<Utc>) -> String {
    let s = incident.state();
    let duration = span(s.duration(now));
    match s.restored_at {
        None => format!("目前尚未恢复，已持续{duration}。"),
        Some(at) => format!("已于 {} 恢复正常服务，历时{duration}。", to_beijing(at).format("%Y年%-m月%-d日 %H:%M")),
    }
}

/// The notes people recorded, earliest first: "09:20 切换备用线路".
pub fn notes(incident: &Incident) -> String {
    let day0 = incident.state().facts.started_at;
    incident
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note { text, .. } => Some(format!("{} {}", when(e.occurred_at, day0), text)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The course of events for a report's 简要经过: each part a line of its own, parts the record lacks left out.
pub fn course(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> String {
    let f = &incident.state().facts;
    let mut lines = Vec::new();
    if !f.description.trim().is_empty() {
        lines.push(f.description.trim().to_string());
    }
    lines.push(what_failed(incident));
    let levels = level_course(incident);
    if !levels.is_empty() {
        lines.push(format!("定级：{levels}。"));
    }
    let told = who_was_told(incident, plan, cal, now);
    if !told.is_empty() {
        lines.push(format!("报告与通知：{told}。"));
    }
    let business = manual_business(incident);
    if !business.is_empty() {
        lines.push(format!("应急业务：{business}"));
    }
    lines.push(state_now(incident, now));
    lines.join("\n")
}
