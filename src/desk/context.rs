//! What a command is given, and what it leaves behind.

use super::alerts::Alert;
use super::port::{Clock, Ids, Store};
use crate::domain::Author;

/// The world a command runs in: the time, new ids, who is acting, and the store.
pub struct Ctx<'a> {
    pub clock: &'a dyn Clock,
    pub ids: &'a mut dyn Ids,
    /// The author of what this command records.
    pub operator: Author,
    pub store: &'a mut dyn Store,
    /// What the command did that the screen must show or sound.
    pub happened: Happened,
}

impl<'a> Ctx<'a> {
    pub fn new(clock: &'a dyn Clock, ids: &'a mut dyn Ids, operator: Author, store: &'a mut dyn Store) -> Ctx<'a> {
        Ctx { clock, ids, operator, store, happened: Happened::default() }
    }
}

/// The effects of one or more commands, for the shell to carry out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Happened {
    /// (incident id, event id) of every event appended, in order.
    pub appended: Vec<(String, String)>,
    /// Alerts raised (already on `Desk::alerts`).
    pub alerts: Vec<Alert>,
    /// The alarm tone should sound.
    pub sound: bool,
    /// Desktop notifications: (heading, text).
    pub notifications: Vec<(String, String)>,
    /// What the screens show that changed (redraw those that show it).
    pub changed: Changed,
    /// Storage took a write: what waits to be saved may fit now (retry soon).
    pub retry: bool,
}

/// Which parts of the desk a command changed: each screen redraws only for the
/// parts it reads, so a form being typed is not redrawn by an alarm elsewhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// The incidents' logs (and so everything folded from them).
    pub incidents: bool,
    /// The plan library (and which versions are current).
    pub plans: bool,
    pub directory: bool,
    pub alerts: bool,
    /// What storage has not taken, its errors, the problems found at start.
    pub saving: bool,
}

impl Changed {
    pub fn any(&self) -> bool {
        self.incidents || self.plans || self.directory || self.alerts || self.saving
    }
}
