//! Service health: load snapshots from `content/health/` (our YAML or foreign payloads), merge them
//! into one timeline, and render the status site (pages, feed, `status.json`, badges).

pub mod charts;
pub mod history;
pub mod i18n;
pub mod import;
pub mod load;
pub mod localize;
mod merge;
pub mod model;
pub mod pages;
pub mod render;
pub mod text;

pub use history::{ServiceHistory, stale_warning};
pub use import::ours::json_schema;
pub use load::{FORMAT_NAMES, import_one, load_dir, load_dir_as, load_dir_at};
pub use model::*;
pub use render::{
    HelpLink, Notice, StatusOutput, StatusSiteInfo, incident_url, render_status, service_notices,
    service_url,
};

#[cfg(test)]
mod tests;
