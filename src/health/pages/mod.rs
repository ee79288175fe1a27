//! Pure functions from the model to the serializable view data of each status page, in one
//! language. Every string from a payload is passed as plain text: the templates escape it (`{{ }}`
//! in `.html` autoescapes) and the SVG written here escapes it with [`xml_escape`].
//!
//! One file per page kind (`overview`, `services`, `incidents`, `announcements`, `history_pages`,
//! `customers`); this file holds what they share (URLs, states, links), and re-exports them all.

mod announcements;
mod customers;
mod history_pages;
mod incidents;
mod overview;
mod services;

pub use announcements::{AnnouncementView, announcement_view, current_announcements, paragraphs};
pub use customers::{CustomerView, customer_view};
pub use history_pages::{HistoryView, MONTHS_PER_PAGE, MonthView, history_pages};
pub use incidents::{IncidentSummary, IncidentView, UpdateView, incident_summary, incident_view};
pub use overview::{GroupView, OverviewView, overview};
pub use services::{BadDay, HelpLink, ServiceRow, ServiceView, service_row, service_view};

use super::history::ServiceHistory;
use super::i18n::tr;
use super::model::*;
use super::text::slugify;
pub use super::text::xml_escape;
use crate::lang::Lang;
use serde::Serialize;
use std::collections::HashMap;

/// Where the status site lives: URL prefix (path part of the site's base URL) and the language.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Path prefix without trailing slash (`""` or `/docs`).
    pub prefix: String,
    /// Language of the pages.
    pub lang: Lang,
}

impl Urls {
    /// From the site's base URL (`https://example.com/docs/` gives prefix `/docs`).
    pub fn new(base_url: &str, lang: &Lang) -> Urls {
        let rest = base_url
            .split_once("://")
            .map_or(base_url, |(_, r)| r.split_once('/').map_or("", |(_, p)| p));
        let rest = if base_url.contains("://") {
            rest.to_string()
        } else {
            base_url.trim_start_matches('/').to_string()
        };
        let p = rest.trim_matches('/');
        Urls {
            prefix: if p.is_empty() {
                String::new()
            } else {
                format!("/{p}")
            },
            lang: lang.clone(),
        }
    }
    /// `/<lang>/status/`.
    pub fn overview(&self) -> String {
        format!("{}/{}/status/", self.prefix, self.lang)
    }
    /// `/<lang>/status/services/<id>/`.
    pub fn service(&self, id: &str) -> String {
        format!("{}services/{}/", self.overview(), slugify(id))
    }
    /// `/<lang>/status/incidents/<id>/`.
    pub fn incident(&self, id: &str) -> String {
        format!("{}incidents/{}/", self.overview(), slugify(id))
    }
    /// `/<lang>/status/customers/<id>/`.
    pub fn customer(&self, id: &str) -> String {
        format!("{}customers/{}/", self.overview(), slugify(id))
    }
    /// History page `n` (1-based).
    pub fn history(&self, n: usize) -> String {
        if n <= 1 {
            format!("{}history/", self.overview())
        } else {
            format!("{}history/{n}/", self.overview())
        }
    }
}

/// A state as shown: code (CSS class), localized label, and an icon so colour is never the only cue.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StateView {
    /// `operational`, `major_outage`…
    pub code: &'static str,
    /// Localized label.
    pub label: String,
    /// A text symbol for the state.
    pub icon: &'static str,
}

/// The symbol shown next to a state.
pub fn icon(s: ServiceStatus) -> &'static str {
    match s {
        ServiceStatus::Operational => "✓",
        ServiceStatus::Degraded => "◐",
        ServiceStatus::PartialOutage => "▲",
        ServiceStatus::MajorOutage => "✕",
        ServiceStatus::Maintenance => "⚙",
        ServiceStatus::Unknown => "?",
    }
}

/// The localized view of a state.
pub fn state(lang: &Lang, s: ServiceStatus) -> StateView {
    StateView {
        code: s.as_str(),
        label: tr(lang, &format!("status_state_{}", s.as_str())),
        icon: icon(s),
    }
}

/// A name with a link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Text.
    pub name: String,
    /// URL.
    pub url: String,
    /// Language of `name` when it differs from the page's (an untranslated incident title); `None`
    /// for service names, which are all in the data's language: the templates mark them with the
    /// page's `data_lang`.
    pub lang: Option<String>,
}

/// Histories by service id, from [`history::all_histories`].
pub type Histories = HashMap<String, ServiceHistory>;

/// Links shared by every status page.
#[derive(Debug, Clone, Serialize)]
pub struct CommonLinks {
    /// Overview.
    pub overview: String,
    /// History, first page.
    pub history: String,
    /// Atom feed.
    pub feed: String,
    /// `status.json`.
    pub json: String,
    /// The "check service health" help procedure in this language.
    pub check_health: Option<String>,
}
