use super::*;
use crate::domain::business::contacts::{Contact, UnitKind};
use crate::domain::events::event::Author;
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};
use crate::domain::events::transfer::{CounterTransfer, TransferDirection};
use crate::domain::base::money::Fen;

fn contact(kind: UnitKind, unit: &str, name: &str) -> Contact {
    Contact {
        kind,
        unit: unit.into(),
        role: String::new(),
        name: name.into(),
        office_phone: "0411-84808888".into(),
        mobile: String::new(),
        fax: String::new(),
        email: String::new(),
    }
}

fn ev(id: &str, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: t("2026-11-23T10:00"), recorded_at: t("2026-11-23T10:00"), author: Author::system(), kind }
}

fn transfer(company: &str) -> CounterTransfer {
    CounterTransfer {
        id: "t1".into(),
        at: t("2026-11-23T10:00"),
        direction: TransferDirection::BankToFutures,
        customer: "张三".into(),
        bank_account: "6222020012341234".into(),
        futures_company: company.into(),
        futures_account: "80012345".into(),
        amount: Fen(100),
        voucher: "V1".into(),
        operator: "甲".into(),
        reviewer: "乙".into(),
        note: String::new(),
        reverses: None,
    }
}

fn directory() -> Directory {
    Directory {
        contacts: vec![
            contact(UnitKind::FuturesCompany, "大连良运期货经纪有限公司", "结算部"),
            contact(UnitKind::FuturesCompany, "大连良运期货经纪有限公司", "值班室"),
            contact(UnitKind::Exchange, "大连商品交易所", "结算部"),
            contact(UnitKind::FuturesCompany, "甲期货", "值班室"),
        ],
        ..Default::default()
    }
}

#[test]
fn the_directory_knows_a_futures_company_by_its_kind_and_unit() {
    // Two people of one company give one name; an exchange is not a futures company.
    assert_eq!(directory().futures_companies(), vec!["大连良运期货经纪有限公司".to_string(), "甲期货".to_string()]);
}

#[test]
fn known_companies_come_from_the_directory_the_incident_and_the_log_each_once() {
    let mut f = facts(Period::Daytime, "2026-11-23T09:00");
    f.affected = vec![
        AffectedBusiness::BankFuturesTransfer { futures_company: "乙期货".into() },
        AffectedBusiness::BankFuturesTransfer { futures_company: "甲期货".into() },
    ];
    let events = vec![
        ev("a", EventKind::FuturesCompanyAdded { name: "丙期货".into() }),
        ev("b", EventKind::TransferRecorded { transfer: transfer("旧台账期货") }),
        ev("c", EventKind::TransferRecorded { transfer: transfer("乙期货") }),
    ];
    let c = Counterparties::gather(&directory(), &f, &events);
    let names: Vec<(&str, Source)> = c.known.iter().map(|k| (k.name.as_str(), k.source)).collect();
    assert_eq!(
        names,
        vec![
            ("大连良运期货经纪有限公司", Source::Directory),
            ("甲期货", Source::Directory),
            ("乙期货", Source::Incident),
            ("丙期货", Source::Added),
            ("旧台账期货", Source::Ledger),
        ]
    );
    assert_eq!(c.names_from(Source::Ledger), vec!["旧台账期货".to_string()]);
}

#[test]
fn a_known_name_resolves_to_its_spelling_and_a_typo_is_refused_with_the_near_one() {
    let c = Counterparties::gather(&directory(), &facts(Period::Daytime, "2026-11-23T09:00"), &[]);
    assert_eq!(c.resolve(" 甲 期货 ").unwrap(), "甲期货");
    assert_eq!(c.resolve("甲期货").unwrap(), "甲期货");
    let typo = c.resolve("大连良运").unwrap_err();
    assert!(typo.contains("是否为“大连良运期货经纪有限公司”"), "{typo}");
    let typo = c.resolve("大连良远期货").unwrap_err();
    assert!(typo.contains("是否为“大连良运期货经纪有限公司”"), "{typo}");
    let unknown = c.resolve("丁期货").unwrap_err();
    assert!(unknown.contains("“丁期货”不是已知的期货公司") && unknown.contains("新增期货公司"), "{unknown}");
    assert!(!unknown.contains("是否为"), "{unknown}");
    assert_eq!(c.resolve(""), Err("请选择期货公司".to_string()));
    assert!(Counterparties::default().resolve("").unwrap_err().contains("新增期货公司"), "an empty list says how to fill it");
}

