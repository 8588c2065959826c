//! The new-incident form as typed, and its validation into `IncidentFacts`.
//! Messages are field-level, in the screen language, ready to show beside each input.

use crate::domain::base::sort;
use crate::domain::events::facts::{AffectedBusiness, Answer, Exchange, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use crate::domain::base::i18n::t;
use crate::domain::base::text::{clean, clean_line, split_names};
use crate::domain::base::time::{format_beijing_minutes, parse_datetime_local};
use chrono::{DateTime, Duration, Utc};

/// Times up to this far ahead of the workstation clock are accepted: the
/// form has minute resolution and clocks drift.
const FUTURE_TOLERANCE: Duration = Duration::seconds(60);
/// Anything older is almost surely a typo in the year (0202 for 2026).
const OLDEST: Duration = Duration::days(366);
pub const TITLE_MAX_CHARS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentDraft {
    pub title: String,
    pub description: String,
    /// As typed into `datetime-local` inputs, Beijing time.
    pub discovered_at: String,
    pub started_at: String,
    pub period: Period,
    pub phenomenon: Option<PhenomenonKind>,
    pub subcategory: String,
    pub exchanges: Vec<Exchange>,
    /// Futures companies whose 银期转账 is affected, separated by commas or 、.
    pub futures_companies: String,
    pub data_submission: bool,
    pub parties: String,
    pub bank_caused: Answer,
    pub reporting_unit: String,
    pub reporter: String,
    pub next_start_affected: Answer,
    /// Filled when the incident is recorded after service was already restored.
    pub restored_at: String,
}

/// A validated new incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIncident {
    pub facts: IncidentFacts,
    pub restored_at: Option<DateTime<Utc>>,
}

