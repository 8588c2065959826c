//! The page frame around every screen: the passphrase lock, the header (menu,
//! who is signed in, Beijing time), the banners that must not be missed, and
//! the router that picks the screen for the address. It also runs the tick
//! that moves clocks, escalations and reminders. It is the one area that
//! imports the others; none imports it.

pub(super) mod app;
pub(super) mod language;
mod later_screens;
mod lock_screen;
mod notices;
mod operator;
