//! Contacts shared by another workstation (sync), taken in without anyone to confirm
//! a preview: people not here are added and fields blank here are filled, but a
//! number here is never replaced. Where both hold a different value, ours stays and
//! the difference is said, for someone to check by telephone. Replacing would let
//! two workstations flip one number back and forth for ever, and could put an old
//! number over one just corrected; filling in converges (each side ends holding
//! everyone), and nothing stored is lost.

use super::contacts::{Contact, ContactField, Directory};
use super::contacts_merge::plan_merge;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillIn {
    /// The directory with what was taken in (equal to ours when nothing was).
    pub after: Directory,
    /// People added and fields filled.
    pub taken: usize,
    /// Values that differ from ours, said once each: unit, name, field, ours, theirs.
    pub differing: Vec<String>,
}

pub fn fill_in(ours: &Directory, incoming: &[Contact]) -> FillIn {
    let plan = plan_merge(ours, incoming);
    let mut after = ours.clone();
    let mut taken = plan.added.len();
    after.contacts.extend(plan.added.iter().cloned());
    let mut differing = Vec::new();
    for change in &plan.changed {
        let Some(here) = after.contacts.iter_mut().find(|c| c.unit == change.unit && c.name == change.name) else { continue };
        for f in &change.changes {
            match here.field_mut(f.field) {
                Some(slot) if f.field != ContactField::Kind && slot.trim().is_empty() => {
                    *slot = f.new.clone();
                    taken += 1;
                }
                _ => differing.push(crate::tf!("{0} {1} 的{2}：本机为“{3}”，另一工作站为“{4}”，本机未自动更改，请核实", change.unit, change.name, f.field.label(), f.old, f.new)),
            }
        }
    }
    FillIn { after, taken, differing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::business::contacts::UnitKind;

    fn person(name: &str, office: &str, mobile: &str) -> Contact {
        Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: name.into(), office_phone: office.into(), mobile: mobile.into(), fax: String::new(), email: String::new() }
    }

    fn directory(contacts: Vec<Contact>) -> Directory {
        Directory { contacts, ..Directory::default() }
    }

    #[test]
    fn people_are_added_and_blanks_filled_but_a_number_here_is_never_replaced() {
        let ours = directory(vec![person("张三", "021-1111", ""), person("李四", "021-2222", "")]);
        let theirs = vec![person("张三", "021-9999", "13900000000"), person("王五", "021-3333", "")];
        let f = fill_in(&ours, &theirs);
        assert_eq!(f.after.contacts, vec![person("张三", "021-1111", "13900000000"), person("李四", "021-2222", ""), person("王五", "021-3333", "")]);
        assert_eq!(f.taken, 2);
        assert_eq!(f.differing.len(), 1);
        assert!(f.differing[0].contains("021-1111") && f.differing[0].contains("021-9999"), "{:?}", f.differing);
    }

    #[test]
    fn two_workstations_taking_each_others_contacts_settle_at_once() {
        let a = directory(vec![person("张三", "021-1111", "")]);
        let b = directory(vec![person("张三", "021-9999", "13900000000"), person("王五", "021-3333", "")]);
        let a2 = fill_in(&a, &b.contacts).after;
        let b2 = fill_in(&b, &a.contacts).after;
        // A second round changes nothing on either side
        assert_eq!(fill_in(&a2, &b2.contacts).after, a2);
        assert_eq!(fill_in(&b2, &a2.contacts).after, b2);
        assert_eq!(fill_in(&a2, &b2.contacts).taken, 0);
    }
}
