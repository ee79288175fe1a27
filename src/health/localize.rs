//! Which language each piece of health text is shown in. Titles and bodies of incidents and
//! announcements may carry translations (`texts`); everything else from the data (impact, timeline
//! updates, actions, descriptions) is in the data's own language. Pages and the feed pick their text
//! here, so that the HTML and the Atom feed always agree, and each choice says its language so that
//! text in another language than the page's can be marked (`lang`, `xml:lang`) on its own element.

use super::model::{Announcement, Incident, LocalText};
use crate::lang::Lang;
use std::collections::HashMap;

/// The language of the health data's own text (titles, impact, timeline updates, bodies, actions,
/// descriptions): our snapshot format documents it as English, and the payloads Tandem imports
/// (Statuspage, Microsoft Graph, Upptime, cState) carry no language and are written in English.
/// Translations come under their own tags in `texts`.
pub const DATA_LANG: &str = "en";

/// A text as shown on a page: the text, and the tag of its language when that differs from the
/// page's (the value of its `lang` or `xml:lang` attribute; `None` when it is in the page's language).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shown {
    /// The text.
    pub text: String,
    /// Normalized tag (`fr-fr`, `en`) to mark the text with, if any.
    pub lang: Option<String>,
}

impl Shown {
    fn new(text: &str, lang: &str, page: &Lang) -> Shown {
        Shown {
            text: text.to_string(),
            lang: differs(lang, page).then(|| lang.to_string()),
        }
    }

    /// Text of the data itself, in [`DATA_LANG`].
    pub fn original(text: &str, page: &Lang) -> Shown {
        Shown::new(text, DATA_LANG, page)
    }
}

/// Whether text in language `text` (a normalized tag) needs marking on a page in `page`. A text
/// tagged with the page's primary subtag only (`en` on an `en-us` page, a `fr` translation on a
/// `fr-ca` page) is in the page's language.
pub fn differs(text: &str, page: &Lang) -> bool {
    let primary_only = text == page.primary() && !text.contains('-');
    text != page.as_str() && !primary_only
}

/// The translation for `page`: the exact tag, else the primary subtag, and only one with a title.
/// Keys are compared normalized (`fr-FR` and `fr_fr` are `fr-fr`); among several spellings of one
/// tag the smallest key wins, so the choice does not depend on hashing.
fn translation<'a>(
    page: &Lang,
    texts: &'a HashMap<String, LocalText>,
) -> Option<(Lang, &'a LocalText)> {
    let candidates: Vec<(Lang, &String, &LocalText)> = texts
        .iter()
        .filter(|(_, t)| !t.title.is_empty())
        .filter_map(|(k, t)| Lang::parse(k).map(|l| (l, k, t)))
        .collect();
    let best = |matches: &dyn Fn(&Lang) -> bool| {
        candidates
            .iter()
            .filter(|(l, _, _)| matches(l))
            .min_by_key(|(_, k, _)| *k)
            .map(|(l, _, t)| (l.clone(), *t))
    };
    best(&|l| l == page).or_else(|| best(&|l| l.as_str() == page.primary()))
}

/// Title and body of an incident or announcement in one page language. The status pages and the
/// feed both take their text from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// The translation's title, else the original.
    pub title: Shown,
    /// The translation's body when it has one, else the original body (an incident's impact).
    pub body: Shown,
}

impl Texts {
    fn pick(page: &Lang, texts: &HashMap<String, LocalText>, title: &str, body: &str) -> Texts {
        let tr = translation(page, texts);
        Texts {
            title: match &tr {
                Some((l, t)) => Shown::new(&t.title, l.as_str(), page),
                None => Shown::original(title, page),
            },
            body: match &tr {
                Some((l, t)) if !t.body.is_empty() => Shown::new(&t.body, l.as_str(), page),
                _ => Shown::original(body, page),
            },
        }
    }

    /// The title and body of an incident (its impact when untranslated) on a page in `page`.
    pub fn of_incident(page: &Lang, i: &Incident) -> Texts {
        Texts::pick(page, &i.texts, &i.title, &i.impact)
    }

    /// The title and body of an announcement on a page in `page`.
    pub fn of_announcement(page: &Lang, a: &Announcement) -> Texts {
        Texts::pick(page, &a.texts, &a.title, &a.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap()
    }

    fn texts(entries: &[(&str, &str, &str)]) -> HashMap<String, LocalText> {
        entries
            .iter()
            .map(|(k, t, b)| {
                (
                    k.to_string(),
                    LocalText {
                        title: t.to_string(),
                        body: b.to_string(),
                    },
                )
            })
            .collect()
    }

    fn shown(text: &str, lang: Option<&str>) -> Shown {
        Shown {
            text: text.into(),
            lang: lang.map(str::to_string),
        }
    }

    #[test]
    fn same_language_is_not_marked_and_other_languages_are() {
        assert!(!differs("en", &l("en-us")));
        assert!(!differs("fr-fr", &l("fr-fr")));
        assert!(!differs("fr", &l("fr-ca")));
        assert!(differs("en", &l("fr-fr")));
        assert!(differs("en-gb", &l("en-us")));
    }

    #[test]
    fn translation_by_exact_tag_then_primary_in_any_spelling() {
        let t = Texts::pick(
            &l("fr-fr"),
            &texts(&[("FR-fr", "Titre", "Corps"), ("de", "Titel", "")]),
            "Title",
            "Body",
        );
        assert_eq!(t.title, shown("Titre", None));
        assert_eq!(t.body, shown("Corps", None));
        let t = Texts::pick(&l("de-at"), &texts(&[("de", "Titel", "")]), "Title", "Body");
        assert_eq!(t.title, shown("Titel", None));
        assert_eq!(
            t.body,
            shown("Body", Some("en")),
            "an empty translated body falls back to the original"
        );
        let t = Texts::pick(&l("ja-jp"), &texts(&[]), "Title", "Body");
        assert_eq!(t.title, shown("Title", Some("en")));
        let t = Texts::pick(&l("en-us"), &texts(&[]), "Title", "Body");
        assert_eq!(t.title, shown("Title", None));
    }
}
