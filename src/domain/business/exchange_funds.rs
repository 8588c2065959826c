//! Fund movements with an exchange while its line to the bank is down
//! (第二十条): DCE by hand at the counter, ZCE by disk import first. A ledger of
//! movements with totals, and each exchange's fallback steps as a checklist.

use crate::domain::business::account::{mask, parse_account, AccountKind};
use crate::domain::business::counterparty::Counterparties;
use crate::domain::business::ledger::dual_control;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::facts::Exchange;
use crate::domain::events::movement::{ExchangeMovement, MovementDirection, MovementMode};
use crate::domain::base::i18n::t;
use crate::domain::base::money::{capitals, parse_amount, Fen};
use crate::domain::base::time::{format_beijing_minutes, parse_datetime_local};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovementEntry {
    pub movement: ExchangeMovement,
    pub reconciled: bool,
    /// Voided (recorded in error), with the reason: kept, but out of the totals.
    pub voided: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Movements {
    pub entries: Vec<MovementEntry>,
    /// Checklist steps done, with their notes.
    pub steps_done: BTreeMap<String, String>,
}

impl Movements {
    pub fn from_events(events: &[Event]) -> Movements {
        let mut m = Movements::default();
        let mut seen = BTreeSet::new();
        for e in events {
            match &e.kind {
                EventKind::MovementRecorded { movement } if seen.insert(movement.id.clone()) => {
                    m.entries.push(MovementEntry { movement: movement.clone(), reconciled: false, voided: None });
                }
                EventKind::MovementReconciled { movement_id } => {
                    if let Some(x) = m.entries.iter_mut().find(|x| &x.movement.id == movement_id) {
                        x.reconciled = true;
                    }
                }
                EventKind::MovementVoided { movement_id, reason } => {
                    if let Some(x) = m.entries.iter_mut().find(|x| &x.movement.id == movement_id) {
                        x.voided.get_or_insert_with(|| reason.clone());
                    }
                }
                EventKind::ChecklistStepDone { step_id, note } => {
                    m.steps_done.entry(step_id.clone()).or_insert_with(|| note.clone());
                }
                _ => {}
            }
        }
        m
    }

    /// Count and amount per exchange and direction.
    pub fn totals(&self) -> BTreeMap<(Exchange, MovementDirection), (usize, Fen)> {
        let mut out: BTreeMap<(Exchange, MovementDirection), (usize, Fen)> = BTreeMap::new();
        for e in self.entries.iter().filter(|e| e.voided.is_none()) {
            let t = out.entry((e.movement.exchange, e.movement.direction)).or_insert((0, Fen::ZERO));
            t.0 += 1;
            t.1 = t.1 + e.movement.amount;
        }
        out
    }

    pub fn instruction_taken(&self, exchange: Exchange, instruction: &str) -> bool {
        let i = crate::domain::business::ledger::normalise_voucher(instruction);
        self.entries.iter().any(|e| e.voided.is_none() && e.movement.exchange == exchange && crate::domain::business::ledger::normalise_voucher(&e.movement.instruction) == i)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovementDraft {
    pub at: String,
    pub exchange: Exchange,
    pub direction: MovementDirection,
    pub member: String,
    pub from_account: String,
    pub to_account: String,
    pub amount: String,
    pub instruction: String,
    pub mode: MovementMode,
    pub operator: String,
    pub reviewer: String,
    pub note: String,
}

/// The fields of the movement form, for messages beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MovementField {
    At,
    Mode,
    Member,
    FromAccount,
    ToAccount,
    Amount,
    Instruction,
    Operator,
    Reviewer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovementError {
    pub field: MovementField,
    pub message: String,
}

impl MovementDraft {
    /// A movement, or every problem by field. The member must be one of `known`
    /// (stored in its known spelling); two different people are required.
    pub fn validate(&self, id: String, movements: &Movements, known: &Counterparties, cap: Fen, now: DateTime<Utc>) -> Result<ExchangeMovement, Vec<MovementError>> {
        use MovementField as F;
        let mut errors = Vec::new();
        let mut err = |field, message: String| errors.push(MovementError { field, message });
        let at = if self.at.trim().is_empty() {
            Some(now)
        } else {
            match parse_datetime_local(&self.at) {
                None => {
                    err(F::At, t("办理时间格式不正确").into());
                    None
                }
                Some(at) if at > now + chrono::Duration::minutes(1) => {
                    err(F::At, t("办理时间不能晚于当前时间").into());
                    None
                }
                t => t,
            }
        };
        if self.exchange == Exchange::Dce && self.mode == MovementMode::DiskImport {
            err(F::Mode, t("大连商品交易所出入金采用手工方式（第二十条（一）），不适用磁盘导入").into());
        }
        let member = known.resolve(&self.member).map_err(|m| err(F::Member, m)).ok();
        let from = parse_account(&self.from_account, AccountKind::Bank).map_err(|m| err(F::FromAccount, crate::tf!("付款账号：{0}", m))).ok();
        let to = parse_account(&self.to_account, AccountKind::Bank).map_err(|m| err(F::ToAccount, crate::tf!("收款账号：{0}", m))).ok();
        if from.is_some() && from == to {
            err(F::ToAccount, t("付款账号与收款账号不能相同").into());
        }
        let amount = parse_amount(&self.amount, Some(cap)).map_err(|e| err(F::Amount, e.to_string())).ok();
        let instruction = self.instruction.trim().to_string();
        if instruction.is_empty() {
            err(F::Instruction, t("请填写交易所指令编号（清单或凭证号）").into());
        } else if movements.instruction_taken(self.exchange, &instruction) {
            err(F::Instruction, crate::tf!("指令 {0} 已登记，请勿重复划转", instruction));
        }
        let ((operator, operator_error), (reviewer, reviewer_error)) = dual_control(&self.operator, &self.reviewer);
        if let Some(m) = operator_error {
            err(F::Operator, m.into());
        }
        if let Some(m) = reviewer_error {
            err(F::Reviewer, m.into());
        }
        match (errors.is_empty(), at, member, from, to, amount) {
            (true, Some(at), Some(member), Some(from_account), Some(to_account), Some(amount)) => Ok(ExchangeMovement {
                id,
                at,
                exchange: self.exchange,
                direction: self.direction,
                member,
                from_account,
                to_account,
                amount,
                instruction,
                mode: self.mode,
                operator,
                reviewer,
                note: self.note.trim().into(),
            }),
            _ => Err(errors),
        }
    }
}

/// Column keys of the movement list (CSV and print); screens show `tr(h)`.
pub const MOVEMENT_HEADER: [&str; 13] =
    ["办理时间", "交易所", "方向", "会员", "付款账号", "收款账号", "金额", "金额大写", "指令编号", "方式", "经办", "复核", "核对"]; // zh-only: column keys, compared by the screens

/// One row per movement, in the screen language (names through `t`, capitals always Chinese).
pub fn movement_rows(entries: &[&MovementEntry], full_accounts: bool) -> Vec<Vec<String>> {
    let account = |a: &str| if full_accounts { a.to_string() } else { mask(a) };
    entries
        .iter()
        .map(|e| {
            let m = &e.movement;
            vec![
                format_beijing_minutes(m.at),
                m.exchange.name().into(),
                m.direction.name().into(),
                m.member.clone(),
                account(&m.from_account),
                account(&m.to_account),
                m.amount.to_string(),
                capitals(m.amount),
                m.instruction.clone(),
                m.mode.name().into(),
                m.operator.clone(),
                m.reviewer_shown(),
                match (&e.voided, e.reconciled) {
                    (Some(why), _) => crate::tf!("已作废：{0}", why),
                    (None, true) => t("是").into(),
                    (None, false) => t("否").into(),
                },
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::event::Author;
    use crate::domain::events::fixtures::t;

    fn draft(instruction: &str, amount: &str) -> MovementDraft {
        MovementDraft {
            at: "2026-11-23T10:00".into(),
            exchange: Exchange::Dce,
            direction: MovementDirection::Outflow,
            member: "甲期货".into(),
            from_account: "6222020012341234".into(),
            to_account: "6222020099998888".into(),
            amount: amount.into(),
            instruction: instruction.into(),
            mode: MovementMode::Manual,
            operator: "王五".into(),
            reviewer: "赵复核".into(),
            note: String::new(),
        }
    }

    fn known() -> Counterparties {
        Counterparties::of_names(["甲期货"])
    }

    fn ev(id: &str, kind: EventKind) -> Event {
        Event { id: id.into(), occurred_at: t("2026-11-23T10:00"), recorded_at: t("2026-11-23T10:00"), author: Author::system(), kind }
    }

    #[test]
    fn movements_total_per_exchange_and_direction() {
        let cap = Fen::yuan(10_000_000_000);
        let mut events = Vec::new();
        let mut m = Movements::default();
        for (i, (ins, amt)) in [("D-1", "1,000.00"), ("D-2", "2,500.50")].iter().enumerate() {
            let mv = draft(ins, amt).validate(format!("m{i}"), &m, &known(), cap, t("2026-11-23T11:00")).unwrap();
            events.push(ev(&format!("e{i}"), EventKind::MovementRecorded { movement: mv }));
            m = Movements::from_events(&events);
        }
        events.push(ev("r", EventKind::MovementReconciled { movement_id: "m1".into() }));
        events.push(ev("s", EventKind::ChecklistStepDone { step_id: "dce-counter".into(), note: "已办理".into() }));
        let m = Movements::from_events(&events);
        assert_eq!(m.totals().get(&(Exchange::Dce, MovementDirection::Outflow)), Some(&(2, Fen(350050))));
        let mut voided = events.clone();
        voided.push(ev("v", EventKind::MovementVoided { movement_id: "m0".into(), reason: "金额录错".into() }));
        let mv = Movements::from_events(&voided);
        assert_eq!(mv.totals().get(&(Exchange::Dce, MovementDirection::Outflow)), Some(&(1, Fen(250050))), "a voided movement leaves the totals");
        assert_eq!(mv.entries.len(), 2, "and stays on the list");
        assert!(!mv.instruction_taken(Exchange::Dce, "d-1"), "its instruction can be booked again");
        assert!(mv.instruction_taken(Exchange::Dce, "d-2"), "instructions compare without case");
        assert!(m.entries[1].reconciled && !m.entries[0].reconciled);
        assert_eq!(m.steps_done.get("dce-counter").map(String::as_str), Some("已办理"));
        let rows = movement_rows(&m.entries.iter().collect::<Vec<_>>(), false);
        assert_eq!(rows[1][7], "贰仟伍佰元零伍角");
        assert_eq!(rows[0][4], "6222 **** **** 1234");
    }

    #[test]
    fn a_movement_needs_distinct_accounts_an_instruction_and_a_new_one() {
        let cap = Fen::yuan(10_000_000_000);
        let mut d = draft("", "0");
        d.to_account = d.from_account.clone();
        let errors = d.validate("x".into(), &Movements::default(), &known(), cap, t("2026-11-23T11:00")).unwrap_err();
        assert!(errors.iter().any(|e| e.field == MovementField::ToAccount && e.message.contains("不能相同")));
        assert!(errors.iter().any(|e| e.field == MovementField::Amount && e.message.contains("金额不能为零")));
        assert!(errors.iter().any(|e| e.field == MovementField::Instruction && e.message.contains("指令编号")));
        let mv = draft("D-9", "5").validate("a".into(), &Movements::default(), &known(), cap, t("2026-11-23T11:00")).unwrap();
        let m = Movements::from_events(&[ev("e", EventKind::MovementRecorded { movement: mv })]);
        let again = draft("D-9", "5").validate("b".into(), &m, &known(), cap, t("2026-11-23T11:00")).unwrap_err();
        assert!(again[0].message.contains("已登记"));
        let mut later = draft("D-10", "5");
        later.at = "2026-11-23T12:00".into();
        assert!(later.validate("c".into(), &m, &known(), cap, t("2026-11-23T11:00")).unwrap_err()[0].message.contains("不能晚于当前时间"));
    }

    #[test]
    fn a_movement_needs_a_second_person_who_is_not_the_maker() {
        let cap = Fen::yuan(10_000_000_000);
        let none = Movements::default();
        let mut d = draft("D-1", "5,000,000");
        d.reviewer = "  ".into();
        let errors = d.validate("a".into(), &none, &known(), cap, t("2026-11-23T11:00")).unwrap_err();
        assert_eq!(errors.iter().map(|e| (e.field, e.message.as_str())).collect::<Vec<_>>(), vec![(MovementField::Reviewer, "请填写复核人")]);
        for same in ["王五", " 王 五 "] {
            d.reviewer = same.into();
            let errors = d.validate("a".into(), &none, &known(), cap, t("2026-11-23T11:00")).unwrap_err();
            assert_eq!(errors[0].field, MovementField::Reviewer);
            assert!(errors[0].message.contains("双人复核"), "{}", errors[0].message);
        }
        d.reviewer = "赵复核".into();
        let mv = d.validate("a".into(), &none, &known(), cap, t("2026-11-23T11:00")).unwrap();
        assert_eq!((mv.operator.as_str(), mv.reviewer.as_str()), ("王五", "赵复核"));
        let rows = movement_rows(&[&MovementEntry { movement: mv, reconciled: false, voided: None }], false);
        assert_eq!((rows[0][7].as_str(), rows[0][11].as_str()), ("伍佰万元整", "赵复核"));
    }

    #[test]
    fn the_member_is_a_known_futures_company() {
        let cap = Fen::yuan(10_000_000_000);
        let mut d = draft("D-1", "5");
        d.member = "甲期货有限公司".into();
        let errors = d.validate("a".into(), &Movements::default(), &known(), cap, t("2026-11-23T11:00")).unwrap_err();
        assert_eq!(errors[0].field, MovementField::Member);
        assert!(errors[0].message.contains("是否为“甲期货”"), "{}", errors[0].message);
        d.member = "甲期货".into();
        assert_eq!(d.validate("a".into(), &Movements::default(), &known(), cap, t("2026-11-23T11:00")).unwrap().member, "甲期货");
    }

    #[test]
    fn a_movement_stored_before_reviewers_loads_and_shows_as_not_reviewed() {
        // As version 1 stored it: no reviewer field.
        let old = r#"{"id":"m1","at":"2026-11-23T02:00:00Z","exchange":"Dce","direction":"Outflow","member":"甲期货",
            "from_account":"6222020012341234","to_account":"6222020099998888","amount":500000000,"instruction":"D-1",
            "mode":"Manual","operator":"王五","note":""}"#;
        let movement: ExchangeMovement = serde_json::from_str(old).unwrap();
        assert_eq!(movement.reviewer, "");
        assert_eq!(movement.reviewer_shown(), "未复核");
        let rows = movement_rows(&[&MovementEntry { movement, reconciled: false, voided: None }], false);
        assert_eq!(rows[0][11], "未复核");
        assert_eq!(rows[0][7], "伍佰万元整");
        assert_eq!(rows[0].len(), MOVEMENT_HEADER.len());
    }

    #[test]
    fn each_exchange_has_its_fallback_steps() {
        let steps = crate::domain::plans::plan::Plan::bank_depository().fallback;
        assert_eq!(steps.iter().filter(|s| s.exchange == Exchange::Dce).count(), 3);
        assert_eq!(steps.iter().filter(|s| s.exchange == Exchange::Zce).count(), 5);
        assert!(steps.iter().all(|s| s.article.starts_with("第二十条")));
    }
}
