//! One importer per foreign format; each turns a payload saved as it came into a [`Partial`].
//!
//! [`Partial`]: ctx::Partial

pub mod cstate;
pub(crate) mod ctx;
pub mod msgraph;
pub mod ours;
pub mod statuspage;
pub mod upptime;
