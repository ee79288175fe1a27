//! Status notices for help pages: what the health of the services a page names says to its readers
//! now, and the URLs of a service's and an incident's status page.

use super::super::localize::Texts;
use super::super::model::*;
use super::super::pages::Urls;
use crate::lang::Lang;
use serde::Serialize;

/// A status notice for a help page whose service is not operational.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// Service id.
    pub service_id: String,
    /// Service name.
    pub service_name: String,
    /// Current state.
    pub status: ServiceStatus,
    /// The worst open incident on the service, if any.
    pub incident_id: Option<String>,
    /// Its title in the page's language when the data has a translation, else the original.
    pub incident_title: Option<String>,
    /// The title's language when it is not the page's.
    pub incident_title_lang: Option<String>,
}

/// Notices for the services a help page concerns (ids as in `ms.service` or `services:`, matched by
/// id or name in any case); operational and unknown services give none. Incidents are open as of
/// the time the status pages describe ([`HealthModel::reference_time`]).
pub fn service_notices(model: &HealthModel, service_ids: &[String], lang: &Lang) -> Vec<Notice> {
    let as_of = model.reference;
    let mut out = Vec::new();
    for want in service_ids {
        let key = norm_key(want);
        let Some(s) = model
            .services
            .iter()
            .find(|s| s.id == *want || norm_key(&s.id) == key || norm_key(&s.name) == key)
        else {
            continue;
        };
        if !s.status.is_unhealthy() || out.iter().any(|n: &Notice| n.service_id == s.id) {
            continue;
        }
        let inc = model
            .incidents
            .iter()
            .filter(|i| {
                i.affected.contains(&s.id) && as_of.map_or(i.end.is_none(), |t| i.is_active(t))
            })
            .max_by_key(|i| (i.severity, i.start));
        let title = inc.map(|i| Texts::of_incident(lang, i).title);
        out.push(Notice {
            service_id: s.id.clone(),
            service_name: s.name.clone(),
            status: s.status,
            incident_id: inc.map(|i| i.id.clone()),
            incident_title: title.as_ref().map(|t| t.text.clone()),
            incident_title_lang: title.and_then(|t| t.lang),
        });
    }
    out
}

/// URL of a service's status page in `lang`, for help pages.
pub fn service_url(base_url: &str, lang: &Lang, service_id: &str) -> String {
    Urls::new(base_url, lang).service(service_id)
}

/// URL of an incident page in `lang`, for help-page notices.
pub fn incident_url(base_url: &str, lang: &Lang, incident_id: &str) -> String {
    Urls::new(base_url, lang).incident(incident_id)
}
