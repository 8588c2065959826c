use super::*;

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
    use crate::domain::playbook::Recipient;
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
    use crate::domain::i18n::{in_lang, Lang};
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
