//! Tandem: localized Docs Markdown and service-health snapshots in, one bilingual static help-and-status
//! site out. The binary (`src/main.rs`) is a thin CLI over this library.

pub mod build;
pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod coverage;
pub mod diagnostics;
pub mod health;
pub mod lang;
pub mod links;
pub mod memory;
pub mod merge;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;

pub mod serve;
pub mod site;
pub mod split;
pub mod timings;
