//! Merging incoming contacts (an import, a backup) into the directory: worked out
//! field by field as a plan, shown, applied only on confirmation, and undoable.

use crate::domain::base::i18n::t;
use crate::domain::business::contacts::{Contact, ContactField, Directory};

/// The fields an import may fill or change; unit and name are the person's key.
const MERGED_FIELDS: [ContactField; 6] =
    [ContactField::Kind, ContactField::Role, ContactField::OfficePhone, ContactField::Mobile, ContactField::Fax, ContactField::Email];

impl Contact {
    /// A text field to write (the kind is not text: none).
    pub(super) fn field_mut(&mut self, f: ContactField) -> Option<&mut String> {
        match f {
            ContactField::Unit => Some(&mut self.unit),
            ContactField::Role => Some(&mut self.role),
            ContactField::Name => Some(&mut self.name),
            ContactField::OfficePhone => Some(&mut self.office_phone),
            ContactField::Mobile => Some(&mut self.mobile),
            ContactField::Fax => Some(&mut self.fax),
            ContactField::Email => Some(&mut self.email),
            ContactField::Kind => None,
        }
    }

    /// A field as text (the kind by its file name), for comparing and showing.
    pub fn field(&self, f: ContactField) -> String {
        match f {
            ContactField::Kind => self.kind.name().to_string(),
            ContactField::Unit => self.unit.clone(),
            ContactField::Role => self.role.clone(),
            ContactField::Name => self.name.clone(),
            ContactField::OfficePhone => self.office_phone.clone(),
            ContactField::Mobile => self.mobile.clone(),
            ContactField::Fax => self.fax.clone(),
            ContactField::Email => self.email.clone(),
        }
    }
}

/// One field an import changes: `old` is blank when the field was empty (a value added).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: ContactField,
    pub old: String,
    pub new: String,
}

/// A stored person an import changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactChange {
    pub unit: String,
    pub name: String,
    pub changes: Vec<FieldChange>,
    /// Fields left blank in the file that keep their stored value (shown as kept).
    pub kept: Vec<FieldChange>,
}

/// What merging incoming contacts into the directory would do, worked out before
/// anything is written: shown as a preview, applied only on confirmation.
///
/// The rules, field by field, for a person already here (same unit and name):
/// a blank incoming field never erases a stored value; a differing non-blank value
/// is a change (old → new); an identical one (after `text::clean`) is no change.
/// A person not here is added. A row that does not validate, or repeats a person
/// already given above it, is a problem and is left out; the rest still merges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergePlan {
    pub added: Vec<Contact>,
    pub changed: Vec<ContactChange>,
    /// Unit and name of the people whose stored entry stays exactly as it is.
    pub unchanged: Vec<(String, String)>,
    /// Rows left out, each with its reason.
    pub problems: Vec<String>,
    /// The directory the plan was made against, and what it becomes.
    before: Directory,
    after: Directory,
}

/// Works out merging `incoming` into `ours`; nothing changes until `after()` is saved.
pub fn plan_merge(ours: &Directory, incoming: &[Contact]) -> MergePlan {
    let mut plan = MergePlan { added: Vec::new(), changed: Vec::new(), unchanged: Vec::new(), problems: Vec::new(), before: ours.clone(), after: ours.clone() };
    let mut seen: Vec<Contact> = Vec::new();
    for raw in incoming {
        let c = match raw.validate() {
            Ok(c) => c,
            Err(es) => {
                let why = es.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(t("；"));
                plan.problems.push(crate::tf!("{0} {1}：{2}，未导入", crate::domain::base::text::clean_line(&raw.unit), crate::domain::base::text::clean_line(&raw.name), why));
                continue;
            }
        };
        if seen.iter().any(|x| x.same_person(&c)) {
            plan.problems.push(crate::tf!("{0} {1} 重复出现，只取第一次", c.unit, c.name));
            continue;
        }
        seen.push(c.clone());
        let Some(i) = plan.before.contacts.iter().position(|x| x.same_person(&c)) else {
            plan.after.contacts.push(c.clone());
            plan.added.push(c);
            continue;
        };
        let stored = &plan.before.contacts[i];
        let mut merged = stored.clone();
        let mut change = ContactChange { unit: stored.unit.clone(), name: stored.name.clone(), changes: Vec::new(), kept: Vec::new() };
        for f in MERGED_FIELDS {
            let (old, new) = (stored.field(f), c.field(f));
            if f == ContactField::Kind {
                if stored.kind != c.kind {
                    merged.kind = c.kind;
                    change.changes.push(FieldChange { field: f, old, new });
                }
                continue;
            }
            if new.is_empty() {
                if !old.is_empty() {
                    change.kept.push(FieldChange { field: f, old: old.clone(), new });
                }
            } else if crate::domain::base::text::clean_line(&old) != new {
                if let Some(slot) = merged.field_mut(f) {
                    *slot = new.clone();
                }
                change.changes.push(FieldChange { field: f, old, new });
            }
        }
        if change.changes.is_empty() {
            plan.unchanged.push((stored.unit.clone(), stored.name.clone()));
        } else {
            plan.after.contacts[i] = merged;
            plan.changed.push(change);
        }
    }
    plan
}

impl MergePlan {
    /// Nothing would be added or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty()
    }

    /// The directory the plan was worked out against: a confirmation made after the
    /// directory changed (another tab) must plan again.
    pub fn before(&self) -> &Directory {
        &self.before
    }

    /// The directory with the plan applied.
    pub fn after(&self) -> &Directory {
        &self.after
    }

    pub fn summary(&self) -> ImportSummary {
        ImportSummary { added: self.added.len(), updated: self.changed.len() }
    }

    /// What undoing this import, once saved, needs.
    pub fn undo(&self) -> ImportUndo {
        ImportUndo { before: self.before.clone(), after: self.after.clone() }
    }
}

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
}

/// The directory before and after a saved import, to take the import back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportUndo {
    before: Directory,
    after: Directory,
}

impl ImportUndo {
    /// The directory as it was before the import, if nothing changed it since; a
    /// later edit (here or in another tab) would be lost, so then it is refused.
    pub fn undo(&self, current: &Directory) -> Result<Directory, String> {
        if current != &self.after {
            return Err(t("导入之后通讯录又有改动（本页或另一标签页），撤销会连同这些改动一起丢失，因此未撤销。").into());
        }
        Ok(self.before.clone())
    }
}

impl Directory {
    /// Merges contacts field by field (`plan_merge`) and returns what changed.
    pub fn merge(&mut self, contacts: Vec<Contact>) -> ImportSummary {
        let plan = plan_merge(self, &contacts);
        *self = plan.after.clone();
        plan.summary()
    }
}
