//! Language tags as Tandem uses them: lowercase BCP-47-ish `ll` or `ll-rr` (`fr-fr`, `de-de`, `zh-cn`,
//! `sr-latn-rs`), so that `fr-FR` in front matter and `fr-fr/` as a folder name are the same language.

use std::fmt;

/// A validated, lowercase language tag.
/// (Deserialized only from the build cache, which stores tags this type made.)
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Lang(String);

/// Whether `tag` (trimmed) is a language tag: a primary subtag of two or three letters, then at most
/// two subtags, each a region (two letters or three digits) or a script (four characters, before a
/// region or alone), separated by `-` or `_`.
fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let Some(primary) = parts.next() else {
        return false;
    };
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let rest = [parts.next(), parts.next()];
    if parts.next().is_some() {
        return false;
    }
    let n = rest.iter().flatten().count();
    rest.iter().flatten().enumerate().all(|(i, p)| {
        (match p.len() {
            // region: two letters or three digits
            2 => p.bytes().all(|b| b.is_ascii_alphabetic()),
            3 => p.bytes().all(|b| b.is_ascii_digit()),
            // script (only before a region)
            4 => i + 1 < n || n == 1,
            _ => false,
        }) && p.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

impl Lang {
    /// Parses a tag such as `fr-FR`, `en`, `zh-Hans-CN`; `None` when it does not look like a language
    /// tag (so that a folder named `media` or `partner-center` is not taken for one).
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        // A bare two/three-letter folder ("api", "faq") is too ambiguous to be a language folder; the
        // caller decides with `parse_folder`. Here we accept it.
        is_tag(tag).then(|| Lang(tag.replace('_', "-").to_ascii_lowercase()))
    }

    /// Like [`Lang::parse`] but for a folder name: requires a region or script (`fr-fr`, `zh-cn`), because
    /// folders called `api` or `faq` are common and are not languages.
    pub fn parse_folder(name: &str) -> Option<Lang> {
        if !name.contains('-') {
            return None;
        }
        Lang::parse(name)
    }

    /// Whether [`Lang::parse_folder`] would take `name`, without making the tag (asked for every link
    /// a page has, where only the answer is used).
    pub fn is_folder(name: &str) -> bool {
        name.contains('-') && is_tag(name.trim())
    }

    /// The tag, lowercase.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary subtag (`fr` for `fr-ca`), used to pick UI strings.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_and_underscore() {
        assert_eq!(Lang::parse("fr-FR").unwrap().as_str(), "fr-fr");
        assert_eq!(Lang::parse("de_DE").unwrap().as_str(), "de-de");
        assert_eq!(Lang::parse("zh-Hans-CN").unwrap().as_str(), "zh-hans-cn");
        assert_eq!(Lang::parse("es-419").unwrap().as_str(), "es-419");
    }

    #[test]
    fn folders_need_a_region() {
        assert!(Lang::parse_folder("partner-center").is_none());
        assert!(Lang::parse_folder("media").is_none());
        assert!(Lang::parse_folder("api").is_none());
        assert_eq!(Lang::parse_folder("ZH-cn").unwrap().as_str(), "zh-cn");
    }

    #[test]
    fn is_folder_answers_as_parse_folder_does() {
        let folders = [
            "fr-fr",
            "FR-fr",
            " fr-fr ",
            "zh-Hans-CN",
            "sr-latn-rs",
            "es-419",
            "zh-hans",
        ];
        let others = [
            "fr_fr",
            "api",
            "media",
            "partner-center",
            "a-b",
            "fr-",
            "-fr",
            "",
            "fr-fr-fr-fr",
            "fr-1a",
            "fr-Hans-419-x",
            "fr-latn-latn",
            "é-fr",
        ];
        for (names, expected) in [(&folders[..], true), (&others[..], false)] {
            for name in names {
                assert_eq!(Lang::is_folder(name), expected, "{name:?}");
                assert_eq!(Lang::parse_folder(name).is_some(), expected, "{name:?}");
            }
        }
    }
}
