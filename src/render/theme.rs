//! The theme: templates, static files and UI strings. The default theme is embedded in the binary so
//! `tandem` works anywhere; a site overrides any file by putting one with the same name in
//! `themes/<theme>/`, `templates/` or `static/` next to its `tandem.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// All files of the effective theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`page.html`, `status/overview.html`).
    pub templates: BTreeMap<String, String>,
    /// Static files by path under `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI string files by stem (`fr`, `fr.status`).
    pub i18n: BTreeMap<String, String>,
}

fn add_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for entry in dir.entries() {
        if let Some(d) = entry.as_dir() {
            add_embedded(d, theme);
        } else if let Some(f) = entry.as_file() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            theme.put(&path, f.contents().to_vec());
        }
    }
}

/// Tera's autoescape with the same output as its default (`& < > " '`), but writing the runs between
/// special characters in one call: the default writes byte by byte through `dyn Write` and was 7% of
/// a build's instructions (bench/RESULTS.md).
fn escape_runs(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut res = Ok(());
    crate::render::html::escape_with(input, crate::render::html::entity, |run| {
        if res.is_ok() && !run.is_empty() {
            res = out.write_all(run.as_bytes());
        }
    });
    res
}

impl Theme {
    /// True when the templates are exactly the embedded default theme's: no template of the site's
    /// replaces or adds one.
    pub fn templates_are_default(&self) -> bool {
        self.templates.iter().all(|(name, source)| {
            DEFAULT_THEME
                .get_file(format!("templates/{name}"))
                .is_some_and(|f| f.contents() == source.as_bytes())
        })
    }

    fn put(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        } else if let Some(name) = path
            .strip_prefix("i18n/")
            .and_then(|n| n.strip_suffix(".toml"))
        {
            self.i18n.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        }
    }

    fn overlay_dir(&mut self, dir: &Path, prefix: &str) {
        if !dir.is_dir() {
            return;
        }
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Ok(bytes) = std::fs::read(e.path()) {
                self.put(&format!("{prefix}{rel}"), bytes);
            }
        }
    }

    /// The embedded default theme, overlaid by the site's theme folder and its `templates/`,
    /// `static/` and `i18n/` folders.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        add_embedded(&DEFAULT_THEME, &mut theme);
        let theme_dir = config.root.join("themes").join(&config.theme);
        if config.theme != "default" && !theme_dir.is_dir() {
            return Err(vec![
                Diagnostic::error(
                    "theme-missing",
                    config.root.join("tandem.toml"),
                    0,
                    0,
                    format!(
                        "theme `{}` not found at {}",
                        config.theme,
                        theme_dir.display()
                    ),
                )
                .with_help("create the folder, or set theme = \"default\""),
            ]);
        }
        theme.overlay_dir(&theme_dir, "");
        theme.overlay_dir(&config.root.join("templates"), "templates/");
        theme.overlay_dir(&config.root.join("static"), "static/");
        theme.overlay_dir(&config.root.join("i18n"), "i18n/");
        Ok(theme)
    }

    /// Compiles the templates; every template error is reported with its file.
    pub fn tera(&self) -> Result<tera::Tera, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_runs);
        let list: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(list) {
            return Err(vec![
                Diagnostic::error(
                    "template",
                    "templates",
                    0,
                    0,
                    format!("template error: {e}"),
                )
                .with_help(
                    "fix the template syntax (Tera 2); the message names the template and line",
                ),
            ]);
        }
        Ok(tera)
    }

    /// UI strings for a language: English underneath, then the language's primary subtag (`fr`), then
    /// the exact tag (`fr-ca`), then `[ui.<lang>]` from tandem.toml. A language the theme has no strings
    /// for falls back to English with a warning.
    pub fn ui_for(
        &self,
        lang: &Lang,
        config: &Config,
    ) -> (BTreeMap<String, String>, Option<Diagnostic>) {
        let mut ui = BTreeMap::new();
        let mut found = lang.primary() == "en";
        for stem in [
            "en".to_string(),
            lang.primary().to_string(),
            lang.as_str().to_string(),
        ] {
            for (name, text) in &self.i18n {
                let base = name.split('.').next().unwrap_or(name);
                if base == stem {
                    if stem != "en" {
                        found = true;
                    }
                    if let Ok(table) = toml::from_str::<BTreeMap<String, toml::Value>>(text) {
                        for (k, v) in table {
                            if let Some(s) = v.as_str() {
                                ui.insert(k, s.to_string());
                            }
                        }
                    }
                }
            }
        }
        if let Some(over) = config.ui.get(lang) {
            found = true;
            ui.extend(over.clone());
        }
        let warning = (!found).then(|| {
            Diagnostic::warning(
                "ui-language",
                "tandem.toml",
                0,
                0,
                format!("the theme has no UI strings for `{lang}`; English is used"),
            )
            .with_help(format!(
                "add themes/<theme>/i18n/{}.toml or a [ui.{lang}] table in tandem.toml",
                lang.primary()
            ))
        });
        (ui, warning)
    }

    /// The localized words of legacy notes (`Remarque = note`, …) across all UI languages, as
    /// (word, alert kind) pairs: what the renderer and `check` both give the Markdown pass.
    pub fn legacy_note_words(&self) -> Vec<(String, String)> {
        self.all_values("legacy_note_words")
            .iter()
            .filter_map(|pair| pair.split_once('='))
            .map(|(w, k)| (w.trim().to_string(), k.trim().to_string()))
            .collect()
    }

    /// Every heading that starts a "See also" section, across all UI languages: the
    /// `see_also_headings` lists and each language's own `see_also` title.
    pub fn see_also_headings(&self) -> Vec<String> {
        let mut headings = self.all_values("see_also_headings");
        for s in self.all_values("see_also") {
            if !headings.contains(&s) {
                headings.push(s);
            }
        }
        headings
    }

    /// Every value of `key` across all UI languages (e.g. every "See also" heading), lowercased.
    pub fn all_values(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for text in self.i18n.values() {
            if let Ok(table) = toml::from_str::<BTreeMap<String, toml::Value>>(text)
                && let Some(v) = table.get(key).and_then(|v| v.as_str())
            {
                for part in v.split(',') {
                    let p = part.trim().to_lowercase();
                    if !p.is_empty() && !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_runs_matches_teras_default_escape() {
        for s in ["", "plain", "a & b < c > d \"e\" 'f'", "&&", "é<ß>'", "<"] {
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            super::escape_runs(s, &mut ours).unwrap();
            tera::escape_html(s, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{s}");
        }
    }

    #[test]
    fn templates_are_default_until_a_site_template_replaces_or_adds_one() {
        let mut theme = super::Theme::default();
        super::add_embedded(&super::DEFAULT_THEME, &mut theme);
        assert!(theme.templates_are_default());
        let mut replaced = theme.clone();
        replaced.put("templates/page.html", b"{{ page.title }}".to_vec());
        assert!(!replaced.templates_are_default());
        let mut added = theme.clone();
        added.put("templates/partials/mine.html", b"x".to_vec());
        assert!(!added.templates_are_default());
    }
}
