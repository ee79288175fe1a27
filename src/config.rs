//! `tandem.toml` → [`Config`]: defaults for everything, so a content folder without a config builds, and
//! precise errors for the rest (an unknown key names itself and the valid ones).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

/// The site configuration after validation.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title, shown in the header and `<title>`.
    pub title: String,
    /// Absolute base URL without trailing slash (`https://example.com/docs`), or empty.
    pub base_url: String,
    /// The language of the `data-stu-id` halves and of authoritative source pages.
    pub source_lang: Lang,
    /// Display names of the configured languages (`fr-fr` → `Français`).
    pub languages: BTreeMap<Lang, String>,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Per-language UI string overrides (`[ui.fr-fr] see_also = "…"`).
    pub ui: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Health/status options.
    pub health: HealthConfig,
    /// Folder that holds `tandem.toml` (themes/ and templates/ are looked up there).
    pub root: PathBuf,
    /// Whether `draft: true` pages are built.
    pub drafts: bool,
    /// Optional parts of the built site.
    pub output: OutputConfig,
    /// Link options.
    pub links: LinksConfig,
    /// `[paths]`: local folders for the dependent repositories a Docs repository names
    /// (`nuget-samples` → `/abs/../nuget-samples`), resolved against the folder of tandem.toml.
    pub paths: BTreeMap<String, PathBuf>,
    /// `[build]` options.
    pub build: BuildConfig,
}

/// `[links]` in tandem.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// Where site-root links to other docsets (`/azure/…`) point: `https://learn.microsoft.com`
    /// makes `/azure/x` on a French page `https://learn.microsoft.com/fr-fr/azure/x`. Off by
    /// default: such links are then checked as paths of this site.
    pub external_base: Option<String>,
}

/// `[build]` in tandem.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Every warning fails the build, as `--strict` does.
    #[serde(default)]
    pub strict: bool,
    /// The moniker shown for `::: moniker range="…"` blocks; without one every block is kept and
    /// labelled with its range.
    #[serde(default)]
    pub moniker: Option<String>,
}

/// `[output]` in tandem.toml: parts of the site a build can leave out. Both are on by default; each
/// costs build time and files (at 10,000 sources, compare views ~10% of the build and 10,000 files,
/// search ~15% and 20,000 files: `bench/RESULTS.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Client-side search: the index under `search/`, the `/<lang>/search/` pages, `static/search.js`
    /// and the search box of the default theme.
    #[serde(default = "yes")]
    pub search: bool,
    /// A compare view (`…/compare/`) for each translated page.
    #[serde(default = "yes")]
    pub compare_views: bool,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            search: true,
            compare_views: true,
        }
    }
}

/// `[health]` in tandem.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthConfig {
    /// Warn when the newest snapshot is older than this many hours.
    #[serde(default = "default_max_age")]
    pub max_age_hours: u64,
    /// Publish `/<lang>/status/customers/<id>/` pages.
    #[serde(default = "yes")]
    pub customers: bool,
    /// Force a payload format for every file instead of recognizing it by content.
    #[serde(default)]
    pub format: Option<String>,
}

fn default_max_age() -> u64 {
    48
}
fn yes() -> bool {
    true
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            max_age_hours: default_max_age(),
            customers: true,
            format: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    source_language: Option<String>,
    #[serde(default)]
    languages: BTreeMap<String, String>,
    theme: Option<String>,
    #[serde(default)]
    ui: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    health: HealthConfig,
    #[serde(default)]
    output: OutputConfig,
    #[serde(default)]
    links: LinksConfig,
    #[serde(default)]
    paths: BTreeMap<String, String>,
    #[serde(default)]
    build: BuildConfig,
}

