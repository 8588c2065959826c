//! The browser side of persistence: localStorage and record ids.
//! Nothing here knows the plan's rules; it stores and loads logs.

pub mod ids;
pub mod local;
pub mod lock;
pub mod quota;
