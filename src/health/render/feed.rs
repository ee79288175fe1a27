//! The Atom feed of a language's status site: one entry per incident and announcement, newest
//! first, with each update's phase and time.

use super::super::i18n::{format_datetime, tr};
use super::super::localize::{Shown, Texts};
use super::super::model::*;
use super::super::pages::{self, Urls};
use super::super::text::xml_escape;
use super::absolute;
use chrono::{DateTime, Utc};

/// An Atom feed of the incidents (newest 50) in one language. Titles and bodies are chosen as on the
/// incident pages ([`Texts`]); the content is XHTML so that text shown in another language than the
/// feed's (an untranslated body, the timeline update) carries `xml:lang` on its own paragraph, while
/// the localized facts around it do not.
pub fn atom_feed(
    model: &HealthModel,
    urls: &Urls,
    base_url: &str,
    now: DateTime<Utc>,
    site_title: &str,
) -> String {
    let lang = &urls.lang;
    let abs = |u: &str| absolute(base_url, &urls.prefix, u);
    let items: Vec<&Incident> = model
        .incidents
        .iter()
        .filter(|i| i.start <= now)
        .take(50)
        .collect();
    let updated_of = |i: &Incident| {
        i.updates
            .iter()
            .map(|u| u.at)
            .chain(i.end)
            .chain([i.start])
            .max()
            .unwrap_or(i.start)
    };
    let feed_updated = items
        .iter()
        .map(|i| updated_of(i))
        .chain(model.stated_as_of(now))
        .max()
        .unwrap_or(now);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(lang.as_str())
    ));
    s.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&format!("{} — {}", tr(lang, "status_title"), site_title))
    ));
    s.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&abs(&format!("{}feed.xml", urls.overview())))
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        xml_escape(&abs(&format!("{}feed.xml", urls.overview())))
    ));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&abs(&urls.overview()))
    ));
    s.push_str(&format!(
        "  <updated>{}</updated>\n",
        feed_updated.to_rfc3339()
    ));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(site_title)
    ));
    for i in items {
        let v = pages::incident_summary(model, i, urls, now);
        // Title and body exactly as the incident page shows them; the timeline is not translated.
        let Texts { title, body } = Texts::of_incident(lang, i);
        let mut facts = format!(
            "{} · {} · {}: {}",
            v.kind,
            v.severity.label,
            tr(lang, "status_started"),
            v.start
        );
        if let Some(e) = &v.end {
            facts.push_str(&format!(" · {}: {e}", tr(lang, "status_ended")));
        }
        let mut content = format!("<p>{}</p>", xml_escape(&facts));
        push_paragraphs(&mut content, &body);
        if let Some(u) = i.updates.last() {
            content.push_str(&format!(
                "<p><strong>{}</strong> · {}</p>",
                xml_escape(&tr(lang, &format!("status_phase_{}", u.phase.as_str()))),
                xml_escape(&format_datetime(lang, u.at)),
            ));
            push_paragraphs(&mut content, &Shown::original(&u.text, lang));
        }
        s.push_str("  <entry>\n");
        s.push_str(&format!(
            "    <title{}>{}</title>\n",
            xml_lang(&title),
            xml_escape(&title.text)
        ));
        s.push_str(&format!("    <id>{}</id>\n", xml_escape(&abs(&v.url))));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&abs(&v.url))
        ));
        s.push_str(&format!(
            "    <published>{}</published>\n",
            i.start.to_rfc3339()
        ));
        s.push_str(&format!(
            "    <updated>{}</updated>\n",
            updated_of(i).to_rfc3339()
        ));
        s.push_str(&format!(
            "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{content}</div></content>\n"
        ));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// ` xml:lang="…"` for a text in another language than the feed's, else nothing.
fn xml_lang(t: &Shown) -> String {
    t.lang
        .as_ref()
        .map_or_else(String::new, |l| format!(" xml:lang=\"{}\"", xml_escape(l)))
}

/// Appends the paragraphs of `t` to an Atom XHTML content, each marked with the text's language
/// when it is not the feed's (the localized facts around them are not marked).
fn push_paragraphs(out: &mut String, t: &Shown) {
    for p in pages::paragraphs(&t.text) {
        out.push_str(&format!("<p{}>{}</p>", xml_lang(t), xml_escape(&p)));
    }
}
