//! Incidents: the summary shown in lists (kind, impact, duration, affected services) and the
//! incident's own page with its updates in order.

use super::super::i18n::{format_datetime, format_duration, tr};
use super::super::localize::{DATA_LANG, Shown, Texts, differs};
use super::super::model::*;
use super::announcements::paragraphs;
use super::{CommonLinks, Link, StateView, Urls, state};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// An incident in lists.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentSummary {
    /// Id.
    pub id: String,
    /// Title in the page's language when translated.
    pub title: String,
    /// Language of `title` when it differs from the page's (no translation): its `lang` attribute.
    pub title_lang: Option<String>,
    /// Page URL.
    pub url: String,
    /// Localized kind.
    pub kind: String,
    /// Kind code (`incident`, `maintenance`…).
    pub kind_code: &'static str,
    /// State it caused.
    pub severity: StateView,
    /// Localized phase.
    pub phase: String,
    /// Localized start.
    pub start: String,
    /// RFC 3339 start, for `<time datetime>`.
    pub start_iso: String,
    /// Localized end.
    pub end: Option<String>,
    /// RFC 3339 end.
    pub end_iso: Option<String>,
    /// Localized duration (to now while open).
    pub duration: String,
    /// Open at `now`.
    pub active: bool,
    /// Affected services.
    pub affected: Vec<Link>,
    /// First line of the translated body, the impact or the latest update.
    pub excerpt: String,
    /// Language of `excerpt` when it differs from the page's.
    pub excerpt_lang: Option<String>,
}

fn kind_code(k: IncidentKind) -> &'static str {
    match k {
        IncidentKind::Incident => "incident",
        IncidentKind::Maintenance => "maintenance",
        IncidentKind::Advisory => "advisory",
        IncidentKind::Informational => "informational",
    }
}

/// The list form of an incident.
pub fn incident_summary(
    model: &HealthModel,
    i: &Incident,
    urls: &Urls,
    now: DateTime<Utc>,
) -> IncidentSummary {
    let lang = &urls.lang;
    let Texts { title, body } = Texts::of_incident(lang, i);
    let end_or_now = i.end.unwrap_or(now).max(i.start);
    let excerpt_src = if body.text.is_empty() {
        Shown::original(i.updates.last().map_or("", |u| u.text.as_str()), lang)
    } else {
        body
    };
    let excerpt: String = excerpt_src
        .text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(240)
        .collect();
    IncidentSummary {
        id: i.id.clone(),
        title: title.text,
        title_lang: title.lang,
        url: urls.incident(&i.id),
        kind: tr(lang, &format!("status_kind_{}", kind_code(i.kind))),
        kind_code: kind_code(i.kind),
        severity: state(lang, i.severity),
        phase: tr(lang, &format!("status_phase_{}", i.phase.as_str())),
        start: format_datetime(lang, i.start),
        start_iso: i.start.to_rfc3339(),
        end: i.end.map(|e| format_datetime(lang, e)),
        end_iso: i.end.map(|e| e.to_rfc3339()),
        duration: format_duration(lang, (end_or_now - i.start).num_minutes()),
        active: i.is_active(now),
        affected: i
            .affected
            .iter()
            .map(|id| Link {
                name: model
                    .service(id)
                    .map_or_else(|| id.clone(), |s| s.name.clone()),
                url: urls.service(id),
                lang: None,
            })
            .collect(),
        excerpt_lang: (!excerpt.is_empty()).then_some(excerpt_src.lang).flatten(),
        excerpt,
    }
}

/// One update in the incident timeline.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// Localized time.
    pub at: String,
    /// RFC 3339.
    pub at_iso: String,
    /// Localized phase.
    pub phase: String,
    /// Phase code.
    pub phase_code: &'static str,
    /// Paragraphs of text.
    pub paragraphs: Vec<String>,
}

/// `/<lang>/status/incidents/<id>/`.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// Summary (title, states, times, affected services).
    pub incident: IncidentSummary,
    /// Impact paragraphs (the translated body when the incident has one for this language).
    pub impact: Vec<String>,
    /// Language of the impact paragraphs when it differs from the page's.
    pub impact_lang: Option<String>,
    /// Language of the updates' text when it differs from the page's (updates are not translated):
    /// it marks each update's paragraphs, not the timeline, whose phases and dates are localized.
    pub updates_lang: Option<String>,
    /// Timeline, newest first.
    pub updates: Vec<UpdateView>,
    /// Link to the original post.
    pub original_url: Option<String>,
    /// True when the title is shown in another language for lack of a translation.
    pub not_translated: bool,
    /// Language of the "not translated" note when it is not the page's: a page language without
    /// status UI strings shows the English ones. Set by the renderer, which knows the theme's strings.
    pub note_lang: Option<String>,
    /// The instant the page describes (an open incident's duration runs to it), when the data
    /// states one.
    pub as_of: Option<String>,
    /// The same, ISO 8601.
    pub as_of_iso: Option<String>,
    /// Links.
    pub links: CommonLinks,
}

/// Builds an incident page.
pub fn incident_view(
    model: &HealthModel,
    i: &Incident,
    urls: &Urls,
    now: DateTime<Utc>,
    links: CommonLinks,
) -> IncidentView {
    let lang = &urls.lang;
    let Texts { title, body } = Texts::of_incident(lang, i);
    let impact = paragraphs(&body.text);
    IncidentView {
        incident: incident_summary(model, i, urls, now),
        impact_lang: (!impact.is_empty()).then_some(body.lang).flatten(),
        impact,
        updates_lang: differs(DATA_LANG, lang).then(|| DATA_LANG.to_string()),
        updates: i
            .updates
            .iter()
            .rev()
            .map(|u| UpdateView {
                at: format_datetime(lang, u.at),
                at_iso: u.at.to_rfc3339(),
                phase: tr(lang, &format!("status_phase_{}", u.phase.as_str())),
                phase_code: u.phase.as_str(),
                paragraphs: paragraphs(&u.text),
            })
            .collect(),
        original_url: i
            .url
            .clone()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        not_translated: title.lang.is_some(),
        note_lang: None,
        as_of: model.stated_as_of(now).map(|t| format_datetime(lang, t)),
        as_of_iso: model.stated_as_of(now).map(|t| t.to_rfc3339()),
        links,
    }
}
