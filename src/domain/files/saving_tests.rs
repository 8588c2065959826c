//! Tests of `saving`: what a form says about a write, the unsaved list, the room left.
use super::*;
use crate::domain::base::i18n::{in_lang, Lang};

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + s, 0).unwrap()
}

#[test]
fn a_form_confirms_only_what_storage_took() {
    let saved = Feedback::of("a", Ok(Stored::Saved), "已记录");
    assert_eq!((saved.text(), saved.class(), saved.recorded()), ("已记录".to_string(), "saved", true));
    let kept = Feedback::of("a", Ok(Stored::KeptUnsaved(NotSaved::Full)), "已记录");
    let text = kept.text();
    assert!(text.starts_with("已记在本页，但未能保存到本机："), "{text}");
    assert!(!text.contains("已记录"), "never the green word: {text}");
    assert!(text.contains("导出完整备份") && text.contains("自动补存"), "says what to do: {text}");
    assert_eq!((kept.class(), kept.recorded()), ("unsaved", true), "recorded in the page: the form may clear");
    let refused = Feedback::of("a", Err("时间不能早于事件开始".into()), "已记录");
    assert_eq!((refused.text(), refused.class(), refused.recorded()), ("时间不能早于事件开始".to_string(), "field-error", false));
}

#[test]
fn an_amber_line_turns_green_once_a_retry_saved_the_incident() {
    let kept = Feedback::of("a", Ok(Stored::KeptUnsaved(NotSaved::Unavailable)), "已记录");
    let saving = Feedback::of("a", Ok(Stored::Queued), "已记录");
    assert_eq!(saving.clone().refused_later(|_| None), saving, "still waiting");
    let refused = saving.refused_later(|_| Some(NotSaved::Full));
    assert_eq!(refused.class(), "unsaved");
    assert!(refused.text().contains("未能保存"), "{}", refused.text());
    assert_eq!(kept.clone().settled(|id| id == "a"), kept, "still waiting");
    let later = kept.settled(|_| false);
    assert_eq!(later, Feedback::SavedLater("已记录".into()));
    assert_eq!((later.text(), later.class()), ("已记录（已补存到本机）".to_string(), "saved"));
    assert_eq!(Feedback::SavedLater(String::new()).text(), "已补存到本机。");
}

#[test]
fn every_cause_says_what_to_do_in_both_languages() {
    for why in [NotSaved::Full, NotSaved::Unavailable, NotSaved::ReadOnly, NotSaved::Failed("x".into())] {
        assert!(unsaved_message(&why).contains("请不要关闭"), "{why:?}");
        in_lang(Lang::En, || {
            let m = unsaved_message(&why);
            assert!(m.starts_with("Kept on this page but not saved on this computer: "), "{m}");
            assert!(!m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{m}");
        });
    }
}

#[test]
fn unsaved_entries_are_kept_until_a_save_succeeds() {
    let mut u = Unsaved::default();
    assert!(!u.retry_due(at(0)), "nothing to retry");
    u.kept("a", ["e1".to_string()], NotSaved::Full);
    u.kept("a", ["e2".to_string(), "e1".to_string()], NotSaved::Full);
    u.kept("b", Vec::new(), NotSaved::Failed("x".into()));
    assert_eq!((u.count("a"), u.count("b"), u.count("c")), (2, 0, 0));
    assert!(u.contains("b"), "an incident can be unsaved with no new entry (a merge)");
    assert_eq!(u.reasons(), vec![NotSaved::Full, NotSaved::Failed("x".into())]);
    // A retry every ten seconds while anything waits.
    assert!(u.retry_due(at(0)));
    u.retrying(at(0));
    assert!(!u.retry_due(at(9)) && u.retry_due(at(10)));
    u.retrying(at(10));
    assert_eq!(u.retries, 2);
    // A failed retry keeps every entry; a successful save reports how many caught up.
    u.kept("a", Vec::new(), NotSaved::Full);
    assert_eq!(u.count("a"), 2);
    assert_eq!(u.saved("a"), Some(2));
    assert_eq!(u.saved("a"), None, "once");
    assert_eq!(u.retries, 2, "b still waits");
    assert_eq!(u.saved("b"), Some(0));
    assert!(u.is_empty() && u.last_retry.is_none() && u.retries == 0, "the retry count starts again next time");
}

#[test]
fn the_banner_names_the_incident_and_counts_its_entries() {
    assert_eq!(pending_line("甲事件", 2), "“甲事件”：2 条记录只在本页，未能保存到本机");
    assert_eq!(caught_up_line("甲事件", 2), "已补存：“甲事件”的 2 条记录已保存到本机。");
    in_lang(Lang::En, || {
        assert_eq!(pending_line("Outage", 1), "“Outage”: 1 record(s) only on this page, not saved on this computer");
    });
}

#[test]
fn an_import_is_judged_against_the_room_left() {
    let limit = LOCAL_STORAGE_CHARS;
    assert_eq!(room_for(10_000, 100_000, limit), Room::Fits);
    // 50,000 confirmation rows take about 5 M characters: even into an empty store they do not
    // fit with a tenth left for the notes that follow.
    let rows = stored_chars(50_000 * 98, false);
    assert!(matches!(room_for(rows, 100_000, limit), Room::TooBig { free: 4_900_000, .. }));
    assert!(matches!(room_for(rows, 0, limit), Room::TooBig { .. }));
    // A large list that fits is asked about, with its share and what is left.
    assert_eq!(room_for(1_000_000, 1_000_000, limit), Room::Ask { share: 20, left: 60 });
    // A small one into a nearly full store too: it would leave under a fifth free.
    assert_eq!(room_for(20_000, 4_000_000, limit), Room::Ask { share: 1, left: 19 });
    // The reserve stays free for notes.
    assert!(matches!(room_for(limit - 100_000 - RESERVE_CHARS + 1, 100_000, limit), Room::TooBig { .. }));
    assert!(matches!(room_for(limit - 100_000 - RESERVE_CHARS, 100_000, limit), Room::Ask { .. }));
    assert!(stored_chars(3000, true) > stored_chars(3000, false), "sealed records are a third longer");
    assert_eq!(chars_shown(123_456), "约 12.3 万字符");
    assert_eq!(chars_shown(800), "约 800 字符");
    in_lang(Lang::En, || assert_eq!(chars_shown(1_234_567), "about 1,234,567 characters"));
}
