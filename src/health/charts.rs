//! Charts drawn at build time as inline SVG: the 90-day bars and the metric line charts. Text from
//! payloads (service names) is escaped here, since the templates insert these strings as they are.

use super::history::DayStatus;
use super::i18n::{format_date, format_datetime, format_number, tr};
use super::model::*;
use super::text::xml_escape;
use crate::lang::Lang;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub(crate) fn bars_svg(lang: &Lang, name: &str, days: &[DayStatus]) -> String {
    let w = 4;
    let gap = 1;
    let h = 28;
    let total = days.len() * (w + gap);
    let mut s = format!(
        "<svg class=\"status-bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {h}\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
    );
    for (i, d) in days.iter().enumerate() {
        // Bars get shorter as the day gets worse, so the shape carries the state as well as the colour.
        let bh = match d.status {
            ServiceStatus::MajorOutage => h / 2,
            ServiceStatus::PartialOutage => h * 2 / 3,
            ServiceStatus::Degraded => h * 5 / 6,
            _ => h,
        };
        s.push_str(&format!(
            "<rect class=\"st-{}\" x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{bh}\"><title>{}: {}</title></rect>",
            d.status.as_str(),
            i * (w + gap),
            h - bh,
            xml_escape(&format_date(lang, d.date)),
            xml_escape(&tr(lang, &format!("status_state_{}", d.status.as_str())))
        ));
    }
    let _ = name;
    s.push_str("</svg>");
    s
}

/// A metric chart with its text alternatives.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Localized metric name.
    pub title: String,
    /// Unit.
    pub unit: String,
    /// Inline SVG with `<title>` and `<desc>`.
    pub svg: String,
    /// One-sentence description (also the SVG `<desc>`).
    pub summary: String,
    /// Data table fallback: localized time and value.
    pub rows: Vec<(String, String)>,
}

fn metric_name(lang: &Lang, k: MetricKind) -> String {
    tr(
        lang,
        match k {
            MetricKind::Availability => "status_metric_availability",
            MetricKind::Latency => "status_metric_latency",
            MetricKind::ErrorRate => "status_metric_error_rate",
        },
    )
}

fn fmt_value(lang: &Lang, v: f64, unit: &str) -> String {
    let decimals = if unit == "%" {
        2
    } else if v.abs() >= 100.0 {
        0
    } else {
        1
    };
    let n = format_number(lang, v, decimals);
    if unit == "%" && !matches!(lang.primary(), "fr" | "de") {
        format!("{n}%")
    } else {
        format!("{n} {unit}")
    }
}

/// Chart of one metric series over the 90 days ending at `now`, drawn at build time.
pub fn chart(
    lang: &Lang,
    service_name: &str,
    m: &MetricSeries,
    now: DateTime<Utc>,
    idx: usize,
) -> Option<ChartView> {
    let from = now - Duration::days(90);
    let pts: Vec<&MetricPoint> = m
        .points
        .iter()
        .filter(|p| p.at >= from && p.at <= now && p.value.is_finite())
        .collect();
    if pts.is_empty() {
        return None;
    }
    let title = metric_name(lang, m.kind);
    let (lo, hi) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| {
        (a.min(p.value), b.max(p.value))
    });
    let (w, h, pad_l, pad_b) = (600.0, 160.0, 64.0, 22.0);
    let (t0, t1) = (pts[0].at, pts[pts.len() - 1].at);
    let span_t = ((t1 - t0).num_seconds() as f64).max(1.0);
    let (ylo, yhi) = if (hi - lo).abs() < f64::EPSILON {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1)
    };
    let x = |t: DateTime<Utc>| pad_l + (t - t0).num_seconds() as f64 / span_t * (w - pad_l - 8.0);
    let y = |v: f64| 8.0 + (1.0 - (v - ylo) / (yhi - ylo)) * (h - pad_b - 8.0);
    // Thin long series so the SVG stays small; the table keeps the same sampled points.
    let step = pts.len().div_ceil(300).max(1);
    let sampled: Vec<&&MetricPoint> = pts.iter().step_by(step).collect();
    let poly: Vec<String> = sampled
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.at), y(p.value)))
        .collect();
    let last = pts[pts.len() - 1];
    let summary = format!(
        "{title}, {service_name}: {} – {}; {} {}, {} {}, {} {}",
        format_date(lang, t0.date_naive()),
        format_date(lang, t1.date_naive()),
        tr(lang, "status_min"),
        fmt_value(lang, lo, &m.unit),
        tr(lang, "status_max"),
        fmt_value(lang, hi, &m.unit),
        format_datetime(lang, last.at),
        fmt_value(lang, last.value, &m.unit),
    );
    let id = format!("chart-{idx}");
    let svg = format!(
        "<svg class=\"status-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\
<line class=\"axis\" x1=\"{pad_l}\" y1=\"{:.1}\" x2=\"{}\" y2=\"{:.1}\"/>\
<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
<text class=\"tick\" x=\"{pad_l}\" y=\"{}\">{}</text>\
<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<polyline class=\"line\" fill=\"none\" points=\"{}\"/></svg>",
        xml_escape(&format!("{title} — {service_name}")),
        xml_escape(&summary),
        h - pad_b,
        w - 8.0,
        h - pad_b,
        pad_l - 4.0,
        y(hi) + 4.0,
        xml_escape(&fmt_value(lang, hi, &m.unit)),
        pad_l - 4.0,
        y(lo) + 4.0,
        xml_escape(&fmt_value(lang, lo, &m.unit)),
        h - 6.0,
        xml_escape(&format_date(lang, t0.date_naive())),
        w - 8.0,
        h - 6.0,
        xml_escape(&format_date(lang, t1.date_naive())),
        poly.join(" ")
    );
    let rows = sampled
        .iter()
        .rev()
        .map(|p| {
            (
                format_datetime(lang, p.at),
                fmt_value(lang, p.value, &m.unit),
            )
        })
        .collect();
    Some(ChartView {
        title,
        unit: m.unit.clone(),
        svg,
        summary,
        rows,
    })
}
