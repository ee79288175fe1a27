//! A customer's page: the services it uses, and what affected them.

use super::super::i18n::format_datetime;
use super::super::model::*;
use super::announcements::{AnnouncementView, announcement_view, current_announcements};
use super::incidents::{IncidentSummary, incident_summary};
use super::services::{ServiceRow, service_row};
use super::{CommonLinks, Histories, StateView, Urls, state};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// `/<lang>/status/customers/<id>/` (noindex).
#[derive(Debug, Clone, Serialize)]
pub struct CustomerView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Worst state of the customer's services.
    pub state: StateView,
    /// The services the customer uses.
    pub services: Vec<ServiceRow>,
    /// Open incidents on those services.
    pub active: Vec<IncidentSummary>,
    /// Announcements on those services.
    pub announcements: Vec<AnnouncementView>,
    /// Localized time of the newest snapshot.
    pub as_of: Option<String>,
    /// Links.
    pub links: CommonLinks,
}

/// Builds a customer page.
pub fn customer_view(
    model: &HealthModel,
    c: &Customer,
    urls: &Urls,
    now: DateTime<Utc>,
    links: CommonLinks,
    hist: &Histories,
) -> CustomerView {
    let lang = &urls.lang;
    let services: Vec<&Service> = c
        .services
        .iter()
        .filter_map(|id| model.service(id))
        .collect();
    let worst = services
        .iter()
        .map(|s| s.status)
        .max()
        .unwrap_or(ServiceStatus::Unknown);
    let concerns = |ids: &[String]| ids.iter().any(|id| c.services.contains(id));
    CustomerView {
        id: c.id.clone(),
        name: c.name.clone(),
        state: state(lang, worst),
        services: services
            .iter()
            .map(|s| service_row(model, s, urls, now, hist))
            .collect(),
        active: model
            .incidents
            .iter()
            .filter(|i| i.is_active(now) && concerns(&i.affected))
            .map(|i| incident_summary(model, i, urls, now))
            .collect(),
        announcements: current_announcements(model, now)
            .filter(|a| concerns(&a.services))
            .map(|a| announcement_view(model, a, urls, now))
            .collect(),
        as_of: model.stated_as_of(now).map(|t| format_datetime(lang, t)),
        links,
    }
}
