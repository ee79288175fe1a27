//! The layout of a Docs repository that decides where a path written by an author points: each
//! `docfx.json` makes its folder a docset whose root is what `~/` means for the files under it, and
//! `.openpublishing.publish.config.json` names the dependent repositories (`dependent_repositories[]
//! .path_to_root`) that the publishing pipeline clones beside the content, so that
//! `~/../nuget-samples/X/Program.cs` reads a file of the `nuget-samples` repository.

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// Docset roots and dependent repositories of one content folder.
#[derive(Debug, Clone, Default)]
pub struct Docsets {
    /// Content-relative folders holding a `docfx.json` (`""` for the content root), longest first
    /// so the nearest one above a file is the first that contains it.
    roots: Vec<String>,
    /// `path_to_root` of each dependent repository, normalized (`/`-separated, no `./`).
    dependents: Vec<String>,
}

#[derive(Deserialize)]
struct PublishConfig {
    #[serde(default)]
    dependent_repositories: Vec<DependentRepository>,
}

#[derive(Deserialize)]
struct DependentRepository {
    path_to_root: String,
}

impl Docsets {
    /// From the content-relative paths of the metadata files (every `docfx.json` among them) and
    /// the text of `.openpublishing.publish.config.json` at the content root, if there is one. A
    /// publish config that is not valid JSON is a warning: the site still builds, without
    /// dependent repositories.
    pub fn new<'p>(
        metadata: impl IntoIterator<Item = &'p str>,
        publish_config: Option<&str>,
    ) -> (Docsets, Vec<Diagnostic>) {
        let mut roots: Vec<String> = metadata
            .into_iter()
            .filter_map(|rel| {
                let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
                name.eq_ignore_ascii_case("docfx.json")
                    .then(|| dir.to_string())
            })
            .collect();
        roots.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        roots.dedup();
        let mut diags = Vec::new();
        let mut dependents = Vec::new();
        if let Some(text) = publish_config {
            match serde_json::from_str::<PublishConfig>(text) {
                Ok(cfg) => {
                    dependents = cfg
                        .dependent_repositories
                        .into_iter()
                        .map(|d| normalize(&d.path_to_root))
                        .filter(|p| !p.is_empty() && !p.split('/').any(|s| s == ".."))
                        .collect();
                }
                Err(e) => diags.push(
                    Diagnostic::warning(
                        "publish-config-invalid",
                        PUBLISH_CONFIG,
                        e.line() as u32,
                        e.column() as u32,
                        format!("cannot read the dependent repositories: {e}"),
                    )
                    .with_help("fix the JSON; until then paths into dependent repositories are reported as missing files"),
                ),
            }
        }
        dependents.sort();
        dependents.dedup();
        (Docsets { roots, dependents }, diags)
    }

    /// The docset root of a content-relative file: the folder of the nearest `docfx.json` above
    /// it, else the content root (`""`).
    pub fn root_of(&self, file_rel: &str) -> &str {
        self.roots
            .iter()
            .find(|r| {
                r.is_empty()
                    || (file_rel.starts_with(r.as_str())
                        && file_rel.as_bytes().get(r.len()) == Some(&b'/'))
            })
            .map_or("", String::as_str)
    }

    /// `href` with a leading `~/` (or `~\`) replaced by the docset root of `from_rel`, written
    /// root-relative (`/docs/x.md`) so that [`crate::content::toc::join_rel`] takes it from the
    /// content root. Other hrefs are returned as they are.
    pub fn expand_tilde<'h>(&self, from_rel: &str, href: &'h str) -> std::borrow::Cow<'h, str> {
        let Some(rest) = href.strip_prefix("~/").or_else(|| href.strip_prefix("~\\")) else {
            return href.into();
        };
        match self.root_of(from_rel) {
            "" => href.into(),
            root => format!("/{root}/{rest}").into(),
        }
    }

    /// The dependent repository a content-relative path lies in: (its `path_to_root`, the path
    /// inside it).
    pub fn dependent_of<'r>(&self, rel: &'r str) -> Option<(&str, &'r str)> {
        self.dependents.iter().find_map(|d| {
            let rest = rel.strip_prefix(d.as_str())?.strip_prefix('/')?;
            Some((d.as_str(), rest))
        })
    }

    /// The dependent repository that holds the source-language original of a localized
    /// repository (`_repo.en-us`): the publishing pipeline takes a file missing from the
    /// translation from there.
    pub fn source_repository(&self) -> Option<&str> {
        self.dependents
            .iter()
            .map(String::as_str)
            .find(|d| d.starts_with("_repo."))
    }

    /// Whether `name` is the `path_to_root` of a dependent repository.
    pub fn is_dependent(&self, name: &str) -> bool {
        self.dependents.iter().any(|d| d == name)
    }
}

