use super::*;
use crate::domain::business::contacts_merge::{plan_merge, FieldChange, ImportSummary};

fn zhang() -> Contact {
    Contact {
        kind: UnitKind::ProvincialGroup,
        unit: "河南省分行".into(),
        role: "组长".into(),
        name: "张三".into(),
        office_phone: "0371-66668888".into(),
        mobile: "13800138000".into(),
        fax: "0371-66669999".into(),
        email: "zhangsan@example.com".into(),
    }
}

#[test]
fn a_complete_contact_is_accepted_and_trimmed() {
    let mut c = zhang();
    c.name = "  张三 ".into();
    assert_eq!(c.validate().unwrap().name, "张三");
}

#[test]
fn phone_mobile_fax_and_email_formats_are_checked() {
    let ok = ["010-66668888", "(010) 6666 8888", "+86 10 66668888", "010-66668888转123", "66668888"];
    for p in ok {
        assert!(valid_phone(p), "{p}");
    }
    for p in ["12345", "010-6666-8888-99999999999", "电话", "010--abc"] {
        assert!(!valid_phone(p), "{p}");
    }
    assert!(valid_mobile("13800138000") && valid_mobile("+86 138 0013 8000") && valid_mobile("8613800138000"));
    assert!(!valid_mobile("23800138000") && !valid_mobile("1380013800"));
    assert!(valid_email("a.b@bank.com.cn"));
    assert!(!valid_email("a@b") && !valid_email("a b@c.com") && !valid_email("@c.com"));

    let mut c = zhang();
    c.mobile = "12345".into();
    c.fax = "fax".into();
    c.email = "nobody".into();
    let fields: Vec<ContactField> = c.validate().unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![ContactField::Mobile, ContactField::Fax, ContactField::Email]);
}

#[test]
fn required_fields_and_at_least_one_way_to_reach() {
    let c = Contact { unit: " ".into(), name: "".into(), office_phone: "".into(), mobile: "".into(), fax: "".into(), email: "".into(), ..zhang() };
    let fields: Vec<ContactField> = c.validate().unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![ContactField::Unit, ContactField::Name, ContactField::OfficePhone]);
}

#[test]
fn duplicates_are_refused_but_editing_yourself_is_not() {
    let mut d = Directory::default();
    d.put(None, &zhang()).unwrap();
    assert!(d.put(None, &zhang()).unwrap_err()[0].message.contains("已在通讯录中"));
    let mut edited = zhang();
    edited.mobile = "13900139000".into();
    d.put(Some(0), &edited).unwrap();
    assert_eq!(d.contacts.len(), 1);
    assert_eq!(d.contacts[0].mobile, "13900139000");
}

#[test]
fn csv_round_trips_with_a_bom_and_excel_safe_fields() {
    let mut other = zhang();
    other.name = "李四".into();
    other.office_phone = "+86 371 66668888".into();
    other.role = "联络人, 值班".into();
    let text = to_csv(&[zhang(), other.clone()]);
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(from_csv(&text).unwrap(), vec![zhang(), other]);
}

#[test]
fn a_bad_row_rejects_the_whole_file_with_its_line_number() {
    let text = "类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱\n\
                省级分行实施工作小组,河南省分行,组长,张三,0371-66668888,,,\n\
                期货公司,甲期货,联络人,王五,,1380013800,,\n\
                期货公司,乙期货,联络人,赵六,,13800138001,,\n";
    let errors = from_csv(text).unwrap_err();
    assert_eq!(errors, vec![ImportError { line: 3, message: "手机号码应为以1开头的11位数字".into() }]);
}

#[test]
fn unknown_kind_wrong_columns_header_and_repeats_are_named() {
    let header = "类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱\n";
    let e = from_csv(&format!("{header}银行,甲,,张三,66668888,,,\n")).unwrap_err();
    assert!(e[0].message.contains("类别“银行”无法识别"));
    let e = from_csv(&format!("{header}期货公司,甲期货\n")).unwrap_err();
    assert_eq!((e[0].line, e[0].message.as_str()), (2, "应有8列，实际2列"));
    let e = from_csv("单位,姓名\n甲,乙\n").unwrap_err();
    assert!(e[0].message.starts_with("表头应为"));
    let row = "期货公司,甲期货,,王五,66668888,,,\n";
    let e = from_csv(&format!("{header}{row}{row}")).unwrap_err();
    assert_eq!(e[0].line, 3);
    assert!(from_csv("").unwrap_err()[0].message.contains("文件为空"));
}

#[test]
fn merging_updates_the_same_person_and_adds_the_rest() {
    let mut d = Directory::default();
    d.put(None, &zhang()).unwrap();
    let mut z = zhang();
    z.mobile = "13900139000".into();
    let mut l = zhang();
    l.name = "李四".into();
    assert_eq!(d.merge(vec![z, l]), ImportSummary { added: 1, updated: 1 });
    assert_eq!(d.contacts[0].mobile, "13900139000");
}

