//! Pure functions from the model to the serializable view data of each status page, in one
//! language. Every string from a payload is passed as plain text: the templates escape it (`{{ }}`
//! in `.html` autoescapes) and the SVG written here escapes it with [`xml_escape`].

use super::charts::{self, ChartView};
use super::history::{self, DayStatus, ServiceHistory};
use super::i18n::{
    format_date, format_datetime, format_duration, format_month, format_number, format_percent, tr,
};
use super::localize::{DATA_LANG, Shown, Texts, differs};
use super::model::*;
use super::text::slugify;
pub use super::text::xml_escape;
use crate::lang::Lang;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
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

/// Histories by service id, from [`history::all_histories`].
pub type Histories = HashMap<String, ServiceHistory>;

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

/// An announcement as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementView {
    /// Id.
    pub id: String,
    /// Title (translated when available).
    pub title: String,
    /// Language of `title` when it differs from the page's.
    pub title_lang: Option<String>,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// Language of the paragraphs when it differs from the page's.
    pub body_lang: Option<String>,
    /// Localized kind.
    pub kind: String,
    /// Localized window start.
    pub start: String,
    /// RFC 3339 start.
    pub start_iso: String,
    /// Localized window end.
    pub end: Option<String>,
    /// Services concerned.
    pub services: Vec<Link>,
    /// Free-text action (never translated).
    pub action_required: Option<String>,
    /// Language of `action_required` when it differs from the page's.
    pub action_lang: Option<String>,
    /// Localized deadline.
    pub action_by: Option<String>,
    /// The window has started.
    pub in_progress: bool,
}

/// Paragraphs of a plain text (blank-line separated), trimmed, empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The view of an announcement.
pub fn announcement_view(
    model: &HealthModel,
    a: &Announcement,
    urls: &Urls,
    now: DateTime<Utc>,
) -> AnnouncementView {
    let lang = &urls.lang;
    let Texts { title, body } = Texts::of_announcement(lang, a);
    let action = a
        .action_required
        .as_deref()
        .map(|t| Shown::original(t, lang));
    AnnouncementView {
        id: a.id.clone(),
        title: title.text,
        title_lang: title.lang,
        paragraphs: paragraphs(&body.text),
        body_lang: body.lang,
        kind: tr(
            lang,
            if a.kind == AnnouncementKind::Change {
                "status_kind_change"
            } else {
                "status_kind_maintenance"
            },
        ),
        start: format_datetime(lang, a.start),
        start_iso: a.start.to_rfc3339(),
        end: a.end.map(|e| format_datetime(lang, e)),
        services: a
            .services
            .iter()
            .map(|id| Link {
                name: model
                    .service(id)
                    .map_or_else(|| id.clone(), |s| s.name.clone()),
                url: urls.service(id),
                lang: None,
            })
            .collect(),
        action_lang: action.as_ref().and_then(|t| t.lang.clone()),
        action_required: action.map(|t| t.text),
        action_by: a.action_by.map(|t| format_datetime(lang, t)),
        in_progress: a.start <= now,
    }
}

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

/// The upcoming or running announcements at `now`, by start.
pub fn current_announcements(
    model: &HealthModel,
    now: DateTime<Utc>,
) -> impl Iterator<Item = &Announcement> {
    model
        .announcements
        .iter()
        .filter(move |a| a.end.unwrap_or(a.start) >= now || a.action_by.is_some_and(|b| b >= now))
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
