//! Incidents whose logs are not in memory: the shelf. An engine that keeps a
//! summary beside each log (IndexedDB) starts the desk from summaries: those in
//! progress are read just after the first screen, closed ones when opened or when
//! something needs every log; the summaries of settled incidents (closed, with
//! their figures kept) arrive just after the first screen too (`settling`), so the
//! start reads what the first screen shows and not years of closed incidents.

use crate::domain::base::sort;
use super::port::{self, Summary};
use std::collections::HashSet;
use super::{Ctx, Desk};

impl Desk {
    /// Asks the store for the shelved logs of `ids` not asked for yet; they arrive as
    /// changes. While the settled summaries are still coming, an id not on the shelf
    /// may be one of them: it is asked for once they are in.
    fn ask(&mut self, ctx: &mut Ctx, ids: Vec<String>) {
        let mut fetch = Vec::new();
        for id in ids {
            if self.is_shelved(&id) {
                if self.asked.insert(id.clone()) {
                    fetch.push(id);
                }
            } else if self.settling && self.incident(&id).is_none() {
                self.wanted.insert(id);
            }
        }
        if !fetch.is_empty() {
            ctx.store.fetch(&fetch);
        }
    }

    /// Asks for one shelved log: its incident is being opened.
    pub fn unshelve_one(&mut self, ctx: &mut Ctx, id: &str) {
        self.ask(ctx, vec![id.to_string()]);
    }

    /// Asks for the settled summaries left out at start, then for the logs of the
    /// incidents still in progress, newest first: their duties, alarms and the
    /// deadline board need them. Called once the first screen is drawn, so the start
    /// waits for neither.
    pub fn unshelve_open(&mut self, ctx: &mut Ctx) {
        if self.settling {
            ctx.store.read_settled();
        }
        let mut open: Vec<&port::Summary> = self.shelved.iter().filter(|s| !s.closed).collect();
        sort::by(&mut open, |a, b| b.opened_at.cmp(&a.opened_at));
        let ids = open.into_iter().map(|s| s.id.clone()).collect();
        self.ask(ctx, ids);
    }

    /// How many incidents in progress are still on the shelf (the board and the
    /// dashboard say they are being read).
    pub fn open_shelved(&self) -> usize {
        self.shelved.iter().filter(|s| !s.closed).count()
    }

    /// Asks for every shelved log. Closed incidents stay on the shelf otherwise: the
    /// list and the dashboard draw them from their summaries, so memory holds the
    /// logs in use, not years of them.
    pub fn unshelve(&mut self, ctx: &mut Ctx) {
        if self.settling {
            self.wants_all = true;
        }
        let ids: Vec<String> = self.shelved.iter().map(|s| s.id.clone()).collect();
        self.ask(ctx, ids);
    }

    /// For what needs every log (a backup, an archive, a restore, the lock): whether
    /// they are all in memory; if not, they are asked for and the caller says to wait.
    pub fn need_all(&mut self, ctx: &mut Ctx) -> bool {
        self.unshelve(ctx);
        self.all_loaded()
    }

    /// Whether every stored incident's log is in memory (a backup or archive needs them all).
    pub fn all_loaded(&self) -> bool {
        self.shelved.is_empty() && !self.settling
    }

    /// Whether the shelved log of `id` was asked of the store already (it is on its way,
    /// or could not be read).
    pub fn is_asked(&self, id: &str) -> bool {
        self.asked.contains(id)
    }

    pub fn is_shelved(&self, id: &str) -> bool {
        self.shelved.iter().any(|s| s.id == id)
    }

    /// The settled summaries are in: each goes on the shelf unless its incident is
    /// already here (another tab's write read in meanwhile). What was asked for while
    /// they were coming is asked for now.
    pub(super) fn take_settled(&mut self, ctx: &mut Ctx, summaries: Vec<Summary>) {
        // A set: years of settled incidents against the shelf, one by one, were a million comparisons.
        let here: HashSet<String> = self.incidents.iter().map(|i| i.id().to_string()).chain(self.shelved.iter().map(|s| s.id.clone())).collect();
        self.shelved.extend(summaries.into_iter().filter(|s| !here.contains(&s.id)));
        self.settling = false;
        ctx.happened.changed.incidents = true;
        let wanted: Vec<String> = std::mem::take(&mut self.wanted).into_iter().collect();
        self.ask(ctx, wanted);
        if std::mem::take(&mut self.wants_all) {
            self.unshelve(ctx);
        }
        self.take_all_waiting_pulls(ctx);
    }

    /// A shelved log could not be read: off the shelf, so nothing waits for it
    /// (a backup, the incident's page), and the reason shown with the start's problems.
    pub(super) fn drop_unreadable(&mut self, ctx: &mut Ctx, id: &str, problem: Option<String>) {
        self.shelved.retain(|s| s.id != id);
        ctx.happened.changed.incidents = true;
        if let Some(p) = problem {
            self.note_problem(ctx, p);
        }
    }

    /// Shown with the start's problems, once.
    pub(super) fn note_problem(&mut self, ctx: &mut Ctx, problem: String) {
        if !self.load_problems.contains(&problem) {
            self.load_problems.push(problem);
            ctx.happened.changed.saving = true;
        }
    }
}