impl Default for IncidentDraft {
    fn default() -> Self {
        IncidentDraft {
            title: String::new(),
            description: String::new(),
            discovered_at: String::new(),
            started_at: String::new(),
            period: Period::Daytime,
            phenomenon: None,
            subcategory: String::new(),
            exchanges: Vec::new(),
            futures_companies: String::new(),
            data_submission: false,
            parties: String::new(),
            bank_caused: Answer::Unknown,
            reporting_unit: String::new(),
            reporter: String::new(),
            next_start_affected: Answer::Unknown,
            restored_at: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    DiscoveredAt,
    StartedAt,
    Phenomenon,
    RestoredAt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

fn err(field: Field, message: impl Into<String>) -> FieldError {
    FieldError { field, message: message.into() }
}

impl IncidentDraft {
    /// `what` names the field ("发现时间"); `missing` is the message for a blank one.
    fn time(&self, field: Field, text: &str, what: &str, missing: &str, now: DateTime<Utc>, errors: &mut Vec<FieldError>) -> Option<DateTime<Utc>> {
        if text.trim().is_empty() {
            errors.push(err(field, missing));
            return None;
        }
        let Some(t) = parse_datetime_local(text) else {
            errors.push(err(field, crate::tf!("{0}格式不正确，请按“年-月-日 时:分”填写", what)));
            return None;
        };
        if t > now + FUTURE_TOLERANCE {
            errors.push(err(
                field,
                crate::tf!("{0}不能晚于当前时间（北京时间 {1}）", what, format_beijing_minutes(now)),
            ));
            return None;
        }
        if t < now - OLDEST {
            errors.push(err(field, crate::tf!("{0}早于一年前，请检查年份", what)));
            return None;
        }
        Some(t)
    }

    /// The draft a correction starts from: the facts as now recorded.
    pub fn from_facts(f: &IncidentFacts) -> IncidentDraft {
        use crate::domain::base::time::to_datetime_local;
        let mut exchanges = Vec::new();
        let mut companies = Vec::new();
        let mut data_submission = false;
        for a in &f.affected {
            match a {
                AffectedBusiness::ExchangeFunds(x) => exchanges.push(*x),
                AffectedBusiness::BankFuturesTransfer { futures_company } => companies.push(futures_company.clone()),
                AffectedBusiness::DataSubmission => data_submission = true,
            }
        }
        IncidentDraft {
            title: f.title.clone(),
            description: f.description.clone(),
            discovered_at: to_datetime_local(f.discovered_at),
            started_at: to_datetime_local(f.started_at),
            period: f.period,
            phenomenon: Some(f.phenomenon.kind),
            subcategory: f.phenomenon.subcategory.clone(),
            exchanges,
            futures_companies: companies.join(t("、")),
            data_submission,
            parties: f.parties.clone(),
            bank_caused: f.bank_caused,
            reporting_unit: f.reporting_unit.clone(),
            reporter: f.reporter.clone(),
            next_start_affected: f.next_start_affected,
            restored_at: String::new(),
        }
    }

    /// The facts and the restoration time (if already restored), or every
    /// problem found, each tied to its field.
    pub fn validate_new(&self, now: DateTime<Utc>) -> Result<NewIncident, Vec<FieldError>> {
        let facts = self.validate(now);
        let restored = if self.restored_at.trim().is_empty() {
            Ok(None)
        } else {
            match &facts {
                Ok(f) => parse_event_time(&self.restored_at, f.started_at, now).map(Some),
                Err(_) => parse_datetime_local(&self.restored_at).map(Some).ok_or_else(|| t("时间格式不正确，请按“年-月-日 时:分”填写").to_string()),
            }
            .map_err(|m| err(Field::RestoredAt, crate::tf!("恢复{0}", m)))
        };
        match (facts, restored) {
            (Ok(facts), Ok(restored_at)) => Ok(NewIncident { facts, restored_at }),
            (Ok(_), Err(e)) => Err(vec![e]),
            (Err(mut es), Err(e)) => {
                es.push(e);
                Err(es)
            }
            (Err(es), Ok(_)) => Err(es),
        }
    }

    /// The facts, or every problem found, each tied to its field.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<IncidentFacts, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = &clean_line(&self.title);
        if title.is_empty() {
            errors.push(err(Field::Title, t("请填写事件标题")));
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push(err(Field::Title, crate::tf!("标题请控制在{0}字以内", TITLE_MAX_CHARS)));
        }
        let discovered = self.time(Field::DiscoveredAt, &self.discovered_at, t("发现时间"), t("请填写发现时间"), now, &mut errors);
        let started = self.time(Field::StartedAt, &self.started_at, t("开始时间"), t("请填写开始时间"), now, &mut errors);
        if let (Some(s), Some(d)) = (started, discovered) {
            if s > d {
                errors.push(err(Field::StartedAt, t("开始时间不能晚于发现时间")));
            }
        }
        if self.phenomenon.is_none() {
            errors.push(err(Field::Phenomenon, t("请选择事件现象：系统异常、应用异常或数据异常")));
        }
        match (errors.is_empty(), discovered, started, self.phenomenon) {
            (true, Some(discovered_at), Some(started_at), Some(kind)) => Ok(IncidentFacts {
                title: title.to_string(),
                description: clean(&self.description),
                discovered_at,
                started_at,
                period: self.period,
                phenomenon: Phenomenon { kind, subcategory: clean_line(&self.subcategory) },
                affected: self.affected(),
                parties: clean_line(&self.parties),
                bank_caused: self.bank_caused,
                reporting_unit: clean_line(&self.reporting_unit),
                reporter: clean_line(&self.reporter),
                next_start_affected: match self.period {
                    Period::EndOfDay => self.next_start_affected,
                    Period::Daytime => Answer::Unknown,
                },
            }),
            _ => Err(errors),
        }
    }

    fn affected(&self) -> Vec<AffectedBusiness> {
        let mut exchanges = self.exchanges.clone();
        sort::natural(&mut exchanges);
        exchanges.dedup();
        let mut out: Vec<AffectedBusiness> = exchanges.into_iter().map(AffectedBusiness::ExchangeFunds).collect();
        out.extend(
            split_names(&self.futures_companies)
                .into_iter()
                .map(|futures_company| AffectedBusiness::BankFuturesTransfer { futures_company }),
        );
        if self.data_submission {
            out.push(AffectedBusiness::DataSubmission);
        }
        out
    }
}

/// Reads the time of a later entry (a note, the restoration): not before the
/// incident started, not in the future.
pub fn parse_event_time(text: &str, started_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let at = parse_datetime_local(text).ok_or_else(|| t("时间格式不正确，请按“年-月-日 时:分”填写").to_string())?;
    if at > now + FUTURE_TOLERANCE {
        return Err(crate::tf!("时间不能晚于当前时间（北京时间 {0}）", format_beijing_minutes(now)));
    }
    if at < started_at {
        return Err(crate::tf!("时间不能早于事件开始时间（北京时间 {0}）", format_beijing_minutes(started_at)));
    }
    Ok(at)
}

/// The time of an entry whose field was prefilled with the current minute:
/// left as it was, the exact instant of submission counts, because the field
/// shows whole minutes and would otherwise backdate the entry (a call made at
/// 09:17:30 must not count as made by a 09:17:00 deadline).
pub fn entry_time(text: &str, prefilled: &str, started_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if text.trim() == prefilled.trim() {
        Ok(now)
    } else {
        parse_event_time(text, started_at, now)
    }
}

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;

#[cfg(test)]
mod event_time_tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn entries_must_fall_between_the_start_and_now() {
        let started = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap(); // 09:00 Beijing
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(); // 10:00 Beijing
        assert!(parse_event_time("2026-11-23T09:30", started, now).is_ok());
        assert!(parse_event_time("2026-11-23T08:30", started, now).unwrap_err().contains("早于事件开始"));
        assert!(parse_event_time("2026-11-23T10:30", started, now).unwrap_err().contains("晚于当前时间"));
        assert!(parse_event_time("", started, now).unwrap_err().contains("格式不正确"));
        assert!(parse_event_time("2026-11-23T08:59", started, now).is_err(), "not even a minute before the start");
    }

    #[test]
    fn an_untouched_prefilled_time_means_the_exact_instant() {
        let started = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 1, 17, 30).unwrap(); // 09:17:30 Beijing
        assert_eq!(entry_time("2026-11-23T09:17", "2026-11-23T09:17", started, now), Ok(now));
        let typed = entry_time("2026-11-23T09:10", "2026-11-23T09:17", started, now).unwrap();
        assert_eq!(typed, Utc.with_ymd_and_hms(2026, 11, 23, 1, 10, 0).unwrap());
    }
}
