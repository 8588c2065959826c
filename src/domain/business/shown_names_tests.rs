//! Stored values that screens show through `tr()` have English: the authors the app
//! and the shell write, the ledger and movement headers, the bodies recipients
//! resolve to. It sits here, above every module that owns one of those values.

use crate::domain::base::i18n::english_of;

/// Stored values that screens show through `tr()`: the scanner cannot see those calls,
/// so each value is listed here and must have English.
#[test]
fn stored_values_shown_through_tr_have_english() {
    use crate::domain::{plans::playbook::OrgNames, business::{exchange_funds::MOVEMENT_HEADER, ledger::LEDGER_HEADER}, events::event::Author};
    let org = OrgNames::default();
    let system = Author::system();
    let mut shown: Vec<String> = vec![system.name, system.role];
    shown.extend(MOVEMENT_HEADER.iter().chain(LEDGER_HEADER.iter()).filter(|h| **h != "金额大写").map(|s| s.to_string()));
    shown.extend(org.regulators.iter().chain(&org.local_regulators).cloned());
    shown.push(org.monitoring_centre);
    // Authors the shell writes into the log (src/ui/state.rs): the drill's director, an unsigned entry.
    let director = Author::drill_director();
    shown.extend([director.name, director.role, "未署名值班人员".to_string()]);
    let missing: Vec<&String> = shown.iter().filter(|s| english_of(s).is_none()).collect();
    assert!(missing.is_empty(), "shown through tr() but without English: {missing:?}");
}