/// Display names for languages that are found in content but not named in the config.
pub fn default_language_name(lang: &Lang) -> String {
    let name = match lang.as_str() {
        "en-us" => "English",
        "en-gb" => "English (UK)",
        "fr-fr" => "Français",
        "fr-ca" => "Français (Canada)",
        "de-de" => "Deutsch",
        "es-es" => "Español",
        "it-it" => "Italiano",
        "ja-jp" => "日本語",
        "ko-kr" => "한국어",
        "zh-cn" => "中文 (简体)",
        "zh-tw" => "中文 (繁體)",
        "pt-br" => "Português (Brasil)",
        "pt-pt" => "Português (Portugal)",
        "nl-nl" => "Nederlands",
        "pl-pl" => "Polski",
        "ru-ru" => "Русский",
        "sv-se" => "Svenska",
        "tr-tr" => "Türkçe",
        "cs-cz" => "Čeština",
        "da-dk" => "Dansk",
        "fi-fi" => "Suomi",
        "nb-no" => "Norsk bokmål",
        "hu-hu" => "Magyar",
        _ => return lang.as_str().to_string(),
    };
    name.to_string()
}

impl Config {
    /// The configuration used when there is no `tandem.toml`: everything defaulted.
    pub fn default_at(root: &Path) -> Config {
        let source = Lang::parse("en-us").expect("constant tag");
        let mut languages = BTreeMap::new();
        languages.insert(source.clone(), default_language_name(&source));
        Config {
            title: "Documentation".into(),
            base_url: String::new(),
            source_lang: source,
            languages,
            theme: "default".into(),
            ui: BTreeMap::new(),
            health: HealthConfig::default(),
            root: root.to_path_buf(),
            drafts: false,
            output: OutputConfig::default(),
            links: LinksConfig::default(),
            paths: BTreeMap::new(),
            build: BuildConfig::default(),
        }
    }

