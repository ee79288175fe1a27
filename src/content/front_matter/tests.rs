//! Tests of the front matter: typed keys, dates, the fast path against serde_yaml, error positions.

use super::*;

use proptest::strategy::Strategy;

proptest::proptest! {
    /// Whenever the shortcut reads front matter, the YAML parser reads the same value.
    #[test]
    fn simple_mapping_agrees_with_the_yaml_parser(
        lines in proptest::collection::vec(
            proptest::prop_oneof![8 => (
                proptest::prop_oneof![
                    6 => proptest::sample::select(vec!["title", "ms.date", "ms.locfileid", "a-b", "x_1"]),
                    1 => proptest::sample::select(vec!["null", "Yes", " k", "k ", "#k", "- k", "1k", "title"]),
                ],
                proptest::prop_oneof![
                    6 => proptest::strategy::Just(": "),
                    1 => proptest::sample::select(vec![":", ":  ", ":\t", " : "]),
                ],
                proptest::sample::select(vec!["", "", "", "\"", "'"]),
                proptest::collection::vec(proptest::prop_oneof![
                    6 => proptest::sample::select(vec![
                        "Gérer", "les", " ", "(2494)", "08/08/2024", "535922889", "’", "\u{a0}", "-", ".",
                        "793ac580c0", "18e25", "0b1", "12", "e", "E5", "x",
                    ]),
                    1 => proptest::sample::select(vec![
                        "\"", "'", "#", " #", ": ", ":", "[", "]", "{", "*", "&", "!", "|", ">", "%",
                        "@", "`", "~", "true", "No", "null", "0x1F", "1e3", "\\", "\t", "\r", "=",
                        "<<", "?", ",", "  ", "\u{2028}", "\u{2029}", "\u{fffe}", "\u{3000}",
                    ]),
                ], 0..6),
            ).prop_map(|(k, sep, q, v)| format!("{k}{sep}{q}{}{q}\n", v.concat())),
            1 => proptest::sample::select(vec![
                "\n", "   \n", "\t\n", "\u{a0}\n", "\u{3000}\n", "  \u{a0}\n", "\u{b}\n", "\u{2028}\n",
            ]).prop_map(str::to_string)],
            0..5,
        )
    ) {
        let yaml: String = lines.concat();
        if let Some(fast) = simple_mapping(&yaml) {
            let parsed: Result<Value, _> = serde_yaml::from_str(&yaml);
            proptest::prop_assert!(parsed.is_ok(), "{yaml:?}: {parsed:?}");
            proptest::prop_assert_eq!(fast, parsed.unwrap(), "{:?}", yaml);
        }
    }
}

#[test]
fn dates_with_a_time_of_day_are_dates() {
    let d = |s| Date::parse(s).map(|d| d.iso());
    assert_eq!(d("1/23/2021 12:00:00 AM").as_deref(), Some("2021-01-23"));
    assert_eq!(d("10/29/2018 9:30").as_deref(), Some("2018-10-29"));
    assert_eq!(d("2021-01-23 23:59:59").as_deref(), Some("2021-01-23"));
    assert_eq!(d("10/29/2018 tomorrow"), None);
    assert_eq!(d("10/29/2018 12:00:00 XM"), None);
}

#[test]
fn docs_front_matter_takes_the_shortcut() {
    let yaml = "title: Activer les offres (2494)\nms.date: 08/08/2024\nms.openlocfilehash: 793ac580c0ac58da70e0cdf2e23c811092ab8f02\nms.locfileid: \"535922889\"\nms.translationtype: MT\n";
    let fast = simple_mapping(yaml).expect("plain Docs front matter");
    assert_eq!(fast, serde_yaml::from_str::<Value>(yaml).unwrap());
    for odd in [
        "tags: [a, b]\n",
        "n: 3\n",
        "a: b\na: c\n",
        "a: |\n  x\n",
        "a: b # c\n",
    ] {
        assert!(simple_mapping(odd).is_none(), "{odd}");
    }
}

const SAMPLE: &str = "---\ntitle: Vérifier\nms.date: 10/29/2018\nms.translationtype: MT\nms.contentlocale: fr-FR\nms.lasthandoff: 04/23/2019\nms.locfileid: \"62131999\"\nms.custom: SEOMAY.20\nkeywords: [a, b]\n---\n# Body\n";

#[test]
fn known_keys_are_typed() {
    let p = parse(SAMPLE, Path::new("x.md"));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let f = p.front;
    assert_eq!(f.title.as_deref(), Some("Vérifier"));
    assert_eq!(
        f.date,
        Some(Date {
            year: 2018,
            month: 10,
            day: 29
        })
    );
    assert_eq!(f.translation_type, Some(TranslationType::MT));
    assert_eq!(f.content_locale.unwrap().as_str(), "fr-fr");
    assert_eq!(f.loc_file_id.as_deref(), Some("62131999"));
    assert_eq!(f.keywords.as_deref(), Some("a, b"));
    assert_eq!(
        f.extra.get("ms.custom").and_then(|v| v.as_str()),
        Some("SEOMAY.20")
    );
    assert_eq!(p.body, "# Body\n");
    assert_eq!(p.body_line, 11);
}

#[test]
fn no_front_matter() {
    let p = parse("# Title\n", Path::new("x.md"));
    assert!(!p.has_front_matter);
    assert_eq!(p.body_line, 1);
}

#[test]
fn unclosed_is_an_error() {
    let p = parse("---\ntitle: x\n# body\n", Path::new("x.md"));
    assert_eq!(p.diagnostics[0].code, "front-matter-unclosed");
}

#[test]
fn wrong_type_names_key_and_line() {
    let p = parse(
        "---\ndescription: ok\ntitle: [a, b]\n---\n",
        Path::new("x.md"),
    );
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].line, 3);
    assert!(p.diagnostics[0].message.contains("title"));
}

#[test]
fn invalid_yaml_has_file_line() {
    let p = parse("---\ntitle: a\nbad: [unclosed\n---\n", Path::new("x.md"));
    let d = &p.diagnostics[0];
    assert_eq!(d.code, "front-matter-yaml");
    assert_eq!((d.line, d.col), (3, 6), "points at the unclosed `[`: {d:?}");
    assert!(
        d.message.contains("line 3 column 6"),
        "message uses file lines: {}",
        d.message
    );
}

#[test]
fn crlf_front_matter() {
    let p = parse("---\r\ntitle: a\r\n---\r\nbody\r\n", Path::new("x.md"));
    assert_eq!(p.front.title.as_deref(), Some("a"));
    assert_eq!(p.body_line, 4);
}

#[test]
fn services_from_both_keys() {
    let p = parse(
        "---\nms.service: azure\nservices: [billing, azure]\n---\n",
        Path::new("x.md"),
    );
    assert_eq!(p.front.all_services(), vec!["azure", "billing"]);
}
