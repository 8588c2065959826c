//! Ground floor: the vocabulary every other folder speaks. Beijing time and
//! working-day calendars, money in fen, levels, cleaned text, CSV, the screen
//! language and its catalogue, file kinds and ids, the passphrase seal, this
//! workstation's setup. Nothing here knows an incident or a plan: it imports
//! only std and outside crates (and, within the folder, itself).

pub mod calendar;
pub mod calendar_import;
pub mod csv;
pub mod file_kind;
pub mod first_n;
pub mod holidays;
pub mod i18n;
pub mod ids;
pub mod instant_serde;
pub mod level;
pub mod money;
pub mod seal;
pub mod sort;
pub mod text;
pub mod text_fit;
pub mod time;
pub mod workstation;
