use super::*;
use crate::domain::events::event::Author;
use crate::domain::events::fixtures::t;

const CAP: Fen = Fen(10_000_000 * 100);

/// The futures companies this ledger knows.
fn known() -> Counterparties {
    Counterparties::of_names(["甲期货", "大连良运期货经纪有限公司"])
}

fn draft(voucher: &str, amount: &str) -> TransferDraft {
    TransferDraft {
        at: "2026-11-23T10:00".into(),
        direction: Some(TransferDirection::BankToFutures),
        customer: "张三".into(),
        bank_account: "6222 0200 1234 1234".into(),
        futures_company: "甲期货".into(),
        futures_account: "80012345".into(),
        amount: amount.into(),
        voucher: voucher.into(),
        operator: "王经办".into(),
        reviewer: "李复核".into(),
        note: String::new(),
    }
}

fn ev(id: &str, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: t("2026-11-23T10:00"), recorded_at: t("2026-11-23T10:00"), author: Author::system(), kind }
}

/// Records each draft in turn, as the shell does.
fn ledger_of(drafts: &[TransferDraft]) -> (Ledger, Vec<Event>) {
    let mut events = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let ledger = Ledger::from_events(&events);
        let transfer = d.validate(format!("t{i}"), &ledger, &known(), CAP, t("2026-11-23T11:00")).unwrap();
        events.push(ev(&format!("e{i}"), EventKind::TransferRecorded { transfer }));
    }
    (Ledger::from_events(&events), events)
}

#[test]
fn a_valid_transfer_is_stored_in_fen_with_digits_only_accounts() {
    let (ledger, _) = ledger_of(&[draft("V001", "1,234.56")]);
    let t0 = &ledger.entries[0].transfer;
    assert_eq!((t0.amount, t0.bank_account.as_str()), (Fen(123456), "6222020012341234"));
    assert_eq!(ledger.entries[0].stage, Stage::Recorded);
}

#[test]
fn every_problem_is_named_by_field() {
    let mut d = draft("", "12.345");
    d.direction = None;
    d.customer = " ".into();
    d.bank_account = "6222".into();
    d.reviewer = "王经办".into();
    let fields: Vec<TransferField> = d.validate("x".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![TransferField::Direction, TransferField::Customer, TransferField::BankAccount, TransferField::Amount, TransferField::Voucher, TransferField::Reviewer]
    );
}

#[test]
fn a_voucher_is_booked_once() {
    let (ledger, _) = ledger_of(&[draft("V001", "100")]);
    let errors = draft("V001", "100").validate("y".into(), &ledger, &known(), CAP, t("2026-11-23T11:00")).unwrap_err();
    assert_eq!(errors[0].field, TransferField::Voucher);
    assert!(errors[0].message.contains("请勿重复记账"));
}

#[test]
fn a_reversal_cancels_the_entry_and_nothing_disappears() {
    let (ledger, mut events) = ledger_of(&[draft("V001", "100"), draft("V002", "250.50")]);
    let rev = reversal(&ledger.entries[0], "r0".into(), "CZ001", "王经办", "李复核", "金额录错", t("2026-11-23T10:30")).unwrap();
    events.push(ev("er", EventKind::TransferRecorded { transfer: rev }));
    let ledger = Ledger::from_events(&events);
    assert_eq!(ledger.entries.len(), 3, "the reversed entry is still there");
    assert_eq!(ledger.entries[0].reversed_by.as_deref(), Some("r0"));
    let (by, all) = ledger.totals();
    assert_eq!(all.get(&TransferDirection::BankToFutures), Some(&Total { count: 1, amount: Fen(25050) }));
    assert_eq!(by.get(&("甲期货".to_string(), TransferDirection::BankToFutures)), Some(&Total { count: 1, amount: Fen(25050) }));
    // Not twice, and not a reversal of a reversal.
    assert!(reversal(&ledger.entries[0], "r1".into(), "CZ002", "王经办", "李复核", "再次", t("2026-11-23T10:40")).is_err());
    assert!(reversal(&ledger.entries[2], "r2".into(), "CZ003", "王经办", "李复核", "再次", t("2026-11-23T10:40")).is_err());
    assert!(reversal(&ledger.entries[1], "r3".into(), "CZ004", "王经办", "王经办", "同一人", t("2026-11-23T10:40")).is_err());
}