#[test]
fn a_new_company_is_refused_when_empty_known_or_too_long_and_a_near_name_needs_confirming() {
    let c = Counterparties::of_names(["大连良运期货经纪有限公司", "甲期货"]);
    assert_eq!(c.check_new("  ", false), Err(NewCompanyProblem::Empty));
    assert_eq!(c.check_new(&"长".repeat(MAX_NAME_CHARS + 1), true), Err(NewCompanyProblem::TooLong));
    assert_eq!(c.check_new("甲 期货", true), Err(NewCompanyProblem::AlreadyKnown("甲期货".into())));
    // Never without the person's confirmation, even for a name near nothing.
    let plain = c.check_new("乙期货", false).unwrap_err();
    assert_eq!(plain, NewCompanyProblem::NotConfirmed { similar: vec![] }, "甲 and 乙 are not near: one character is the whole name");
    assert!(plain.message().contains("新的交易对手"), "{}", plain.message());
    assert_eq!(c.check_new("乙期货", true), Ok("乙期货".to_string()));
    assert_eq!(c.check_new("ＡＢ期货", true), Ok("ＡＢ期货".to_string()));
    // A near name is named to the person before they confirm.
    let near = c.check_new("大连良运", false).unwrap_err();
    assert_eq!(near, NewCompanyProblem::NotConfirmed { similar: vec!["大连良运期货经纪有限公司".into()] });
    assert!(near.message().contains("“大连良运期货经纪有限公司”"), "{}", near.message());
    // Said on purpose to be another company: added as typed, spaces tidied.
    assert_eq!(c.check_new("  大连良运  期货 ", true), Ok("大连良运 期货".to_string()));
}

#[test]
fn near_names_are_the_same_core_one_inside_the_other_or_one_character_apart() {
    assert!(similar("大连良运", "大连良运期货经纪有限公司"));
    assert!(similar("大连良远期货有限公司", "大连良运期货经纪有限公司"));
    assert!(similar("中信期货", "中信建投期货有限公司"), "one inside the other");
    assert!(similar("ABC Futures", "abc futures"));
    assert!(similar("永安期货股份有限公司", "永安期货"));
    assert!(!similar("甲期货", "乙期货"));
    assert!(!similar("永安期货", "南华期货"));
    assert!(!similar("大连良运期货", "郑州良运期货"), "two characters apart");
    assert_eq!(name_key("ＡＢ　期货（大连）"), "AB期货(大连)");
}

#[test]
fn an_english_screen_gets_english_messages() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let c = Counterparties::of_names(["大连良运期货经纪有限公司"]);
    in_lang(Lang::En, || {
        let m = c.resolve("大连良运").unwrap_err();
        assert!(m.contains("is not a known futures company"), "{m}");
        assert!(!c.check_new("大连良运", false).unwrap_err().message().contains("与已有"));
    });
}

#[test]
fn invisible_characters_make_no_second_company() {
    // Finding 7: "中信期货" and "中信期货" + U+200B were two companies.
    let mut d = Directory::default();
    d.contacts.push(contact(UnitKind::FuturesCompany, "中信期货\u{200B}", "王五"));
    d.contacts.push(contact(UnitKind::FuturesCompany, "中信期货", "赵六"));
    assert_eq!(d.futures_companies(), vec!["中信期货"]);
    let mut f = facts(Period::Daytime, "2026-11-23T10:00");
    f.affected = vec![AffectedBusiness::BankFuturesTransfer { futures_company: "\u{FEFF}中信期货\u{202C}".into() }];
    let events = [
        ev("e1", EventKind::FuturesCompanyAdded { name: "中信\u{2060}期货".into() }),
        ev("e2", EventKind::TransferRecorded { transfer: transfer("中信期货\u{200D}") }),
    ];
    let known = Counterparties::gather(&d, &f, &events);
    assert_eq!(known.known, vec![Counterparty { name: "中信期货".into(), source: Source::Directory }]);
    assert_eq!(known.resolve("中信期货\u{200B}"), Ok("中信期货".to_string()));
    assert_eq!(known.check_new("中信期货\u{FEFF}", true), Err(NewCompanyProblem::AlreadyKnown("中信期货".into())));
    assert_eq!(known.check_new("\u{200B}", true), Err(NewCompanyProblem::Empty));
    assert_eq!(name_key("中信期货\u{200B}"), name_key("中信期货"));
}

#[test]
fn ledger_totals_count_an_old_invisible_spelling_as_the_same_company() {
    use crate::domain::business::ledger::Ledger;
    let mut second = transfer("中信期货\u{200B}");
    second.id = "t2".into();
    second.voucher = "V2".into();
    let events = [ev("e1", EventKind::TransferRecorded { transfer: transfer("中信期货") }), ev("e2", EventKind::TransferRecorded { transfer: second })];
    let ledger = Ledger::from_events(&events);
    assert_eq!(ledger.futures_companies(), vec!["中信期货"]);
    let (by, _) = ledger.totals();
    assert_eq!(by.len(), 1);
    assert_eq!(by.values().next().unwrap().count, 2);
}
