//! Tamper evidence: a SHA-256 chain over the incident's events, in log order.
//! Each link hashes the previous link and the event's canonical form (its JSON
//! in field order). The chain is saved beside the log; on load it is computed
//! again, and the first event whose link differs is the one that was altered.
//! A browser cannot stop someone who rewrites both; it does show any edit made
//! without the app, and every report and export carries the final link.

use crate::domain::events::canonical::{canonical, hex};
use crate::domain::incidents::incident::Incident;
use sha2::{Digest, Sha256};

/// One link per event, hex-encoded.
pub fn chain(incident: &Incident) -> Vec<String> {
    continue_chain(incident, &[])
}

/// The chain, reusing `known`: links already computed for the first events of
/// this same log (the caller vouches that those events are unchanged). A log
/// only grows, so a save hashes the new events only.
pub fn continue_chain(incident: &Incident, known: &[String]) -> Vec<String> {
    let known = &known[..known.len().min(incident.events().len())];
    let mut out = known.to_vec();
    out.extend(links_from(incident, known.len(), known.last().map(String::as_str)));
    out
}

/// The links of `incident`'s events from position `from` on, `prev` being the link
/// at `from - 1` as stored (`None` at the start). An engine that stores one record
/// per event extends its chain with these, never rehashing what it holds.
pub fn links_from(incident: &Incident, from: usize, prev: Option<&str>) -> Vec<String> {
    let mut prev = match prev {
        Some(link) => unhex(link),
        None => Sha256::digest(format!("incident-desk/v1/{}", incident.id()).as_bytes()).to_vec(),
    };
    incident.events()[from.min(incident.events().len())..]
        .iter()
        .map(|e| {
            let mut h = Sha256::new();
            h.update(&prev);
            h.update(canonical(e));
            prev = h.finalize().to_vec();
            hex(&prev)
        })
        .collect()
}

fn unhex(link: &str) -> Vec<u8> {
    (0..link.len() / 2).filter_map(|i| u8::from_str_radix(&link[2 * i..2 * i + 2], 16).ok()).collect()
}

/// The last link: what a printed report or an export quotes.
pub fn final_hash(incident: &Incident) -> String {
    chain(incident).pop().unwrap_or_default()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every saved link matches.
    Intact,
    /// Saved before links were kept: nothing to compare yet.
    Unverified,
    /// The event at `position` (0-based) no longer matches what was saved.
    BrokenAt { position: usize, event_id: String },
}

/// Compares the log with the links saved with it. Extra events beyond the saved
/// links (appended by another tab since) are not a break.
pub fn verify(incident: &Incident, saved: &[String]) -> Integrity {
    compare(incident, &chain(incident), saved)
}

/// `verify` with the chain of the log as it is already computed (`now`).
pub fn compare(incident: &Incident, now: &[String], saved: &[String]) -> Integrity {
    if saved.is_empty() {
        return Integrity::Unverified;
    }
    for (i, link) in saved.iter().enumerate() {
        if now.get(i) != Some(link) {
            let position = i.min(incident.events().len().saturating_sub(1));
            return Integrity::BrokenAt { position, event_id: incident.events()[position].id.clone() };
        }
    }
    Integrity::Intact
}

/// One incident from the stored copies of it, each (storage key, log, saved chain).
#[derive(Debug)]
pub struct OneOfCopies {
    pub incident: Incident,
    /// The chain to check the log against.
    pub chain: Vec<String>,
    /// The log is exactly the copy under the incident's own key.
    pub exactly_own: bool,
    /// One message per extra key.
    pub problems: Vec<String>,
}

/// Normally one copy. When two storage keys hold the same incident (copied by hand, or
/// written by an old version), the copy under the incident's own key `own` comes first
/// and the others' entries are merged into it (a union, so nothing is lost); each other
/// key is reported and left as it is, never deleted. A copy that no longer matches its
/// own chain is not merged, only reported.
pub fn one_of_copies(own: &str, mut copies: Vec<(String, Incident, Vec<String>)>) -> OneOfCopies {
    if let Some(at) = copies.iter().position(|(k, _, _)| k == own) {
        copies.swap(0, at);
    }
    let mut copies = copies.into_iter();
    let (first_key, first, first_chain) = copies.next().expect("at least one copy");
    let mut merged = first.clone();
    let mut problems = Vec::new();
    let id = first.id().to_string();
    for (key, copy, saved) in copies {
        match verify(&copy, &saved) {
            Integrity::BrokenAt { position, .. } => problems.push(crate::tf!(
                "存储项 {0} 与存储项 {1} 保存的是同一事件（编号 {2}），但其第 {3} 条记录与保存时的校验值不符：未合并，两个存储项均原样保留。",
                key, first_key, id, position + 1
            )),
            _ => {
                merged.merge(&copy);
                problems.push(crate::tf!("存储项 {0} 与存储项 {1} 保存的是同一事件（编号 {2}）：列表中合并为一项，两个存储项均原样保留，未删除。", key, first_key, id));
            }
        }
    }
    let exactly_own = first_key == own && merged == first;
    // The first copy's own chain covers its entries; when others were merged in (each
    // checked against its own chain above), the merged log is sealed afresh, unless the
    // first copy itself is broken: then its chain stays, so the finding is recorded.
    let chain = if merged == first || matches!(verify(&first, &first_chain), Integrity::BrokenAt { .. }) { first_chain } else { chain(&merged) };
    OneOfCopies { incident: merged, chain, exactly_own, problems }
}