    /// Reads and validates `path`. A missing file is not an error when `required` is false (the
    /// defaults apply); every problem found is returned, not just the first.
    pub fn load(path: &Path, required: bool) -> Result<Config, Vec<Diagnostic>> {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = if root.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default_at(&root));
            }
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(
                        "config-read",
                        path,
                        0,
                        0,
                        format!("cannot read the config: {e}"),
                    )
                    .with_help(
                        "pass --config FILE, or create tandem.toml (tandem new DIR makes one)",
                    ),
                ]);
            }
        };
        Config::parse(&text, path, &root)
    }

    /// Parses config text; `path` is only used in diagnostics.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let (line, col) = e
                    .span()
                    .map(|s| crate::diagnostics::line_col(text, s.start))
                    .unwrap_or((0, 0));
                let msg = e.message().to_string();
                let help = if msg.contains("unknown field") {
                    "remove or rename the key; the valid keys are listed in the message"
                } else {
                    "see the Configuration section of the README"
                };
                return Err(vec![
                    Diagnostic::error("config-invalid", path, line, col, msg).with_help(help),
                ]);
            }
        };
        let mut diags = Vec::new();
        let locate = |needle: &str| -> (u32, u32) {
            text.find(needle)
                .map(|o| crate::diagnostics::line_col(text, o))
                .unwrap_or((0, 0))
        };
        let mut cfg = Config::default_at(root);
        if let Some(t) = raw.title {
            cfg.title = t;
        }
        if let Some(b) = raw.base_url {
            let b = b.trim_end_matches('/').to_string();
            if !(b.is_empty()
                || b.starts_with("http://")
                || b.starts_with("https://")
                || b.starts_with('/'))
            {
                let (l, c) = locate("base_url");
                diags.push(
                    Diagnostic::error(
                        "config-base-url",
                        path,
                        l,
                        c,
                        format!("base_url `{b}` is not an absolute URL"),
                    )
                    .with_help("write it as https://host/path (or leave it out)"),
                );
            }
            cfg.base_url = b;
        }
        if let Some(s) = raw.source_language {
            match Lang::parse(&s) {
                Some(l) => cfg.source_lang = l,
                None => {
                    let (l, c) = locate("source_language");
                    diags.push(
                        Diagnostic::error(
                            "config-lang",
                            path,
                            l,
                            c,
                            format!("`{s}` is not a language tag"),
                        )
                        .with_help("use a tag such as en-us, fr-fr, de-de"),
                    );
                }
            }
        }
        cfg.languages.clear();
        for (tag, name) in raw.languages {
            match Lang::parse(&tag) {
                Some(l) => {
                    cfg.languages.insert(l, name);
                }
                None => {
                    let (l, c) = locate(&tag);
                    diags.push(
                        Diagnostic::error(
                            "config-lang",
                            path,
                            l,
                            c,
                            format!("`{tag}` in [languages] is not a language tag"),
                        )
                        .with_help("use a tag such as en-us, fr-fr, de-de"),
                    );
                }
            }
        }
        let src = cfg.source_lang.clone();
        cfg.languages
            .entry(src.clone())
            .or_insert_with(|| default_language_name(&src));
        if let Some(t) = raw.theme {
            cfg.theme = t;
        }
        for (tag, strings) in raw.ui {
            match Lang::parse(&tag) {
                Some(l) => {
                    cfg.ui.insert(l, strings);
                }
                None => {
                    let (l, c) = locate(&tag);
                    diags.push(
                        Diagnostic::error(
                            "config-lang",
                            path,
                            l,
                            c,
                            format!("`[ui.{tag}]`: `{tag}` is not a language tag"),
                        )
                        .with_help("use a tag such as fr-fr"),
                    );
                }
            }
        }
        if let Some(f) = &raw.health.format
            && !crate::health::FORMAT_NAMES.contains(&f.as_str())
        {
            let (l, c) = locate("format");
            diags.push(
                Diagnostic::error(
                    "config-health-format",
                    path,
                    l,
                    c,
                    format!("`[health] format = \"{f}\"` is not a supported format"),
                )
                .with_help(format!(
                    "use one of {}, or leave it out to recognize each file by its content",
                    crate::health::FORMAT_NAMES.join(", ")
                )),
            );
        }
        cfg.health = raw.health;
        cfg.output = raw.output;
        if let Some(b) = &raw.links.external_base {
            let b = b.trim_end_matches('/');
            let host = b
                .strip_prefix("https://")
                .or_else(|| b.strip_prefix("http://"));
            if !host.is_some_and(|h| !h.is_empty() && !h.contains(['?', '#', ' '])) {
                let (l, c) = locate("external_base");
                diags.push(
                    Diagnostic::error(
                        "config-external-base",
                        path,
                        l,
                        c,
                        format!("`[links] external_base = \"{b}\"` is not an absolute http(s) URL"),
                    )
                    .with_help("write it as https://host (e.g. https://learn.microsoft.com), or leave it out"),
                );
            }
            cfg.links.external_base = Some(b.to_string());
        }
        cfg.build = raw.build;
        for (name, folder) in raw.paths {
            let (l, c) = locate(&name);
            let bad_name =
                name.is_empty() || name.contains(['/', '\\']) || name == "." || name == "..";
            if bad_name {
                diags.push(
                    Diagnostic::error(
                        "config-paths",
                        path,
                        l,
                        c,
                        format!("`{name}` in [paths] is not a folder name"),
                    )
                    .with_help("use the `path_to_root` of a dependent repository, e.g. nuget-samples = \"../nuget-samples\""),
                );
                continue;
            }
            let abs = root.join(&folder);
            if !abs.is_dir() {
                diags.push(
                    Diagnostic::error(
                        "config-paths",
                        path,
                        l,
                        c,
                        format!("[paths] {name} = \"{folder}\": no folder at {}", abs.display()),
                    )
                    .with_help("the folder is relative to tandem.toml; clone the repository there or fix the path"),
                );
                continue;
            }
            cfg.paths.insert(name, abs);
        }
        if diags.is_empty() {
            Ok(cfg)
        } else {
            Err(diags)
        }
    }

    /// Display name of a language: the configured one, else a built-in name, else the tag.
    pub fn language_name(&self, lang: &Lang) -> String {
        self.languages
            .get(lang)
            .cloned()
            .unwrap_or_else(|| default_language_name(lang))
    }

    /// Root-relative path of the site root, from the base URL's path (`/docs/` for
    /// `https://example.com/docs`), always ending with `/`.
    pub fn root_path(&self) -> String {
        let b = self.base_url.as_str();
        let path = match b.find("://") {
            Some(i) => b[i + 3..].find('/').map_or("", |j| &b[i + 3 + j..]),
            None => b,
        };
        let path = path.trim_end_matches('/');
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(t, Path::new("tandem.toml"), Path::new("."))
    }

    #[test]
    fn defaults_without_keys() {
        let c = parse("").unwrap();
        assert_eq!(c.source_lang.as_str(), "en-us");
        assert_eq!(c.root_path(), "/");
    }

    #[test]
    fn languages_are_normalized() {
        let c = parse("[languages]\nfr-FR = \"Français\"\n").unwrap();
        let fr = Lang::parse("fr-fr").unwrap();
        assert_eq!(c.languages.get(&fr).unwrap(), "Français");
        assert!(c.languages.contains_key(&c.source_lang));
    }

    #[test]
    fn unknown_key_names_itself_and_valid_ones() {
        let e = parse("titel = \"x\"\n").unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("titel"), "{}", e[0].message);
        assert!(e[0].message.contains("title"), "{}", e[0].message);
    }

    #[test]
    fn output_parts_default_on_and_can_be_turned_off() {
        let c = parse("").unwrap();
        assert!(c.output.search && c.output.compare_views);
        let c = parse("[output]\ncompare_views = false\n").unwrap();
        assert!(c.output.search && !c.output.compare_views);
        let e = parse("[output]\nsearch_index = false\n").unwrap_err();
        assert!(e[0].message.contains("search_index"), "{}", e[0].message);
        assert!(e[0].message.contains("compare_views"), "{}", e[0].message);
    }

    #[test]
    fn base_path_from_url() {
        let c = parse("base_url = \"https://example.com/docs/\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.com/docs");
        assert_eq!(c.root_path(), "/docs/");
    }

    #[test]
    fn unknown_health_format_lists_the_valid_ones() {
        let e = parse("[health]\nformat = \"pagerduty\"\n").unwrap_err();
        assert_eq!(e[0].code, "config-health-format");
        assert_eq!(e[0].line, 2);
        assert!(e[0].help.as_deref().unwrap().contains("statuspage"));
        assert!(parse("[health]\nformat = \"msgraph\"\n").is_ok());
    }

    #[test]
    fn paths_are_relative_to_the_config_and_must_exist() {
        let dir = std::env::temp_dir().join(format!("tandem-cfg-paths-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("samples")).unwrap();
        let c = Config::parse(
            "[paths]\nnuget-samples = \"samples\"\n",
            Path::new("tandem.toml"),
            &dir,
        )
        .unwrap();
        assert_eq!(c.paths["nuget-samples"], dir.join("samples"));
        let e =
            Config::parse("[paths]\nx = \"nope\"\n", Path::new("tandem.toml"), &dir).unwrap_err();
        assert_eq!(e[0].code, "config-paths");
        assert_eq!(e[0].line, 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn build_section_and_its_unknown_keys() {
        let c = parse("[build]\nstrict = true\nmoniker = \"v2\"\n").unwrap();
        assert!(c.build.strict);
        assert_eq!(c.build.moniker.as_deref(), Some("v2"));
        let e = parse("[build]\nstrikt = true\n").unwrap_err();
        assert!(e[0].message.contains("strict"), "{}", e[0].message);
        assert!(e[0].message.contains("moniker"), "{}", e[0].message);
    }

    #[test]
    fn bad_language_tag_is_reported() {
        let e = parse("[languages]\n\"not a tag\" = \"x\"\n").unwrap_err();
        assert_eq!(e[0].code, "config-lang");
        assert_eq!(e[0].line, 2);
    }
}
