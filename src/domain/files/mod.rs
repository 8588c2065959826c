//! Files that leave or enter the workstation: backups and their restore plan,
//! incident packets, stored-data migration, and whether a save reached storage.
//! Top floor: a file holds incidents, plans and contacts together.

pub mod backup;
pub mod migrate;
pub mod packet;
pub mod saving;

#[cfg(test)]
mod stored_fixture_tests;
