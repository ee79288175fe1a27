//! Shared by the fuzz targets: a resolver that answers every kind of link and an include that
//! includes itself, and the Markdown stage with the default options.

use std::collections::HashMap;

use tandem::render::markdown::{self, LinkTarget, RenderOptions, Resolver};

struct Fuzzing;

impl Resolver for Fuzzing {
    fn link(&self, _from: &str, target: &str) -> LinkTarget {
        match target.len() % 4 {
            0 => LinkTarget::Page {
                url: "/en-us/x/".into(),
                title: target.into(),
                fallback: true,
                lang: "en-us".into(),
            },
            1 => LinkTarget::Asset {
                url: "/media/a.png".into(),
            },
            2 => LinkTarget::External,
            _ => LinkTarget::Broken { help: None },
        }
    }

    fn include(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        if path.ends_with(".cs") || path.contains(".cs#") {
            return Ok(("code.cs".into(), "#region t\nint x;\n#endregion\n".into()));
        }
        if path.len() % 3 == 0 {
            return Err("missing".into());
        }
        Ok((
            "inc.md".into(),
            "[!INCLUDE [again](inc.md)]\n> [!TIP]\n> tip\n".into(),
        ))
    }
}

pub fn render(text: &str) {
    let titles: HashMap<String, String> = ["note", "tip", "important", "caution", "warning"]
        .iter()
        .map(|k| (k.to_string(), k.to_uppercase()))
        .collect();
    let words = vec![
        ("remarque".to_string(), "note".to_string()),
        ("important".to_string(), "important".to_string()),
    ];
    let see_also = vec!["see also".to_string(), "voir aussi".to_string()];
    let opts = RenderOptions {
        file: "f.md",
        first_line: 1,
        lang: "fr-fr",
        alert_titles: &titles,
        legacy_alert_words: &words,
        see_also_headings: &see_also,
        permalink_label: "Permalink",
        zone_pivot: if text.len() % 2 == 0 { Some("a") } else { None },
        outside_span_lang: None,
        page_text: true,
    };
    let _ = markdown::render(text, &opts, &Fuzzing);
}