/// "a3f9…c2e1": short enough to read aloud, long enough to compare.
pub fn short(hash: &str) -> String {
    if hash.len() < 16 { hash.to_string() } else { format!("{}…{}", &hash[..8], &hash[hash.len() - 8..]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::event::{Author, Event, EventKind};
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};

    fn incident() -> Incident {
        let ev = |id: &str, kind| Event { id: id.into(), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author::system(), kind };
        let mut inc = Incident::open("i".into(), ev("e0", EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "p".into(), plan_version: "1".into(), drill: None })).unwrap();
        inc.append(ev("e1", EventKind::Note { text: "已通知".into(), major: false })).unwrap();
        inc.append(ev("e2", EventKind::Note { text: "已恢复".into(), major: false })).unwrap();
        inc
    }

    #[test]
    fn an_untouched_log_verifies_and_its_links_are_stable() {
        let inc = incident();
        let links = chain(&inc);
        assert_eq!(links.len(), 3);
        assert_eq!(links, chain(&inc.clone()));
        assert_eq!(links[0].len(), 64);
        assert_eq!(verify(&inc, &links), Integrity::Intact);
        assert_eq!(verify(&inc, &[]), Integrity::Unverified);
        assert_eq!(final_hash(&inc), links[2]);
    }

    #[test]
    fn an_edited_event_is_named() {
        let inc = incident();
        let links = chain(&inc);
        let json = serde_json::to_string(&inc).unwrap().replace("已通知", "未通知");
        let altered: Incident = serde_json::from_str(&json).unwrap();
        assert_eq!(verify(&altered, &links), Integrity::BrokenAt { position: 1, event_id: "e1".into() });
    }

    #[test]
    fn events_appended_after_the_save_are_not_a_break() {
        let inc = incident();
        let links = chain(&inc);
        let mut more = inc.clone();
        more.append(Event { id: "e3".into(), occurred_at: t("2026-11-23T09:10"), recorded_at: t("2026-11-23T09:10"), author: Author::system(), kind: EventKind::Note { text: "x".into(), major: false } }).unwrap();
        assert_eq!(verify(&more, &links), Integrity::Intact);
        assert_eq!(short(&links[0]).chars().count(), 17);
    }

    #[test]
    fn continuing_a_chain_gives_the_same_links_as_computing_it_whole() {
        let mut inc = incident();
        let before = chain(&inc);
        let at = t("2026-11-23T09:10");
        inc.append(Event { id: "e3".into(), occurred_at: at, recorded_at: at, author: Author::system(), kind: EventKind::Note { text: "又一条".into(), major: true } }).unwrap();
        assert_eq!(continue_chain(&inc, &before), chain(&inc));
        assert_eq!(continue_chain(&inc, &chain(&inc)), chain(&inc));
        assert_eq!(continue_chain(&inc, &[]), chain(&inc));
        assert_ne!(chain(&inc)[3], before[2]);
    }

    #[test]
    fn two_keys_holding_one_incident_become_one_with_every_entry_and_the_extra_key_is_named() {
        let own = "incident-desk:incident:i";
        let inc = incident();
        let mut more = inc.clone();
        more.append(Event { id: "e3".into(), occurred_at: t("2026-11-23T09:10"), recorded_at: t("2026-11-23T09:10"), author: Author::system(), kind: EventKind::Note { text: "只在副本里".into(), major: false } }).unwrap();
        // The extra key listed first, as localStorage may list it.
        let one = one_of_copies(own, vec![("incident-desk:incident:copy".into(), more.clone(), chain(&more)), (own.into(), inc.clone(), chain(&inc))]);
        assert_eq!(one.incident, more, "the union of both logs");
        assert_eq!(verify(&one.incident, &one.chain), Integrity::Intact);
        assert!(!one.exactly_own, "the next save writes the merged log under its own key");
        assert_eq!(one.problems.len(), 1);
        assert!(one.problems[0].starts_with("存储项 incident-desk:incident:copy 与存储项 incident-desk:incident:i 保存的是同一事件") && one.problems[0].contains("未删除"));
        // Identical copies: the own key's record as it is.
        let same = one_of_copies(own, vec![(own.into(), inc.clone(), chain(&inc)), ("incident-desk:incident:copy".into(), inc.clone(), chain(&inc))]);
        assert!(same.exactly_own && same.chain == chain(&inc) && same.problems.len() == 1);
        // A single copy: no problem.
        let single = one_of_copies(own, vec![(own.into(), inc.clone(), chain(&inc))]);
        assert!(single.exactly_own && single.problems.is_empty());
    }

    #[test]
    fn an_altered_extra_copy_is_reported_not_merged() {
        let own = "incident-desk:incident:i";
        let inc = incident();
        let mut altered = inc.clone();
        altered.append(Event { id: "e3".into(), occurred_at: t("2026-11-23T09:10"), recorded_at: t("2026-11-23T09:10"), author: Author::system(), kind: EventKind::Note { text: "x".into(), major: false } }).unwrap();
        let mut links = chain(&altered);
        links[1] = "0".repeat(64);
        let one = one_of_copies(own, vec![(own.into(), inc.clone(), chain(&inc)), ("incident-desk:incident:copy".into(), altered, links)]);
        assert_eq!(one.incident, inc);
        assert!(one.problems[0].contains("第 2 条记录与保存时的校验值不符") && one.problems[0].contains("未合并"), "{:?}", one.problems);
    }
}
