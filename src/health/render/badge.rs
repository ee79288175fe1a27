//! The SVG badge of a service ("label: state"), for READMEs and dashboards.

use super::super::i18n::tr;
use super::super::model::*;
use super::super::pages;
use super::super::text::xml_escape;
use crate::lang::Lang;

/// A shields-style SVG badge "<service> | <state>", with a `<title>` for screen readers and the
/// state in words (colour is not the only cue).
pub fn badge(lang: &Lang, name: &str, status: ServiceStatus) -> String {
    let label = name;
    let value = format!(
        "{} {}",
        pages::icon(status),
        tr(lang, &format!("status_state_{}", status.as_str()))
    );
    // Rough text width: 6.5 px per character at 11 px Verdana-like fonts.
    let w = |s: &str| (s.chars().count() as f64 * 6.5 + 12.0).round();
    let (lw, vw) = (w(label), w(&value));
    let color = match status {
        ServiceStatus::Operational => "#2e7d32",
        ServiceStatus::Degraded => "#8a6d00",
        ServiceStatus::PartialOutage => "#b45309",
        ServiceStatus::MajorOutage => "#b91c1c",
        ServiceStatus::Maintenance => "#1d4ed8",
        ServiceStatus::Unknown => "#555555",
    };
    let text = xml_escape(&format!("{label}: {value}"));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{t}\" height=\"20\" role=\"img\" aria-label=\"{text}\">\
<title>{text}</title><rect width=\"{lw}\" height=\"20\" fill=\"#444\"/><rect x=\"{lw}\" width=\"{vw}\" height=\"20\" fill=\"{color}\"/>\
<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">\
<text x=\"{lx}\" y=\"14\">{l}</text><text x=\"{vx}\" y=\"14\">{v}</text></g></svg>\n",
        t = lw + vw,
        lx = lw / 2.0,
        vx = lw + vw / 2.0,
        l = xml_escape(label),
        v = xml_escape(&value),
    )
}