#[test]
fn regulator_names_default_to_todays() {
    let names = OrgNames::default();
    assert_eq!(names.regulators, vec!["国家金融监督管理总局", "中国证监会"]);
    assert!(!names.regulators.iter().any(|n| n.contains("银监会")));
}

#[test]
fn numbers_for_recipients_keep_only_the_incidents_own_counterparties() {
    use crate::domain::plans::playbook::Recipient;
    let mut d = Directory::default();
    d.put(None, &zhang()).unwrap();
    let futures = |unit: &str, name: &str| Contact { kind: UnitKind::FuturesCompany, unit: unit.into(), name: name.into(), ..zhang() };
    d.put(None, &futures("甲期货", "王五")).unwrap();
    d.put(None, &futures("乙期货", "赵六")).unwrap();
    let recipients = [Recipient::AffectedFuturesCompanies, Recipient::Role("provincial".into())];
    let found: Vec<&str> = contacts_for(&recipients, &["甲期货".into()], &d).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(found, vec!["王五", "张三"]);
    assert_eq!(reach(&d.contacts[0]), "电话 0371-66668888  手机 13800138000  传真 0371-66669999  邮箱 zhangsan@example.com");
}

#[test]
fn the_csv_stays_chinese_and_reads_either_language() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let text = in_lang(Lang::En, || to_csv(&[zhang()]));
    assert!(text.contains("省级分行实施工作小组"), "{text}");
    assert!(!text.contains("Provincial"));
    in_lang(Lang::En, || {
        assert_eq!(from_csv(&text).unwrap(), vec![zhang()]);
        assert_eq!(UnitKind::from_name("Provincial branch implementation working group"), Some(UnitKind::ProvincialGroup));
        assert_eq!(UnitKind::from_name("省级分行实施工作小组"), Some(UnitKind::ProvincialGroup));
        let mut c = zhang();
        c.mobile = "123".into();
        assert_eq!(c.validate().unwrap_err()[0].message, "A mobile number has 11 digits and starts with 1");
    });
}

fn duty_room() -> Contact {
    Contact {
        kind: UnitKind::Exchange,
        unit: "上海期货交易所".into(),
        role: "应急值班".into(),
        name: "值班室".into(),
        office_phone: String::new(),
        mobile: "13800138000".into(),
        fax: String::new(),
        email: String::new(),
    }
}

fn directory_of(contacts: &[Contact]) -> Directory {
    let mut d = Directory::default();
    for c in contacts {
        d.put(None, c).unwrap();
    }
    d
}

#[test]
fn a_blank_cell_never_erases_a_stored_number() {
    // The finding's repro: the same unit and name, mobile blank, an e-mail given.
    let d = directory_of(&[duty_room()]);
    let row = Contact { mobile: String::new(), email: "duty@shfe.example.com".into(), ..duty_room() };
    let plan = plan_merge(&d, &[row]);
    assert!(plan.added.is_empty() && plan.unchanged.is_empty() && plan.problems.is_empty());
    assert_eq!(plan.changed.len(), 1);
    let change = &plan.changed[0];
    assert_eq!((change.unit.as_str(), change.name.as_str()), ("上海期货交易所", "值班室"));
    assert_eq!(change.changes, vec![FieldChange { field: ContactField::Email, old: String::new(), new: "duty@shfe.example.com".into() }]);
    assert_eq!(change.kept, vec![FieldChange { field: ContactField::Mobile, old: "13800138000".into(), new: String::new() }]);
    let after = &plan.after().contacts[0];
    assert_eq!((after.mobile.as_str(), after.email.as_str()), ("13800138000", "duty@shfe.example.com"));
    assert_eq!(plan.after().contacts.len(), 1);
}

#[test]
fn a_differing_value_is_a_change_from_old_to_new() {
    let d = directory_of(&[duty_room()]);
    let row = Contact { mobile: "13900139000".into(), role: "总值班".into(), ..duty_room() };
    let plan = plan_merge(&d, &[row]);
    assert_eq!(
        plan.changed[0].changes,
        vec![
            FieldChange { field: ContactField::Role, old: "应急值班".into(), new: "总值班".into() },
            FieldChange { field: ContactField::Mobile, old: "13800138000".into(), new: "13900139000".into() },
        ]
    );
    assert_eq!(plan.after().contacts[0].mobile, "13900139000");
    assert_eq!(plan.summary(), ImportSummary { added: 0, updated: 1 });
}

#[test]
fn a_changed_kind_is_a_change_too() {
    let d = directory_of(&[duty_room()]);
    let plan = plan_merge(&d, &[Contact { kind: UnitKind::Regulator, ..duty_room() }]);
    assert_eq!(plan.changed[0].changes[0].field, ContactField::Kind);
    assert_eq!((plan.changed[0].changes[0].old.as_str(), plan.changed[0].changes[0].new.as_str()), ("期货交易所", "监管机构"));
    assert_eq!(plan.after().contacts[0].kind, UnitKind::Regulator);
}