#[test]
fn stages_only_move_forward() {
    let (_, mut events) = ledger_of(&[draft("V001", "100")]);
    events.push(ev("a1", EventKind::TransferAdvanced { transfer_id: "t0".into(), stage: Stage::Confirmed, note: String::new() }));
    events.push(ev("a2", EventKind::TransferAdvanced { transfer_id: "t0".into(), stage: Stage::Sent, note: String::new() }));
    assert_eq!(Ledger::from_events(&events).entries[0].stage, Stage::Confirmed);
}

#[test]
fn printed_totals_equal_the_sum_of_the_printed_rows() {
    let drafts: Vec<TransferDraft> = (1..=7).map(|i| draft(&format!("V{i:03}"), &format!("{}.{:02}", i * 1111, i * 7 % 100))).collect();
    let (ledger, mut events) = ledger_of(&drafts);
    let rev = reversal(&ledger.entries[3], "r".into(), "CZ", "王经办", "李复核", "错", t("2026-11-23T10:30")).unwrap();
    events.push(ev("er", EventKind::TransferRecorded { transfer: rev }));
    let ledger = Ledger::from_events(&events);
    let entries: Vec<&LedgerEntry> = ledger.entries.iter().collect();
    let rows = ledger_rows(&entries, &ledger, true);
    let printed: Fen = rows.iter().map(|r| parse_amount(&r[6].replace('-', ""), None).map(|a| if r[6].starts_with('-') { -a } else { a }).unwrap()).sum();
    assert_eq!(printed, ledger.totals().1.values().map(|t| t.amount).sum::<Fen>());
    assert_eq!(rows[0][3], "6222020012341234", "the hand-over list shows accounts whole");
    assert_eq!(ledger_rows(&entries, &ledger, false)[0][3], "6222 **** **** 1234");
    assert!(rows[7][12].starts_with("冲正凭证 V004"));
    assert!(rows[7][7].starts_with('负'));
}

#[test]
fn filtering_finds_by_name_voucher_or_account() {
    let mut other = draft("V002", "5");
    other.customer = "李四".into();
    other.direction = Some(TransferDirection::FuturesToBank);
    let (ledger, _) = ledger_of(&[draft("V001", "1"), other]);
    assert_eq!(ledger.filter("李四", None).len(), 1);
    assert_eq!(ledger.filter("V00", None).len(), 2);
    assert_eq!(ledger.filter("80012345", Some(TransferDirection::FuturesToBank)).len(), 1);
    assert_eq!(ledger.filter("", None)[0].transfer.voucher, "V002", "newest first");
}

#[test]
fn a_reversed_slip_can_be_booked_again_under_its_voucher_but_no_voucher_twice_otherwise() {
    let (ledger, mut events) = ledger_of(&[draft("V004", "1005")]);
    let rev = reversal(&ledger.entries[0], "r".into(), "CZ01", "王经办", "李复核", "金额录错", t("2026-11-23T10:30")).unwrap();
    events.push(ev("er", EventKind::TransferRecorded { transfer: rev }));
    let ledger = Ledger::from_events(&events);
    assert!(draft("V004", "1500").validate("n".into(), &ledger, &known(), CAP, t("2026-11-23T11:00")).is_ok(), "the corrected slip keeps its number");
    assert!(ledger.voucher_taken("CZ01"), "a reversal's voucher is taken");
    assert!(ledger.voucher_taken("cz 01"), "case and spaces do not make a new voucher");
    let (ledger2, _) = ledger_of(&[draft("V001", "1")]);
    assert!(draft("v001", "1").validate("x".into(), &ledger2, &known(), CAP, t("2026-11-23T11:00")).is_err());
}

