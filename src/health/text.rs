//! Small text helpers: timestamps, slugs, HTML-to-text for payload bodies, and XML escaping. A leaf
//! module: the importers, the loader, the merge and the status pages all use it and it uses none of
//! them, so none of them has to import another for a helper.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Escapes payload text for XML/HTML. XML 1.0 forbids most control characters even when escaped, and
/// payloads from outside may carry them: they are dropped first.
pub fn xml_escape(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\t' | '\r'))
        .collect();
    crate::render::html::escape(&cleaned)
}

/// Result of reading a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeParse {
    Zoned(DateTime<Utc>),
    Naive(DateTime<Utc>),
    Invalid,
}

/// Accepts RFC 3339 (with `T` or a space), and zone-less date-times or dates (reported as naive).
pub(crate) fn parse_time(raw: &str) -> TimeParse {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return TimeParse::Zoned(t.with_timezone(&Utc));
    }
    let t_form = s.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&t_form) {
        return TimeParse::Zoned(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&t_form, f) {
            return TimeParse::Naive(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return TimeParse::Naive(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    TimeParse::Invalid
}

/// URL- and id-safe form of a name: lowercase ASCII letters and digits separated by single dashes.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() { "x".into() } else { out }
}

/// Plain text from an HTML fragment (Microsoft Graph bodies): tags dropped, block ends become line
/// breaks, link targets kept in parentheses, entities decoded. The result is escaped like any text
/// when rendered, so no markup from a payload ever reaches a page.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut href: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&decode_entities(&rest[lt..]));
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let name = name.to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("br", _)
            | ("p", true)
            | ("div", true)
            | ("li", true)
            | ("ul", true)
            | ("ol", true)
            | ("tr", true) => out.push('\n'),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => out.push('\n'),
            ("li", false) => out.push_str("• "),
            ("a", false) => {
                href = tag.split("href=").nth(1).and_then(|h| {
                    let q = h.chars().next()?;
                    let h = if q == '"' || q == '\'' {
                        h[1..].split(q).next()?
                    } else {
                        h.split([' ', '>']).next()?
                    };
                    Some(decode_entities(h))
                });
            }
            ("a", true) => {
                if let Some(h) = href.take()
                    && !out.ends_with(&h)
                    && (h.starts_with("http://") || h.starts_with("https://"))
                {
                    out.push_str(&format!(" ({h})"));
                }
            }
            _ => {}
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(&decode_entities(rest));
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    let mut text = String::new();
    let mut blank = 0;
    for l in lines {
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(l);
    }
    text
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        match crate::render::html::decode_entity(&rest[amp..]) {
            // Payload text is shown as plain text: a no-break space is just a space there.
            Some((c, len)) => {
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &rest[amp + len..];
            }
            None => {
                out.push('&');
                rest = &rest[amp + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}
