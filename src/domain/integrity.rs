//! Tamper evidence: a SHA-256 chain over the incident's events, in log order.
//! Each link hashes the previous link and the event's canonical form (its JSON
//! in field order). The chain is saved beside the log; on load it is computed
//! again, and the first event whose link differs is the one that was altered.
//! A browser cannot stop someone who rewrites both; it does show any edit made
//! without the app, and every report and export carries the final link.

use super::event::Event;
use super::incident::Incident;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One link per event, hex-encoded.
pub fn chain(incident: &Incident) -> Vec<String> {
    continue_chain(incident, &[])
}

/// The chain, reusing `known`: links already computed for the first events of
/// this same log (the caller vouches that those events are unchanged). A log
/// only grows, so a save hashes the new events only.
pub fn continue_chain(incident: &Incident, known: &[String]) -> Vec<String> {
    let known = &known[..known.len().min(incident.events().len())];
    let mut prev = match known.last() {
        Some(link) => unhex(link),
        None => Sha256::digest(format!("incident-desk/v1/{}", incident.id()).as_bytes()).to_vec(),
    };
    let mut out = known.to_vec();
    out.extend(incident.events()[known.len()..].iter().map(|e| {
        let mut h = Sha256::new();
        h.update(&prev);
        h.update(canonical(e));
        prev = h.finalize().to_vec();
        hex(&prev)
    }));
    out
}

fn unhex(link: &str) -> Vec<u8> {
    (0..link.len() / 2).filter_map(|i| u8::from_str_radix(&link[2 * i..2 * i + 2], 16).ok()).collect()
}

fn canonical(e: &Event) -> Vec<u8> {
    serde_json::to_vec(e).expect("events always serialise")
}

/// SHA-256 of one event's canonical form, hex: names a copy of an event by its
/// content (the merge names a conflicting copy by it).
pub fn event_digest(e: &Event) -> String {
    hex(&Sha256::digest(canonical(e)))
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

/// "a3f9…c2e1": short enough to read aloud, long enough to compare.
pub fn short(hash: &str) -> String {
    if hash.len() < 16 { hash.to_string() } else { format!("{}…{}", &hash[..8], &hash[hash.len() - 8..]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Author, EventKind};
    use crate::domain::facts::Period;
    use crate::domain::fixtures::{facts, t};

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
}