#[test]
fn totals_keep_the_two_directions_apart() {
    let mut back = draft("V002", "100000.10");
    back.direction = Some(TransferDirection::FuturesToBank);
    let (ledger, _) = ledger_of(&[draft("V001", "13254.57"), back]);
    let (_, all) = ledger.totals();
    assert_eq!(all[&TransferDirection::BankToFutures].amount, Fen(1325457));
    assert_eq!(all[&TransferDirection::FuturesToBank].amount, Fen(10000010));
}

#[test]
fn dual_control_is_not_fooled_by_spaces_or_case() {
    let mut d = draft("V009", "1");
    d.reviewer = "王 经办".into();
    assert!(d.validate("x".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).is_err());
    d.operator = "Wang".into();
    d.reviewer = "wang".into();
    assert!(d.validate("x".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).is_err());
}

#[test]
fn the_futures_company_must_be_a_known_one_in_its_known_spelling() {
    // Picked from the list: stored as the list spells it, whatever spaces or width were typed.
    let mut d = draft("V010", "1");
    d.futures_company = " 大连良运期货经纪有限公司 ".into();
    let t1 = d.validate("a".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap();
    assert_eq!(t1.futures_company, "大连良运期货经纪有限公司");
    // A typo is refused with the near name, and never reaches the ledger.
    d.futures_company = "大连良运".into();
    let errors = d.validate("b".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, TransferField::FuturesCompany);
    assert!(errors[0].message.contains("“大连良运”不是已知的期货公司"), "{}", errors[0].message);
    assert!(errors[0].message.contains("是否为“大连良运期货经纪有限公司”"), "{}", errors[0].message);
    // Nothing picked.
    d.futures_company = String::new();
    let errors = d.validate("c".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap_err();
    assert_eq!((errors[0].field, errors[0].message.as_str()), (TransferField::FuturesCompany, "请选择期货公司"));
}

#[test]
fn a_refused_typo_makes_no_totals_line_of_its_own() {
    let (ledger, events) = ledger_of(&[draft("V001", "100")]);
    let mut typo = draft("V002", "50");
    typo.futures_company = "甲期货公司".into(); // one of those a hurried hand types
    let known = Counterparties::gather(&Default::default(), &crate::domain::events::fixtures::facts(crate::domain::events::facts::Period::Daytime, "2026-11-23T09:00"), &events);
    assert!(typo.validate("x".into(), &ledger, &known, CAP, t("2026-11-23T11:00")).is_err());
    assert_eq!(ledger.totals().0.len(), 1);
    assert_eq!(ledger.futures_companies(), vec!["甲期货".to_string()]);
}

#[test]
fn the_customer_name_and_the_note_are_cleaned_on_input() {
    let mut d = draft("V900", "100");
    d.customer = "\u{202E}张\u{200B}三 ".into();
    d.note = "柜面\u{202E}补登\r\n".into();
    d.futures_company = "甲期货\u{FEFF}".into();
    let t0 = d.validate("x".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap();
    assert_eq!((t0.customer.as_str(), t0.note.as_str(), t0.futures_company.as_str()), ("张三", "柜面补登", "甲期货"));
    d.customer = "\u{200B}".into();
    let e = d.validate("x".into(), &Ledger::default(), &known(), CAP, t("2026-11-23T11:00")).unwrap_err();
    assert_eq!(e[0].field, TransferField::Customer, "an invisible name is no name");
}

#[test]
fn folding_on_from_any_point_gives_the_ledger_of_the_whole_log() {
    // A log with entries, a reversal, stage moves (one backwards) and an unrelated note
    let (ledger, mut events) = ledger_of(&[draft("V001", "100"), draft("V002", "250.50"), draft("V003", "7")]);
    let rev = reversal(&ledger.entries[1], "r1".into(), "CZ001", "王经办", "李复核", "金额录错", t("2026-11-23T10:30")).unwrap();
    events.push(ev("er", EventKind::TransferRecorded { transfer: rev }));
    events.push(ev("a1", EventKind::TransferAdvanced { transfer_id: "t0".into(), stage: Stage::Confirmed, note: String::new() }));
    events.push(ev("a2", EventKind::TransferAdvanced { transfer_id: "t0".into(), stage: Stage::Sent, note: String::new() }));
    events.push(ev("n1", EventKind::Note { text: "核对中".into(), major: false }));
    let whole = Ledger::from_events(&events);
    for cut in 0..=events.len() {
        let mut ledger = Ledger::from_events(&events[..cut]);
        let changed = ledger.extend(&events[cut..]);
        assert_eq!(ledger, whole, "cut at {cut}");
        // It says it changed exactly when the rest of the log changed it
        assert_eq!(changed, Ledger::from_events(&events[..cut]) != whole, "cut at {cut}");
    }
}

/// Totals and vouchers in use, counted again from the entries as they stand.
fn recounted(l: &Ledger) -> (BTreeMap<(String, TransferDirection), Total>, BTreeMap<TransferDirection, Total>, Vec<bool>) {
    let (mut by, mut all) = (BTreeMap::new(), BTreeMap::new());
    for e in &l.entries {
        for t in [by.entry((e.transfer.futures_company.clone(), e.transfer.direction)).or_insert(Total::default()), all.entry(e.transfer.direction).or_insert(Total::default())] {
            t.amount = t.amount + e.signed_amount();
            t.count += usize::from(e.is_effective());
        }
    }
    let taken = (0..12).map(|n| l.entries.iter().any(|e| (e.is_effective() || e.is_reversal()) && normalise_voucher(&e.transfer.voucher) == format!("V{n}"))).collect();
    (by, all, taken)
}

#[test]
fn totals_and_vouchers_kept_entry_by_entry_equal_a_recount() {
    // Given a log of transfers in two companies and directions, with reversals (one
    // reversed twice in a merged log, a reversal reversed), repeats and stage moves
    let (original, _) = ledger_of(&[draft("V0", "100"), draft("V1", "200")]);
    let base = |i: usize, voucher: &str, company: &str, reverses: Option<&str>| {
        let mut t = original.entries[i % 2].transfer.clone();
        t.id = format!("x{i}");
        t.voucher = voucher.into();
        t.futures_company = company.into();
        t.direction = if i % 3 == 0 { TransferDirection::FuturesToBank } else { TransferDirection::BankToFutures };
        t.reverses = reverses.map(str::to_string);
        ev(&format!("ex{i}"), EventKind::TransferRecorded { transfer: t })
    };
    let events = vec![
        base(0, "v0", "甲期货", None),
        base(1, "V1 ", "乙期货", None),
        base(2, "V2", "甲期货", None),
        base(3, "V3", "甲期货", Some("x0")),
        base(4, "V4", "乙期货", Some("x0")),
        base(1, "V1", "乙期货", None),
        base(5, "V5", "甲期货", Some("x3")),
        ev("adv", EventKind::TransferAdvanced { transfer_id: "x2".into(), stage: Stage::Confirmed, note: String::new() }),
        base(6, "V0", "甲期货", None),
        base(7, "V7", "甲期货", Some("nobody")),
    ];
    // When it is folded whole, or entry by entry
    let whole = Ledger::from_events(&events);
    let mut stepwise = Ledger::default();
    for e in &events {
        stepwise.extend(std::slice::from_ref(e));
        // Then at every step the kept totals and vouchers are what a recount gives
        let (by, all, taken) = recounted(&stepwise);
        assert_eq!(stepwise.totals(), (by, all), "after {}", e.id);
        assert_eq!((0..12).map(|n| stepwise.voucher_taken(&format!("v{n}"))).collect::<Vec<_>>(), taken, "after {}", e.id);
    }
    assert_eq!(whole, stepwise);
}
