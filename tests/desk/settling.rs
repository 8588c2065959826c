//! Settled incidents (closed, their figures kept) left out of the start, as the
//! IndexedDB engine leaves out the records it marks: their summaries arrive just
//! after the first screen, and until then nothing takes one of them for absent —
//! not a backup, not a restore, not the page of one opened at once.

use super::shelf::Shelf;
use crate::support::World;
use incident_desk::desk::port::Store;
use incident_desk::store::records::Records;
use std::cell::RefCell;
use std::rc::Rc;

struct Settling {
    w: World,
    closed: String,
    open: String,
    asked: Rc<RefCell<Vec<String>>>,
    settled_asked: Rc<RefCell<usize>>,
}

/// A store of one closed incident and one open one, started again with the
/// closed one's summary left for later.
fn settling_world() -> Settling {
    let mut w = World::at("2026-11-23T09:00");
    let closed = w.open_closed("2026-11-23T09:00");
    let open = w.open("2026-11-23T09:10");
    let asked = Rc::new(RefCell::new(Vec::new()));
    let shelf = Shelf { settle: true, ..Shelf::over(w.backend.clone(), asked.clone()) };
    let settled_asked = shelf.settled_asked.clone();
    let w = World::with_store(w.backend.clone(), Box::new(shelf), "2026-11-23T09:20", 900 << 32);
    Settling { w, closed, open, asked, settled_asked }
}

#[test]
fn the_start_leaves_settled_incidents_out_and_takes_them_in_after_the_first_screen() {
    // Given a store whose closed incident is left out of the start
    let Settling { mut w, closed, open, asked, settled_asked } = settling_world();
    assert!(w.desk.settling);
    assert!(!w.desk.is_shelved(&closed) && w.desk.incident(&closed).is_none());
    assert!(w.desk.incident(&open).is_some(), "what is in progress is read at start");
    assert!(!w.desk.all_loaded(), "something stored is not in yet");
    // When the first screen is up: the settled summaries are asked for, once
    w.run(|d, c| d.unshelve_open(c));
    assert_eq!(*settled_asked.borrow(), 1);
    // Then they arrive and go on the shelf, their logs unread
    w.run(|d, c| d.take_changes(c));
    assert!(!w.desk.settling);
    assert!(w.desk.is_shelved(&closed) && w.desk.incident(&closed).is_none());
    assert!(w.happened.changed.incidents, "the list and the dashboard redraw");
    assert!(asked.borrow().is_empty(), "no log read for them");
    // And the first screen once drawn again does not ask a second time
    w.run(|d, c| d.unshelve_open(c));
    assert_eq!(*settled_asked.borrow(), 1);
}

#[test]
fn a_backup_asked_for_while_they_are_coming_waits_and_gets_every_log() {
    // Given the settled summaries not in yet
    let Settling { mut w, closed, asked, .. } = settling_world();
    // When a backup needs every log: not yet (the closed one is not even on the shelf)
    assert!(!w.run(|d, c| d.need_all(c)));
    assert!(asked.borrow().is_empty());
    // The lock refuses to reseal meanwhile, saying why
    assert!(w.run(|d, c| d.reseal(c, None)).is_err_and(|e| e.contains("正在读取")));
    // Then, the summaries in, the closed one's log is asked for without asking again
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.take_changes(c));
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    assert!(!w.desk.all_loaded());
    // And once it is read, everything is in memory
    w.run(|d, c| d.take_changes(c));
    assert!(w.desk.incident(&closed).is_some_and(|i| i.state().closed));
    assert!(w.run(|d, c| d.need_all(c)));
}

#[test]
fn an_incident_opened_while_they_are_coming_is_read_once_its_summary_is_in() {
    // Given the settled summaries not in yet
    let Settling { mut w, closed, asked, .. } = settling_world();
    // When the closed incident's page is opened at once (a bookmark), and an id nobody stored
    w.run(|d, c| d.unshelve_one(c, &closed));
    w.run(|d, c| d.unshelve_one(c, "no-such-incident"));
    assert!(asked.borrow().is_empty(), "nothing to ask for yet");
    // Then its log is asked for as soon as the summaries are in; the unknown id is not
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.take_changes(c));
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    w.run(|d, c| d.take_changes(c));
    assert!(w.desk.incident(&closed).is_some());
    assert!(w.desk.all_loaded(), "nothing waits for the unknown id");
}

#[test]
fn a_packet_planned_while_they_are_coming_is_refused_until_its_incident_is_in() {
    // Given the settled summaries not in yet, and a packet of the closed incident
    let Settling { mut w, closed, asked, .. } = settling_world();
    let packet = Records::new(w.backend.clone(), None).load_incident(&closed).unwrap().unwrap();
    // When it is planned: refused (it would preview as new), saying to wait
    let plan = w.run(|d, c| d.plan_packet(c, &packet, None));
    assert!(plan.blockers.iter().any(|b| b.contains("正在读取")), "{:?}", plan.blockers);
    // Then, the summaries in, its log is asked for; once read, the packet plans without that blocker
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.take_changes(c));
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    w.run(|d, c| d.take_changes(c));
    let plan = w.run(|d, c| d.plan_packet(c, &packet, None));
    assert!(!plan.blockers.iter().any(|b| b.contains("正在读取")), "{:?}", plan.blockers);
}

#[test]
fn when_they_cannot_be_read_nothing_takes_them_for_absent_and_the_user_is_told() {
    // Given a store whose settled summaries cannot be read (the connection gone)
    let mut w = World::at("2026-11-23T09:00");
    w.open_closed("2026-11-23T09:00");
    let shelf = Shelf { settle: true, settled_fails: true, ..Shelf::over(w.backend.clone(), Rc::new(RefCell::new(Vec::new()))) };
    let mut w = World::with_store(w.backend.clone(), Box::new(shelf), "2026-11-23T09:20", 900 << 32);
    // When the read is made after the first screen, and fails
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.take_changes(c));
    // Then they are still awaited: a backup waits rather than going ahead without them
    assert!(w.desk.settling);
    assert!(!w.run(|d, c| d.need_all(c)));
    // And the reason is shown with the start's problems, once
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.take_changes(c));
    assert_eq!(w.desk.load_problems.iter().filter(|p| p.contains("未能读取")).count(), 1, "{:?}", w.desk.load_problems);
}

#[test]
fn a_packet_of_an_incident_in_memory_is_not_held_up_while_they_are_coming() {
    // Given the settled summaries not in yet, and a packet of the open incident (read at start)
    let Settling { mut w, open, .. } = settling_world();
    let packet = Records::new(w.backend.clone(), None).load_incident(&open).unwrap().unwrap();
    // When it is planned: it previews as a merge with what is here, not refused
    let plan = w.run(|d, c| d.plan_packet(c, &packet, None));
    assert!(!plan.blockers.iter().any(|b| b.contains("正在读取")), "{:?}", plan.blockers);
}
