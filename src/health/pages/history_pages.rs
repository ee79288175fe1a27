//! The history pages: incidents month by month, [`MONTHS_PER_PAGE`] months a page, newest first.

use super::super::i18n::{format_datetime, format_month};
use super::super::model::*;
use super::incidents::{IncidentSummary, incident_summary};
use super::{CommonLinks, Urls};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

/// A month on the history page.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// Localized month and year.
    pub label: String,
    /// `2026-11`.
    pub key: String,
    /// Incidents that started that month, newest first.
    pub incidents: Vec<IncidentSummary>,
}

/// `/<lang>/status/history/[n/]`.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// 1-based page number.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Months on this page, newest first.
    pub months: Vec<MonthView>,
    /// Link to newer months.
    pub newer_url: Option<String>,
    /// Link to older months.
    pub older_url: Option<String>,
    /// The instant the page describes (the last month, open incidents' durations), when the data
    /// states one.
    pub as_of: Option<String>,
    /// The same, ISO 8601.
    pub as_of_iso: Option<String>,
    /// Links.
    pub links: CommonLinks,
}

/// Months per history page.
pub const MONTHS_PER_PAGE: usize = 10;

/// All history pages: every month from the newest (that of `now`) back to the oldest incident, empty
/// months included (they say "no incidents"), [`MONTHS_PER_PAGE`] per page.
pub fn history_pages(
    model: &HealthModel,
    urls: &Urls,
    now: DateTime<Utc>,
    links: &CommonLinks,
) -> Vec<HistoryView> {
    let lang = &urls.lang;
    let past: Vec<&Incident> = model.incidents.iter().filter(|i| i.start <= now).collect();
    let oldest = past.iter().map(|i| i.start).min().unwrap_or(now);
    let mut months = Vec::new();
    let (mut y, mut m) = (now.year(), now.month());
    loop {
        let incidents = past
            .iter()
            .filter(|i| i.start.year() == y && i.start.month() == m)
            .map(|i| incident_summary(model, i, urls, now))
            .collect();
        months.push(MonthView {
            label: format_month(lang, y, m),
            key: format!("{y:04}-{m:02}"),
            incidents,
        });
        if (y, m) <= (oldest.year(), oldest.month()) {
            break;
        }
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    let chunks: Vec<Vec<MonthView>> = months
        .chunks(MONTHS_PER_PAGE)
        .map(<[MonthView]>::to_vec)
        .collect();
    let pages = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, months)| HistoryView {
            page: i + 1,
            pages,
            months,
            newer_url: (i > 0).then(|| urls.history(i)),
            older_url: (i + 1 < pages).then(|| urls.history(i + 2)),
            as_of: model.stated_as_of(now).map(|t| format_datetime(lang, t)),
            as_of_iso: model.stated_as_of(now).map(|t| t.to_rfc3339()),
            links: links.clone(),
        })
        .collect()
}
