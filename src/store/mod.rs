//! Persistence: the only code that touches browser storage or the network.
//!
//! `records` lays records out in any key-value store and implements the desk's
//! storage port (`desk::port::Store`) over it; `memory` is that layout in memory,
//! for host tests; `local` is it over localStorage; `idb` the IndexedDB engine
//! (issue 16); `couch` the CouchDB replication protocol without I/O (issue 17:
//! host-tested, not yet carried by the browser). Nothing here knows the plan's
//! rules; it stores and loads logs.

pub mod codec;
pub mod couch;
pub mod keys;
pub mod memory;
mod port;
pub mod records;
mod restore;

#[cfg(target_arch = "wasm32")]
pub mod catalogue;
#[cfg(target_arch = "wasm32")]
pub mod couch_http;
#[cfg(target_arch = "wasm32")]
pub mod sync_engine;
#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod idb_load;
#[cfg(target_arch = "wasm32")]
pub mod idb_log;
#[cfg(target_arch = "wasm32")]
pub mod idb_port;
#[cfg(target_arch = "wasm32")]
pub mod idb_read;
#[cfg(target_arch = "wasm32")]
pub mod idb_writer;
#[cfg(target_arch = "wasm32")]
pub mod migrate;
#[cfg(target_arch = "wasm32")]
pub mod start;
#[cfg(target_arch = "wasm32")]
pub mod ids;
#[cfg(target_arch = "wasm32")]
pub mod local;
#[cfg(target_arch = "wasm32")]
pub mod lock;
#[cfg(target_arch = "wasm32")]
pub mod quota;
