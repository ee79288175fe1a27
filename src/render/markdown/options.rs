//! What the renderer is given: the page's [`RenderOptions`], the localized [`DirectiveLabels`], and
//! the [`Resolver`] through which it asks the build about links, includes and segments. Kept apart
//! from the passes so the directives and the event pass can share these types without importing
//! each other.

use std::collections::{BTreeMap, HashMap};

/// What a link target turned out to be; the build decides (it knows every page and file).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum LinkTarget {
    /// A page of the site: `url` is root-relative (e.g. "/fr-fr/partner-center/x/"); the renderer
    /// appends the original fragment. `title` is the target page's title in that language;
    /// `fallback` = the page does not exist in this language and `url` points at the page in `lang`.
    Page {
        url: String,
        title: String,
        fallback: bool,
        lang: String,
    },
    /// A page found only by ignoring letter case (`package-versioning.md` for the file
    /// `Package-Versioning.md`): linked like [`LinkTarget::Page`], and reported as `link-case`
    /// because the link breaks wherever paths are case-sensitive. `actual` is the page's file.
    PageCase {
        url: String,
        title: String,
        fallback: bool,
        lang: String,
        actual: String,
    },
    /// A static file (image, download): root-relative url.
    Asset { url: String },
    /// Not a local link (http:, https:, mailto:, //host, data:...): left untouched.
    External,
    /// A site-root link (`/azure/x`) to another docset, rewritten to `url` (`[links]
    /// external_base` + the page's language + the path); `check` lists it as
    /// `link-external-docset`.
    ExternalDocset { url: String },
    /// Local but nothing there: warning `link-broken`, link kept as written with class "broken".
    Broken { help: Option<String> },
}

/// The build's knowledge of the site, asked by the renderer for every link and include.
pub trait Resolver: Sync {
    /// `from_file`: content-relative, '/'-separated path of the file the link is written in (the page
    /// itself or an included file); `target`: the link as written minus the fragment, with `~/`
    /// meaning the content root and `\` tolerated as `/`, percent-encoding allowed.
    fn link(&self, from_file: &str, target: &str) -> LinkTarget;
    /// Text of an included file (already reduced to this page's language), resolved relative to
    /// `from_file`: (content-relative path of the included file, text), or why it cannot be read.
    fn include(&self, from_file: &str, path: &str) -> Result<(String, String), IncludeError>;
    /// The side-by-side segments of a file (content-relative), in document order, so the
    /// `data-source` of each `seg` wrapper can be written from its segment.
    fn segments(&self, _file: &str) -> Option<&[crate::content::sxs::Segment]> {
        None
    }
}

/// Why an included file (`[!INCLUDE]`, code include) cannot be read. The page shows a "not
/// available" box in its place either way; the kind decides the diagnostic's code and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeError {
    /// No such file in the content folder.
    Missing(String),
    /// No such file in this localized repository; the source-language repository `name`
    /// (`_repo.en-us`), where the publishing pipeline would take it from, is not mapped.
    NotLocalized { message: String, name: String },
    /// The path climbs out of the content root (or of a mapped folder, or through a symlink).
    Outside(String),
    /// The file lies in the dependent repository `name` (`.openpublishing.publish.config.json`);
    /// `mapped` says whether `[paths]` names a local folder for it (that lacks the file).
    Dependent {
        message: String,
        name: String,
        mapped: bool,
    },
}

impl IncludeError {
    /// The message, naming the path as written.
    pub fn message(&self) -> &str {
        match self {
            IncludeError::Missing(m) | IncludeError::Outside(m) => m,
            IncludeError::Dependent { message, .. }
            | IncludeError::NotLocalized { message, .. } => message,
        }
    }
}

impl From<String> for IncludeError {
    fn from(message: String) -> Self {
        IncludeError::Missing(message)
    }
}

/// Localized words the directives write on the page (from the theme's UI strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveLabels {
    /// In place of a code include whose file is missing.
    pub code_missing: String,
    /// In place of an include whose file is missing.
    pub include_missing: String,
    /// Text of the link that replaces an embedded `[!VIDEO]` player.
    pub watch_video: String,
    /// Label of a moniker block shown with the others, before its range (`Version`).
    pub moniker: String,
}

impl Default for DirectiveLabels {
    fn default() -> Self {
        DirectiveLabels {
            code_missing: "Code sample not available".into(),
            include_missing: "Content not available".into(),
            watch_video: "Watch the video".into(),
            moniker: "Version".into(),
        }
    }
}

impl DirectiveLabels {
    /// From a language's UI strings (`code_sample_missing`, `content_missing`, `watch_video`,
    /// `moniker_label`), English for any the theme lacks.
    pub fn from_ui(ui: &BTreeMap<String, String>) -> Self {
        let d = DirectiveLabels::default();
        let get = |k: &str, def: String| ui.get(k).cloned().unwrap_or(def);
        DirectiveLabels {
            code_missing: get("code_sample_missing", d.code_missing),
            include_missing: get("content_missing", d.include_missing),
            watch_video: get("watch_video", d.watch_video),
            moniker: get("moniker_label", d.moniker),
        }
    }
}

/// Everything the renderer needs to know about the page besides its text.
pub struct RenderOptions<'a> {
    /// Content-relative path of the page's own source file ('/'-separated).
    pub file: &'a str,
    /// 1-based line of the text's first line in the file (front matter offset).
    pub first_line: u32,
    /// Page language, e.g. "fr-fr".
    pub lang: &'a str,
    /// Localized alert titles for this page's language: keys "note","tip","important","caution","warning".
    pub alert_titles: &'a HashMap<String, String>,
    /// Lowercase words that start a legacy localized note, in every language, with the alert kind.
    pub legacy_alert_words: &'a [(String, String)],
    /// "See also" heading texts in every theme language, lowercase.
    pub see_also_headings: &'a [String],
    /// Heading permalink label (accessible name), localized, e.g. "Permalink".
    pub permalink_label: &'a str,
    /// Zone pivot to show for `::: zone pivot="..."` (None: render all zones, each labelled).
    pub zone_pivot: Option<&'a str>,
    /// Moniker to show for `::: moniker range="..."` (None: render all, each labelled).
    pub moniker: Option<&'a str>,
    /// Localized words of the directives (missing-sample box, video link).
    pub labels: &'a DirectiveLabels,
    /// Language of text written outside side-by-side spans (alt text of `:::image`), when it differs
    /// from the page's: a source page rebuilt from a translated file keeps that text in the
    /// translation's language, and says so with a `lang` attribute.
    pub outside_span_lang: Option<&'a str>,
    /// Whether to collect the page's text ([`Rendered::text`]) for the search index; left empty
    /// when there is no index to build.
    pub page_text: bool,
}

/// The alert titles of [`RenderOptions::alert_titles`] from a language's UI strings (the kind in
/// capitals where the theme has no title for it).
pub fn alert_titles(ui: &BTreeMap<String, String>) -> HashMap<String, String> {
    ["note", "tip", "important", "caution", "warning"]
        .iter()
        .map(|k| {
            let title = ui.get(*k).cloned().unwrap_or_else(|| k.to_uppercase());
            (k.to_string(), title)
        })
        .collect()
}
