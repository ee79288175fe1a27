//! The service page and a service's row on the overview: its state, the bars of its recent days
//! with the worst ones listed, uptime, and the help pages that name it.

use super::super::charts::{self, ChartView};
use super::super::history::{self, DayStatus, ServiceHistory};
use super::super::i18n::{format_date, format_datetime, format_number, format_percent, tr};
use super::super::localize::{Shown, Texts};
use super::super::model::*;
use super::announcements::{AnnouncementView, announcement_view, current_announcements};
use super::incidents::{IncidentSummary, incident_summary};
use super::{CommonLinks, Histories, Link, StateView, Urls, state};
use crate::lang::Lang;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// A day that was not fully operational, for the text alternative of the 90-day bars.
#[derive(Debug, Clone, Serialize)]
pub struct BadDay {
    /// Localized date.
    pub date: String,
    /// State that day.
    pub state: StateView,
    /// Localized weighted downtime, empty when none.
    pub downtime: String,
    /// Incidents that touched the day.
    pub incidents: Vec<Link>,
}

/// One service on the overview, a customer page or its own page.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Page URL.
    pub url: String,
    /// Group.
    pub group: Option<String>,
    /// Current state.
    pub state: StateView,
    /// Localized 90-day uptime, or the "no data" text.
    pub uptime_90: String,
    /// Inline SVG of the 90 daily bars (generated here, payload text escaped).
    pub bars_svg: String,
    /// One-sentence text alternative of the bars.
    pub bars_summary: String,
    /// Days not fully operational, newest first.
    pub bad_days: Vec<BadDay>,
}

fn bars_summary(lang: &Lang, days: &[DayStatus]) -> String {
    let mut counts: BTreeMap<ServiceStatus, usize> = BTreeMap::new();
    for d in days {
        *counts.entry(d.status).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .rev()
        .map(|(s, n)| format!("{}: {n}", tr(lang, &format!("status_state_{}", s.as_str()))))
        .collect();
    format!("{} — {}", tr(lang, "status_last_90_days"), parts.join(", "))
}

fn history_of(
    model: &HealthModel,
    hist: &Histories,
    id: &str,
    now: DateTime<Utc>,
) -> ServiceHistory {
    hist.get(id)
        .cloned()
        .unwrap_or_else(|| history::service_history(model, id, now))
}

/// One row per service with its 90-day history.
pub fn service_row(
    model: &HealthModel,
    s: &Service,
    urls: &Urls,
    now: DateTime<Utc>,
    hist: &Histories,
) -> ServiceRow {
    let lang = &urls.lang;
    let h = history_of(model, hist, &s.id, now);
    let bad_days = h
        .days
        .iter()
        .rev()
        .filter(|d| d.status.is_unhealthy())
        .map(|d| BadDay {
            date: format_date(lang, d.date),
            state: state(lang, d.status),
            downtime: if d.downtime_minutes >= 0.5 {
                format!(
                    "{} {}",
                    format_number(lang, d.downtime_minutes, 0),
                    tr(lang, "status_down_minutes")
                )
            } else {
                String::new()
            },
            incidents: d
                .incidents
                .iter()
                .filter_map(|id| model.incidents.iter().find(|i| &i.id == id))
                .map(|i| {
                    let title = Texts::of_incident(lang, i).title;
                    Link {
                        name: title.text,
                        url: urls.incident(&i.id),
                        lang: title.lang,
                    }
                })
                .collect(),
        })
        .collect();
    ServiceRow {
        id: s.id.clone(),
        name: s.name.clone(),
        url: urls.service(&s.id),
        group: s.group.clone(),
        state: state(lang, s.status),
        uptime_90: h
            .uptime_90
            .map_or_else(|| tr(lang, "status_no_data"), |u| format_percent(lang, u)),
        bars_svg: charts::bars_svg(lang, &s.name, &h.days),
        bars_summary: bars_summary(lang, &h.days),
        bad_days,
    }
}

/// A help page linked from a service page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HelpLink {
    /// Language tag of the page (`fr-fr`).
    pub lang: String,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
}

/// `/<lang>/status/services/<id>/`.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// The row (state, bars, uptime 90).
    pub service: ServiceRow,
    /// Description.
    pub description: Option<String>,
    /// Language of `description` when it differs from the page's (descriptions are not translated).
    pub description_lang: Option<String>,
    /// Uptime 7 days, localized.
    pub uptime_7: String,
    /// Uptime 30 days.
    pub uptime_30: String,
    /// Uptime 90 days.
    pub uptime_90: String,
    /// Localized time the state was observed.
    pub status_at: Option<String>,
    /// Charts.
    pub charts: Vec<ChartView>,
    /// Open incidents on the service.
    pub active: Vec<IncidentSummary>,
    /// Past incidents on the service, newest first (at most 20).
    pub incidents: Vec<IncidentSummary>,
    /// Announcements concerning the service.
    pub announcements: Vec<AnnouncementView>,
    /// Help pages about the service in this language.
    pub help: Vec<HelpLink>,
    /// Badge URL.
    pub badge_url: String,
    /// Links.
    pub links: CommonLinks,
}

/// Builds a service page.
pub fn service_view(
    model: &HealthModel,
    s: &Service,
    urls: &Urls,
    now: DateTime<Utc>,
    help: Vec<HelpLink>,
    links: CommonLinks,
    hist: &Histories,
) -> ServiceView {
    let lang = &urls.lang;
    let h = history_of(model, hist, &s.id, now);
    let pct =
        |u: Option<f64>| u.map_or_else(|| tr(lang, "status_no_data"), |u| format_percent(lang, u));
    let mine: Vec<&Incident> = model
        .incidents
        .iter()
        .filter(|i| i.affected.contains(&s.id) && i.start <= now)
        .collect();
    ServiceView {
        service: service_row(model, s, urls, now, hist),
        description: s.description.clone(),
        description_lang: s
            .description
            .as_ref()
            .and_then(|d| Shown::original(d, lang).lang),
        uptime_7: pct(h.uptime_7),
        uptime_30: pct(h.uptime_30),
        uptime_90: pct(h.uptime_90),
        status_at: s.status_at.map(|t| format_datetime(lang, t)),
        charts: model
            .metrics
            .iter()
            .filter(|m| m.service == s.id)
            .enumerate()
            .filter_map(|(i, m)| charts::chart(lang, &s.name, m, now, i))
            .collect(),
        active: mine
            .iter()
            .filter(|i| i.is_active(now))
            .map(|i| incident_summary(model, i, urls, now))
            .collect(),
        incidents: mine
            .iter()
            .filter(|i| !i.is_active(now))
            .take(20)
            .map(|i| incident_summary(model, i, urls, now))
            .collect(),
        announcements: current_announcements(model, now)
            .filter(|a| a.services.contains(&s.id))
            .map(|a| announcement_view(model, a, urls, now))
            .collect(),
        help,
        badge_url: format!("{}badge.svg", urls.service(&s.id)),
        links,
    }
}
