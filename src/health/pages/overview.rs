//! The overview page: services by group, current incidents and announcements, the overall state.

use super::super::history::{self};
use super::super::i18n::{format_datetime, tr};
use super::super::model::*;
use super::announcements::{AnnouncementView, announcement_view, current_announcements};
use super::incidents::{IncidentSummary, incident_summary};
use super::services::{ServiceRow, service_row};
use super::{CommonLinks, Histories, StateView, Urls, icon};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A group of services on the overview.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Group name (`None` for ungrouped services).
    pub name: Option<String>,
    /// Services.
    pub services: Vec<ServiceRow>,
}

/// `/<lang>/status/`.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// Overall state; `label` is the banner sentence.
    pub banner: StateView,
    /// Localized time of the newest snapshot.
    pub as_of: Option<String>,
    /// RFC 3339 of the same.
    pub as_of_iso: Option<String>,
    /// Services by group.
    pub groups: Vec<GroupView>,
    /// Open incidents.
    pub active: Vec<IncidentSummary>,
    /// Announcements whose window is not over.
    pub announcements: Vec<AnnouncementView>,
    /// Incidents resolved in the last 7 days.
    pub recent: Vec<IncidentSummary>,
    /// Links.
    pub links: CommonLinks,
}

/// Builds the overview.
pub fn overview(
    model: &HealthModel,
    urls: &Urls,
    now: DateTime<Utc>,
    links: CommonLinks,
    hist: &Histories,
) -> OverviewView {
    let lang = &urls.lang;
    let worst = history::overall(model);
    let mut groups: Vec<GroupView> = Vec::new();
    for s in &model.services {
        let row = service_row(model, s, urls, now, hist);
        match groups.last_mut() {
            Some(g) if g.name == s.group => g.services.push(row),
            _ => groups.push(GroupView {
                name: s.group.clone(),
                services: vec![row],
            }),
        }
    }
    let as_of = model.stated_as_of(now);
    OverviewView {
        banner: StateView {
            code: worst.as_str(),
            label: tr(lang, &format!("status_banner_{}", worst.as_str())),
            icon: icon(worst),
        },
        as_of: as_of.map(|t| format_datetime(lang, t)),
        as_of_iso: as_of.map(|t| t.to_rfc3339()),
        groups,
        active: model
            .incidents
            .iter()
            .filter(|i| i.is_active(now))
            .map(|i| incident_summary(model, i, urls, now))
            .collect(),
        announcements: current_announcements(model, now)
            .map(|a| announcement_view(model, a, urls, now))
            .collect(),
        recent: model
            .incidents
            .iter()
            .filter(|i| {
                i.end
                    .is_some_and(|e| e <= now && e >= now - Duration::days(7))
            })
            .map(|i| incident_summary(model, i, urls, now))
            .collect(),
        links,
    }
}
