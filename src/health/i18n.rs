//! Localized words and formats for the status site. The UI strings live in the theme
//! (`themes/default/i18n/<lang>.status.toml`, merged into the templates' `ui`); they are embedded here
//! too because the feed, badges and text alternatives are written in Rust. Dates and numbers are
//! formatted by hand for English, French and German (other languages fall back to English formats).

use crate::lang::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use std::collections::HashMap;
use std::sync::OnceLock;

const EN: &str = include_str!("../../themes/default/i18n/en.status.toml");
const FR: &str = include_str!("../../themes/default/i18n/fr.status.toml");
const DE: &str = include_str!("../../themes/default/i18n/de.status.toml");

/// Reads the flat `key = "text"` subset of TOML these files use.
pub fn parse_flat_toml(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim();
        let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            continue;
        };
        let mut s = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some(o) => s.push(o),
                    None => {}
                }
            } else {
                s.push(c);
            }
        }
        out.insert(k.trim().to_string(), s);
    }
    out
}

fn tables() -> &'static HashMap<&'static str, HashMap<String, String>> {
    static T: OnceLock<HashMap<&'static str, HashMap<String, String>>> = OnceLock::new();
    T.get_or_init(|| {
        HashMap::from([
            ("en", parse_flat_toml(EN)),
            ("fr", parse_flat_toml(FR)),
            ("de", parse_flat_toml(DE)),
        ])
    })
}

/// The built-in UI strings for a language (English for languages without a file), for callers
/// that build a `ui` map without the theme.
pub fn ui_strings(lang: &Lang) -> HashMap<String, String> {
    let t = tables();
    let mut m = t["en"].clone();
    if let Some(l) = t.get(lang.primary()) {
        m.extend(l.clone());
    }
    m
}

/// One UI string, falling back to English, then to the key itself.
pub fn tr(lang: &Lang, key: &str) -> String {
    let t = tables();
    t.get(lang.primary())
        .and_then(|m| m.get(key))
        .or_else(|| t["en"].get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

fn prim(lang: &Lang) -> &str {
    match lang.primary() {
        "fr" => "fr",
        "de" => "de",
        _ => "en",
    }
}

const EN_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const FR_SHORT: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const DE_SHORT: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const EN_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_LONG: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE_LONG: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// `Nov 24, 2026` / `24 nov. 2026` / `24. Nov. 2026`.
pub fn format_date(lang: &Lang, d: NaiveDate) -> String {
    let m = d.month0() as usize;
    match prim(lang) {
        "fr" => format!("{} {} {}", d.day(), FR_SHORT[m], d.year()),
        "de" => format!("{}. {} {}", d.day(), DE_SHORT[m], d.year()),
        _ => format!("{} {}, {}", EN_SHORT[m], d.day(), d.year()),
    }
}

/// `Nov 24, 2026, 2:05 PM UTC` / `24 nov. 2026, 14:05 UTC` / `24. Nov. 2026, 14:05 UTC`.
pub fn format_datetime(lang: &Lang, t: DateTime<Utc>) -> String {
    let date = format_date(lang, t.date_naive());
    match prim(lang) {
        "fr" | "de" => format!("{date}, {:02}:{:02} UTC", t.hour(), t.minute()),
        _ => {
            let (pm, h) = t.hour12();
            format!(
                "{date}, {h}:{:02} {} UTC",
                t.minute(),
                if pm { "PM" } else { "AM" }
            )
        }
    }
}

/// `November 2026` / `novembre 2026` / `November 2026`.
pub fn format_month(lang: &Lang, year: i32, month: u32) -> String {
    let m = (month.clamp(1, 12) - 1) as usize;
    match prim(lang) {
        "fr" => format!("{} {year}", FR_LONG[m]),
        "de" => format!("{} {year}", DE_LONG[m]),
        _ => format!("{} {year}", EN_LONG[m]),
    }
}

/// A number with `decimals` digits: `1,016.5` / `1 016,5` / `1.016,5`.
pub fn format_number(lang: &Lang, v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (group, dec) = match prim(lang) {
        "fr" => (' ', ','),
        "de" => ('.', ','),
        _ => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = if v < 0.0 && v.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        format!("-{grouped}")
    } else {
        grouped
    };
    if !frac.is_empty() {
        out.push(dec);
        out.push_str(frac);
    }
    out
}

/// A percentage with two decimals: `99.95%` / `99,95 %` / `99,95 %`.
pub fn format_percent(lang: &Lang, v: f64) -> String {
    let n = format_number(lang, v, 2);
    match prim(lang) {
        "fr" | "de" => format!("{n} %"),
        _ => format!("{n}%"),
    }
}

/// A duration in whole minutes: `2 h 05 min`, `45 min`, `3 d 4 h` (units are the same in en/fr/de
/// except days: `j` in French, `T` in German).
pub fn format_duration(lang: &Lang, minutes: i64) -> String {
    let d = minutes / 1440;
    let h = (minutes % 1440) / 60;
    let m = minutes % 60;
    let day = match prim(lang) {
        "fr" => "j",
        "de" => "T",
        _ => "d",
    };
    if d > 0 {
        format!("{d} {day} {h} h")
    } else if h > 0 {
        format!("{h} h {m:02} min")
    } else {
        format!("{m} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap()
    }

    #[test]
    fn dates_per_language() {
        let t = DateTime::parse_from_rfc3339("2026-11-24T14:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(format_datetime(&l("fr-fr"), t), "24 nov. 2026, 14:05 UTC");
        assert_eq!(format_datetime(&l("en-us"), t), "Nov 24, 2026, 2:05 PM UTC");
        assert_eq!(format_datetime(&l("de-de"), t), "24. Nov. 2026, 14:05 UTC");
        let midnight = DateTime::parse_from_rfc3339("2026-03-01T00:07:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            format_datetime(&l("en"), midnight),
            "Mar 1, 2026, 12:07 AM UTC"
        );
        assert_eq!(format_month(&l("fr-fr"), 2026, 8), "août 2026");
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(format_percent(&l("fr-fr"), 99.951), "99,95 %");
        assert_eq!(format_percent(&l("en-us"), 99.95), "99.95%");
        assert_eq!(format_percent(&l("de-de"), 99.95), "99,95 %");
        assert_eq!(format_number(&l("en"), 1016.0, 0), "1,016");
        assert_eq!(format_number(&l("de"), 1234567.5, 1), "1.234.567,5");
        assert_eq!(format_number(&l("fr"), 100.0, 2), "100,00");
    }

    #[test]
    fn every_language_file_has_every_key() {
        let t = tables();
        for lang in ["fr", "de"] {
            for k in t["en"].keys() {
                assert!(t[lang].contains_key(k), "{lang} lacks {k}");
            }
        }
        assert_eq!(
            tr(&l("fr-fr"), "status_state_major_outage"),
            "Panne majeure"
        );
        assert_eq!(tr(&l("ja-jp"), "status_state_major_outage"), "Major outage");
    }
}