#[test]
fn an_identical_import_changes_nothing() {
    let d = directory_of(&[duty_room(), zhang()]);
    // As a CSV brings it back, and with stray spaces and invisible characters.
    let again = Contact { mobile: " 13800138000\u{200B}".into(), name: "值班室\u{FEFF}".into(), ..duty_room() };
    let plan = plan_merge(&d, &[again, zhang()]);
    assert!(plan.is_empty(), "{plan:?}");
    assert_eq!(plan.unchanged, vec![("上海期货交易所".to_string(), "值班室".to_string()), ("河南省分行".to_string(), "张三".to_string())]);
    assert_eq!(plan.after(), &d);
    assert_eq!(plan.summary(), ImportSummary::default());
    // A row that only leaves fields blank is no change either.
    let blank = Contact { role: String::new(), ..duty_room() };
    assert!(plan_merge(&d, &[blank]).is_empty());
}

#[test]
fn a_new_person_is_added_and_the_stored_order_kept() {
    let d = directory_of(&[zhang()]);
    let plan = plan_merge(&d, &[duty_room()]);
    assert_eq!(plan.added, vec![duty_room()]);
    assert_eq!(plan.after().contacts, vec![zhang(), duty_room()]);
    assert_eq!(plan.before(), &d, "planning writes nothing");
}

#[test]
fn the_same_person_is_found_through_invisible_characters() {
    let d = directory_of(&[duty_room()]);
    let row = Contact { unit: "上海期货交易所\u{200B}".into(), email: "duty@shfe.example.com".into(), ..duty_room() };
    let plan = plan_merge(&d, &[row]);
    assert!(plan.added.is_empty(), "not a second duty room");
    assert_eq!(plan.after().contacts.len(), 1);
    assert_eq!(plan.after().contacts[0].unit, "上海期货交易所");
    // The form refuses the look-alike as a duplicate too.
    let mut d = d;
    let twin = Contact { name: "值班\u{200D}室".into(), ..duty_room() };
    assert!(d.put(None, &twin).unwrap_err()[0].message.contains("已在通讯录中"));
}

#[test]
fn bad_and_repeated_rows_are_problems_and_left_out() {
    let d = directory_of(&[duty_room()]);
    let bad = Contact { name: "李四".into(), mobile: "123".into(), ..duty_room() };
    let first = Contact { name: "王五".into(), ..duty_room() };
    let repeat = Contact { name: "王五".into(), mobile: "13900139000".into(), ..duty_room() };
    let plan = plan_merge(&d, &[bad, first.clone(), repeat]);
    assert_eq!(plan.added, vec![first]);
    assert_eq!(plan.problems.len(), 2, "{:?}", plan.problems);
    assert!(plan.problems[0].starts_with("上海期货交易所 李四：手机号码应为以1开头的11位数字"), "{}", plan.problems[0]);
    assert!(plan.problems[1].contains("王五 重复出现"), "{}", plan.problems[1]);
}

#[test]
fn merging_through_the_directory_uses_the_same_rules() {
    // The backup restore's path: `Directory::merge` is `plan_merge` applied.
    let mut d = directory_of(&[duty_room()]);
    let summary = d.merge(vec![Contact { mobile: String::new(), email: "duty@shfe.example.com".into(), ..duty_room() }]);
    assert_eq!(summary, ImportSummary { added: 0, updated: 1 });
    assert_eq!(d.contacts[0].mobile, "13800138000");
    assert_eq!(d.merge(vec![duty_room()]), ImportSummary::default(), "identical: nothing updated");
}

#[test]
fn the_last_import_can_be_undone_unless_the_directory_changed_since() {
    let d = directory_of(&[duty_room()]);
    let plan = plan_merge(&d, &[Contact { email: "duty@shfe.example.com".into(), ..duty_room() }, zhang()]);
    let undo = plan.undo();
    let saved = plan.after().clone();
    assert_eq!(undo.undo(&saved), Ok(d.clone()));
    let mut edited = saved.clone();
    edited.contacts.pop();
    assert!(undo.undo(&edited).unwrap_err().contains("撤销会连同这些改动一起丢失"));
}

#[test]
fn contact_fields_are_cleaned_on_input() {
    let c = Contact { unit: "\u{202E}上海期货交易所".into(), name: "值班\u{200B}室\n".into(), email: "duty@shfe.example.com\u{FEFF}".into(), ..duty_room() };
    let v = c.validate().unwrap();
    assert_eq!((v.unit.as_str(), v.name.as_str(), v.email.as_str()), ("上海期货交易所", "值班室", "duty@shfe.example.com"));
    let csv = "类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱\n期货交易所,上海期货交易所\u{200B},,值班室,,13800138000,,\n";
    assert_eq!(from_csv(csv).unwrap()[0].unit, "上海期货交易所");
}
