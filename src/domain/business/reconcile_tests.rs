use super::*;
use crate::domain::events::event::{Author, Event, EventKind};
use crate::domain::events::fixtures::t;
use crate::domain::{business::ledger::reversal, events::transfer::CounterTransfer};

fn transfer(id: &str, voucher: &str, fen: i64) -> CounterTransfer {
    CounterTransfer {
        id: id.into(),
        at: t("2026-11-23T10:00"),
        direction: TransferDirection::BankToFutures,
        customer: "张三".into(),
        bank_account: "6222020012341234".into(),
        futures_company: "甲期货".into(),
        futures_account: format!("8001{id}"),
        amount: Fen(fen),
        voucher: voucher.into(),
        operator: "王".into(),
        reviewer: "李".into(),
        note: String::new(),
        reverses: None,
    }
}

fn ledger(transfers: Vec<CounterTransfer>) -> Ledger {
    let events: Vec<Event> = transfers
        .into_iter()
        .enumerate()
        .map(|(i, transfer)| Event {
            id: format!("e{i}"),
            occurred_at: t("2026-11-23T10:00"),
            recorded_at: t("2026-11-23T10:00"),
            author: Author::system(),
            kind: EventKind::TransferRecorded { transfer },
        })
        .collect();
    Ledger::from_events(&events)
}

#[test]
fn the_confirmation_list_is_read_by_column_name_and_refused_whole_on_a_bad_line() {
    let ok = "\u{feff}金额,凭证号,业务类型,期货资金账号\n\"1,000.00\",V1,银转期,8001 0001\n5,V2,,80010002\n";
    let rows = parse_confirmations(ok).unwrap();
    assert_eq!(rows[0], Confirmation { line: 2, voucher: "V1".into(), direction: Some(TransferDirection::BankToFutures), futures_account: "80010001".into(), amount: Fen(100000) });
    assert_eq!(rows[1].direction, None);
    let bad = "凭证号,期货资金账号,金额\nV1,8001,10\nV2,8002,十元\nV3,8003,-1\n";
    let errors = parse_confirmations(bad).unwrap_err();
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
    assert!(parse_confirmations("客户,金额\n张三,1\n").unwrap_err()[0].message.contains("表头须包含"));
}

#[test]
fn matches_differences_missing_duplicates_and_reversals() {
    let mut ours = vec![
        transfer("1", "V1", 10000),
        transfer("2", "V2", 20000),
        transfer("3", "V3", 30000),
        transfer("4", "V4", 40000),
        transfer("5", "V5", 50000),
    ];
    let l = ledger(ours.clone());
    let rev = reversal(&l.entries[3], "R4".into(), "CZ4", "王", "李", "错", t("2026-11-23T10:30")).unwrap();
    ours.push(rev);
    let l = ledger(ours);
    let c = |line, voucher: &str, account: &str, fen| Confirmation { line, voucher: voucher.into(), direction: None, futures_account: account.into(), amount: Fen(fen) };
    let theirs = vec![
        c(2, "V1", "80011", 10000),  // matched
        c(3, "V2", "80012", 20001),  // amount differs
        c(4, "V1", "80011", 10000),  // duplicate of V1
        c(5, "V4", "80014", 40000),  // we reversed V4
        c(6, "V9", "80019", 90000),  // unknown to us
        c(7, "V5X", "80015", 50000), // V5 with a typo in the voucher
    ];
    let r = reconcile(&l, "甲期货", &theirs);
    let outcome = |v: &str| r.lines.iter().find(|x| x.voucher == v).map(|x| x.outcome.clone()).unwrap();
    assert_eq!(outcome("V1"), Outcome::Matched);
    assert!(matches!(outcome("V2"), Outcome::Differs(ref d) if d[0].contains("金额 本行 200.00 / 对方 200.01")));
    assert_eq!(outcome("V3"), Outcome::MissingAtFuturesCompany);
    assert_eq!(outcome("V4"), Outcome::ReversedAtBank);
    assert_eq!(outcome("V5"), Outcome::PossibleMatch { their_voucher: "V5X".into() });
    assert_eq!(outcome("V9"), Outcome::MissingAtBank);
    assert_eq!(r.lines.iter().filter(|x| x.outcome == Outcome::DuplicateAtFuturesCompany).count(), 1);
    assert!(!r.lines.iter().any(|x| x.voucher == "V5X"), "the typo'd line is shown once, beside ours");
    assert_eq!(r.mismatches(), 6);
    assert_eq!(r.matched_ids(), vec!["1".to_string()]);
    assert_eq!(r.our_total, Fen(10000 + 20000 + 30000 + 50000), "the reversed pair is out");
    assert_eq!(r.their_total, Fen(10000 + 20001 + 10000 + 40000 + 90000 + 50000));
}

#[test]
fn a_reversed_entry_absent_from_both_sides_is_settled() {
    let l = ledger(vec![transfer("1", "V1", 100)]);
    let rev = reversal(&l.entries[0], "R".into(), "CZ", "王", "李", "错", t("2026-11-23T10:30")).unwrap();
    let l = ledger(vec![transfer("1", "V1", 100), rev]);
    let r = reconcile(&l, "甲期货", &[]);
    assert_eq!(r.lines[0].outcome, Outcome::ReversedBothSides);
    assert_eq!(r.mismatches(), 0);
}

#[test]
fn other_companies_entries_are_left_out() {
    let mut x = transfer("1", "V1", 100);
    x.futures_company = "乙期货".into();
    let r = reconcile(&ledger(vec![x]), "甲期货", &[]);
    assert!(r.lines.is_empty());
}

#[test]
fn a_reversed_slip_rebooked_under_its_voucher_is_matched_by_the_new_entry() {
    let l = ledger(vec![transfer("1", "V4", 100500)]);
    let rev = reversal(&l.entries[0], "R".into(), "CZ", "王", "李", "金额录错", t("2026-11-23T10:30")).unwrap();
    let mut again = transfer("2", "V4", 150000);
    again.futures_account = "80011".into();
    let l = ledger(vec![transfer("1", "V4", 100500), rev, again]);
    let theirs = [Confirmation { line: 2, voucher: "V4".into(), direction: None, futures_account: "80011".into(), amount: Fen(150000) }];
    let r = reconcile(&l, "甲期货", &theirs);
    assert_eq!(r.mismatches(), 0, "{:?}", r.lines);
    assert_eq!(r.matched_ids(), vec!["2".to_string()]);
}

#[test]
fn a_chinese_confirmation_list_reads_on_english_screens_with_english_messages() {
    use crate::domain::base::i18n::{in_lang, Lang};
    in_lang(Lang::En, || {
        let ok = parse_confirmations("凭证号,期货资金账号,金额,业务类型\nV1,80011,100.00,银转期\nV2,80012,5.00,Bank to futures\n").unwrap();
        assert_eq!(ok.iter().map(|c| c.direction).collect::<Vec<_>>(), vec![Some(TransferDirection::BankToFutures); 2]);
        let bad = parse_confirmations("凭证号,期货资金账号,金额,业务类型\nV1,80011,100.00,转账\n").unwrap_err();
        assert_eq!(bad[0].message, "The type \"转账\" should be 银转期 or 期转银");
        assert_eq!(Outcome::MissingAtBank.describe(), "Not in the bank's ledger");
    });
}