/// Name of the publishing configuration read at the content root.
pub const PUBLISH_CONFIG: &str = ".openpublishing.publish.config.json";

fn normalize(p: &str) -> String {
    p.replace('\\', "/")
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Normalizes `path` (already `/`-separated, relative to the content root) allowing it to climb
/// above the root: (how many levels above, the rest). `a/../../b/c` → (1, "b/c").
pub fn normalize_above_root(path: &str) -> (usize, String) {
    let mut ups = 0;
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    ups += 1;
                }
            }
            s => parts.push(s),
        }
    }
    (ups, parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISH: &str = r#"{"dependent_repositories": [
        {"path_to_root": "_themes", "url": "https://github.com/x/t"},
        {"path_to_root": "nuget-samples", "url": "https://github.com/NuGet/Samples"}]}"#;

    #[test]
    fn tilde_is_the_nearest_docfx_folder_above_the_file() {
        let (d, diags) = Docsets::new(
            [
                "docs/docfx.json",
                "docs/api/docfx.json",
                ".openpublishing.redirection.json",
            ],
            None,
        );
        assert!(diags.is_empty());
        assert_eq!(d.root_of("docs/a/b.md"), "docs");
        assert_eq!(d.root_of("docs/api/x.md"), "docs/api");
        assert_eq!(
            d.root_of("docsy/x.md"),
            "",
            "a folder name prefix is not a parent"
        );
        assert_eq!(d.expand_tilde("docs/a/b.md", "~/c.md"), "/docs/c.md");
        assert_eq!(d.expand_tilde("other/b.md", "~/c.md"), "~/c.md");
        assert_eq!(d.expand_tilde("docs/b.md", "c.md"), "c.md");
    }

    #[test]
    fn dependent_repositories_from_the_publish_config() {
        let (d, diags) = Docsets::new(["docs/docfx.json"], Some(PUBLISH));
        assert!(diags.is_empty());
        assert_eq!(
            d.dependent_of("nuget-samples/P/Program.cs"),
            Some(("nuget-samples", "P/Program.cs"))
        );
        assert_eq!(d.dependent_of("nuget-samplesX/a"), None);
        assert!(d.is_dependent("_themes"));
        assert_eq!(d.source_repository(), None);
        let (d, _) = Docsets::new(
            [],
            Some(r#"{"dependent_repositories": [{"path_to_root": "_repo.en-us"}]}"#),
        );
        assert_eq!(d.source_repository(), Some("_repo.en-us"));
    }

    #[test]
    fn invalid_publish_config_is_a_warning_with_its_line() {
        let (d, diags) = Docsets::new([], Some("{\n  \"dependent_repositories\": [,]\n}"));
        assert_eq!(diags[0].code, "publish-config-invalid");
        assert_eq!(diags[0].line, 2);
        assert!(!d.is_dependent("x"));
    }

    #[test]
    fn above_root_normalization() {
        assert_eq!(normalize_above_root("a/../../b/c"), (1, "b/c".into()));
        assert_eq!(normalize_above_root("docs/../x"), (0, "x".into()));
    }
}
