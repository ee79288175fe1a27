//! Docs-flavoured Markdown to HTML.
//!
//! Two stages, both linear and iterative (no recursion on the document structure, so 10,000 nested
//! blockquotes cannot overflow the stack):
//! 1. [`super::directives`] rewrites the Docs block directives (alerts, includes, tabs, `:::image`,
//!    zones, code includes, legacy notes) into placeholders and plain Markdown, keeping a map from
//!    every output line back to its file and line so diagnostics point at what the author wrote;
//! 2. pulldown-cmark parses the result and a streaming pass rewrites links, images, raw `<a>`/`<img>`
//!    tags and headings (ids, permalinks) and cuts out the "See also" list, then `push_html` writes
//!    the HTML and the placeholders are swapped for the HTML the directives produced.

pub(crate) use crate::render::html::escape;
use std::collections::{BTreeMap, HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::directives;
use crate::content::sxs;
use crate::diagnostics::Diagnostic;

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

/// A heading of the page, for "on this page" and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// One entry of the page's "See also" list, rendered by the template as a related-pages block.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeeAlsoLink {
    /// Link text as written, plain.
    pub text: String,
    pub url: String,
    /// Target page title, or the link text if not a page.
    pub title: String,
    pub fallback: bool,
    pub broken: bool,
}

/// A link found on the page, for the link checker and the link graph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkRef {
    pub line: u32,
    pub col: u32,
    /// As written.
    pub target: String,
    /// "page" | "asset" | "external" | "broken" | "anchor".
    pub kind: &'static str,
}

/// The result of rendering one page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rendered {
    /// Body HTML without the See-also section (returned separately in `see_also`).
    pub html: String,
    /// Every heading with its final id, in document order.
    pub headings: Vec<Heading>,
    /// Plain text of the first h1.
    pub title: Option<String>,
    pub see_also: Vec<SeeAlsoLink>,
    pub links: Vec<LinkRef>,
    /// Content-relative paths of included files (for incremental rebuilds), first inclusion order.
    pub includes: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The page's words as plain text (for the search index), collected while rendering.
    #[serde(skip)]
    pub text: PageText,
}

/// The plain text of a rendered page: heading text and body text (code blocks left out; a space
/// where a paragraph, list item, table cell or line ends, so words never run together).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    pub headings: String,
    pub body: String,
}

/// Renders one page (already reduced to one language, front matter removed).
pub fn render(text: &str, opts: &RenderOptions, resolver: &dyn Resolver) -> Rendered {
    let mut ctx = Ctx {
        opts,
        resolver,
        files: vec![opts.file.to_string()],
        placeholders: Vec::new(),
        diagnostics: Vec::new(),
        links: Vec::new(),
        includes: Vec::new(),
        ids: HashSet::new(),
        headings: Vec::new(),
        see_also: Vec::new(),
        title: None,
        // Sized from the Markdown (about half of it is text a reader sees): grown push by push,
        // these and the event list below were reallocated a dozen times per page.
        text: if opts.page_text {
            PageText {
                headings: String::with_capacity(256),
                body: String::with_capacity(text.len() / 2),
            }
        } else {
            PageText::default()
        },
        seg_cursor: Vec::new(),
    };
    let chain = vec![opts.file.to_string()];
    let html = render_doc(&mut ctx, 0, opts.first_line.max(1), text, &chain);
    Rendered {
        html,
        headings: ctx.headings,
        title: ctx.title,
        see_also: ctx.see_also,
        links: ctx.links,
        includes: ctx.includes,
        diagnostics: ctx.diagnostics,
        text: ctx.text,
    }
}

/// The id the build gives a heading with this text: lowercase, accents folded to ASCII where
/// simple, anything not alphanumeric becomes '-', runs collapsed, ends trimmed ("section" when
/// nothing is left). `render` makes ids unique per page with -1, -2 suffixes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_accent(c);
        let pieces: &str = folded.unwrap_or("");
        let mut push = |ch: char| {
            if ch.is_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(ch);
            } else {
                dash = true;
            }
        };
        if folded.is_some() {
            pieces.chars().for_each(&mut push);
        } else {
            push(c);
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// ASCII spelling of common accented Latin letters (lowercase input).
pub(crate) fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// State shared by a page and everything it includes.
pub(crate) struct Ctx<'a> {
    pub opts: &'a RenderOptions<'a>,
    pub resolver: &'a dyn Resolver,
    /// Files seen so far; index 0 is the page. `Origin::file` indexes this.
    pub files: Vec<String>,
    /// HTML produced by directives, referenced from the Markdown by placeholder comments.
    pub placeholders: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<LinkRef>,
    pub includes: Vec<String>,
    ids: HashSet<String>,
    headings: Vec<Heading>,
    see_also: Vec<SeeAlsoLink>,
    title: Option<String>,
    text: PageText,
    /// Per file of `files`, once it has a wrapper: its segments and the index of the one expected
    /// next (wrappers come in order).
    seg_cursor: Vec<Option<(&'a [sxs::Segment], usize)>>,
}

/// A link destination after asking the resolver.
pub(crate) struct Resolved {
    pub href: String,
    pub kind: &'static str,
    pub title: Option<String>,
    pub fallback_lang: Option<String>,
}

impl Ctx<'_> {
    /// Adds Markdown rendered outside the main event loop (tab labels) to the page's heading text
    /// for the search index.
    pub(crate) fn add_heading_text(&mut self, markdown: &str) {
        if !self.opts.page_text {
            return;
        }
        self.text.headings.push_str(&sxs::plain_text(markdown));
        self.text.headings.push(' ');
    }

    /// Index of `path` in `files`, adding it if new.
    pub fn file_index(&mut self, path: &str) -> usize {
        match self.files.iter().position(|f| f == path) {
            Some(i) => i,
            None => {
                self.files.push(path.to_string());
                self.files.len() - 1
            }
        }
    }

    /// Stores directive HTML and returns its block placeholder: an HTML comment, which CommonMark
    /// treats as an HTML block that ends on the same line and may interrupt a paragraph.
    pub fn block_placeholder(&mut self, html: String) -> String {
        // push_html ends the comment's line with '\n' already.
        self.placeholders
            .push(html.trim_end_matches('\n').to_string());
        format!("<!--tandem:{}-->", self.placeholders.len() - 1)
    }

    /// Stores directive HTML and returns its inline placeholder: a tag pair that never starts an
    /// HTML block, so the rest of the line stays Markdown.
    pub fn inline_placeholder(&mut self, html: String) -> String {
        self.placeholders.push(html);
        format!(
            "<tandem-ph n=\"{}\"></tandem-ph>",
            self.placeholders.len() - 1
        )
    }

    /// Asks the resolver about `dest` written in file `file` at `line:col`, records the link and
    /// warns when it is broken.
    pub fn resolve(&mut self, file: usize, line: u32, col: u32, dest: &str) -> Resolved {
        let as_written = |kind| Resolved {
            href: dest.to_string(),
            kind,
            title: None,
            fallback_lang: None,
        };
        if dest.is_empty() || dest.starts_with('#') {
            self.links.push(LinkRef {
                line,
                col,
                target: dest.to_string(),
                kind: "anchor",
            });
            return as_written("anchor");
        }
        let (target, frag) = match dest.find('#') {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let res = match self.resolver.link(&self.files[file], target) {
            LinkTarget::Page {
                url,
                title,
                fallback,
                lang,
            } => Resolved {
                href: url + frag,
                kind: "page",
                title: Some(title),
                fallback_lang: fallback.then_some(lang),
            },
            LinkTarget::PageCase {
                url,
                title,
                fallback,
                lang,
                actual,
            } => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "link-case",
                        &self.files[file],
                        line,
                        col,
                        format!("link `{dest}` names `{actual}` with other letter case; linked to it"),
                    )
                    .with_help(format!(
                        "write the path as the file is named (`{actual}`): links are case-sensitive on Linux servers"
                    )),
                );
                Resolved {
                    href: url + frag,
                    kind: "page",
                    title: Some(title),
                    fallback_lang: fallback.then_some(lang),
                }
            }
            LinkTarget::Asset { url } => Resolved {
                href: url + frag,
                kind: "asset",
                title: None,
                fallback_lang: None,
            },
            LinkTarget::External => as_written("external"),
            LinkTarget::ExternalDocset { url } => Resolved {
                href: url + frag,
                kind: "external-docset",
                title: None,
                fallback_lang: None,
            },
            LinkTarget::Broken { help } => {
                let help = help.unwrap_or_else(|| {
                    "check the path: it is relative to the file it is written in, `~/` is the content root".into()
                });
                self.diagnostics.push(
                    Diagnostic::warning(
                        "link-broken",
                        &self.files[file],
                        line,
                        col,
                        format!("broken link `{dest}`: nothing at this path"),
                    )
                    .with_help(help),
                );
                as_written("broken")
            }
        };
        self.links.push(LinkRef {
            line,
            col,
            target: dest.to_string(),
            kind: res.kind,
        });
        res
    }

    /// `id` made unique on the page.
    pub fn unique_id(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 0;
        while self.ids.contains(&candidate) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        self.ids.insert(candidate.clone());
        candidate
    }
}

/// Maps byte offsets of the expanded Markdown back to (file index, line, col) of the source.
pub(crate) struct Locator<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    origins: &'t [directives::Origin],
}

impl<'t> Locator<'t> {
    fn new(text: &'t str, origins: &'t [directives::Origin]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            text,
            line_starts,
            origins,
        }
    }

    /// Index of the line (of the expanded text) that holds `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The file that `offset` comes from ([`Locator::locate`] without counting the column).
    fn file_at(&self, offset: usize) -> usize {
        self.origins.get(self.line_of(offset)).map_or(0, |o| o.file)
    }

    /// Same convention as `diagnostics::line_col` (1-based, column in characters), but with a line
    /// index so that a page with many links stays linear.
    fn locate(&self, offset: usize) -> (usize, u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let idx = self.line_of(offset);
        let col = self.text[self.line_starts[idx]..offset].chars().count() as i64 + 1;
        match self.origins.get(idx) {
            Some(o) => (o.file, o.line, (col + o.shift).max(1) as u32),
            None => (0, 0, 0),
        }
    }
}

/// What the See-also state machine is doing.
enum SeeAlso {
    Off,
    /// The heading was seen; the next list is the See-also list.
    AwaitList,
    /// Inside the list: `depth` nested lists, output truncated back to `start` at its end.
    Collect {
        depth: usize,
        start: usize,
    },
}

/// An open link: what to write before `</a>` and the See-also entry it feeds, if any.
struct OpenLink {
    close: String,
    see_also: Option<usize>,
}

/// Renders `text` (of file `file`, starting at `first_line`) with everything it includes.
pub(crate) fn render_doc(
    ctx: &mut Ctx,
    file: usize,
    first_line: u32,
    text: &str,
    chain: &[String],
) -> String {
    let expanded = directives::expand(ctx, file, first_line, text, chain);
    let loc = Locator::new(&expanded.text, &expanded.origins);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut parser = Parser::new_ext(&expanded.text, options)
        .into_offset_iter()
        .peekable();
    // Docs Markdown gives about one event per 20 bytes (every sentence has its wrapper tags).
    let mut out: Vec<Event> = Vec::with_capacity(expanded.text.len() / 16);
    // An open heading: where its events start in `out`, and what its start said.
    let mut heading: Option<(usize, HeadingStart)> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut image: Option<(String, String, String, usize)> = None;
    let mut see_also = SeeAlso::Off;
    let mut in_code = false;
    // Inside an HTML comment that an earlier event opened (an HTML block comes line by line).
    let mut in_comment = false;
    while let Some((event, range)) = parser.next() {
        if let Some((_, _, alt, depth)) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::Start(Tag::Image { .. }) => *depth += 1,
                Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                Event::End(TagEnd::Image) => {
                    if let Some((src, title, alt, _)) = image.take() {
                        // Alt text is searchable, as the words of the page it is.
                        if ctx.opts.page_text {
                            ctx.text.body.push_str(&alt);
                            ctx.text.body.push(' ');
                        }
                        let title = if title.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{}\"", escape(&title))
                        };
                        out.push(Event::InlineHtml(
                            format!(
                                "<img src=\"{}\" alt=\"{}\"{title}>",
                                escape_href(&src),
                                escape(&alt)
                            )
                            .into(),
                        ));
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            _ if !ctx.opts.page_text => {}
            Event::Text(t) | Event::Code(t) if !in_code => match heading {
                Some(_) => ctx.text.headings.push_str(t),
                None => ctx.text.body.push_str(t),
            },
            Event::End(TagEnd::Heading(_)) => ctx.text.headings.push(' '),
            // Word boundaries that have no text of their own: line and block ends, the start of
            // a (nested) list item, a raw HTML block and an inline `<br>`.
            Event::SoftBreak
            | Event::HardBreak
            | Event::Html(_)
            | Event::Start(Tag::Item)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) if heading.is_none() => ctx.text.body.push(' '),
            Event::InlineHtml(h) if heading.is_none() && is_br(h) => ctx.text.body.push(' '),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if matches!(see_also, SeeAlso::AwaitList) {
                    see_also = SeeAlso::Off;
                }
                heading = Some((
                    out.len(),
                    HeadingStart {
                        level,
                        attr_id: id.map(|s| s.to_string()),
                        classes: classes.iter().map(|c| c.to_string()).collect(),
                        at: range.start,
                    },
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, h)) = heading.take() {
                    let inner = out.split_off(start);
                    finish_heading(ctx, &loc, &mut out, inner, h, &mut see_also);
                }
            }
            Event::Start(Tag::List(n)) => {
                match &mut see_also {
                    SeeAlso::AwaitList => {
                        see_also = SeeAlso::Collect {
                            depth: 1,
                            start: out.len(),
                        }
                    }
                    SeeAlso::Collect { depth, .. } => *depth += 1,
                    SeeAlso::Off => {}
                }
                out.push(Event::Start(Tag::List(n)));
            }
            Event::End(TagEnd::List(o)) => {
                out.push(Event::End(TagEnd::List(o)));
                if let SeeAlso::Collect { depth, start } = &mut see_also {
                    *depth -= 1;
                    if *depth == 0 {
                        out.truncate(*start);
                        see_also = SeeAlso::Off;
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let (f, line, col) = loc.locate(range.start);
                let res = if link_type == LinkType::Email {
                    Resolved {
                        href: format!("mailto:{dest_url}"),
                        kind: "external",
                        title: None,
                        fallback_lang: None,
                    }
                } else {
                    ctx.resolve(f, line, col, &dest_url)
                };
                // A link written without text (`[](page.md)`) shows its target page's title, as
                // DocFX does; another target shows the link's title (a stand-in page puts the
                // original text there), else its address.
                let empty = matches!(parser.peek(), Some((Event::End(TagEnd::Link), _)));
                let text_of_empty = empty.then(|| match (&res.title, title.is_empty()) {
                    (Some(t), _) if res.kind == "page" => escape(t),
                    (_, false) => match ctx.opts.outside_span_lang {
                        Some(l) => {
                            format!("<span lang=\"{}\">{}</span>", escape(l), escape(&title))
                        }
                        None => escape(&title),
                    },
                    _ => escape(&res.href),
                });
                // Built with push_str: `format!` per link and per link end was 1.2% of a build.
                let href = escape_href(&res.href);
                let mut tag = String::with_capacity(href.len() + 16);
                tag.push_str("<a href=\"");
                tag.push_str(&href);
                tag.push('"');
                if !title.is_empty() && !empty {
                    tag.push_str(&format!(" title=\"{}\"", escape(&title)));
                }
                let mut close = String::new();
                if let Some(lang) = &res.fallback_lang {
                    tag.push_str(&format!(
                        " class=\"fallback\" hreflang=\"{}\"",
                        escape(lang)
                    ));
                    close = format!("<span class=\"visually-hidden\"> ({})</span>", escape(lang));
                } else if res.kind == "broken" {
                    tag.push_str(" class=\"broken\"");
                }
                tag.push('>');
                let see_idx = if matches!(see_also, SeeAlso::Collect { .. }) {
                    ctx.see_also.push(SeeAlsoLink {
                        text: String::new(),
                        url: res.href.clone(),
                        title: res.title.clone().unwrap_or_default(),
                        fallback: res.fallback_lang.is_some(),
                        broken: res.kind == "broken",
                    });
                    Some(ctx.see_also.len() - 1)
                } else {
                    None
                };
                links.push(OpenLink {
                    close,
                    see_also: see_idx,
                });
                out.push(Event::InlineHtml(tag.into()));
                if let Some(text) = text_of_empty {
                    if ctx.opts.page_text {
                        ctx.text
                            .body
                            .push_str(&crate::content::sxs::plain_text(&text));
                        ctx.text.body.push(' ');
                    }
                    feed_see_also(ctx, &links, &crate::content::sxs::plain_text(&text));
                    out.push(Event::InlineHtml(text.into()));
                }
            }
            Event::End(TagEnd::Link) => {
                let open = links.pop();
                if let Some(OpenLink {
                    see_also: Some(i), ..
                }) = &open
                    && let Some(s) = ctx.see_also.get_mut(*i)
                {
                    s.text = s.text.trim().to_string();
                    if s.title.is_empty() {
                        s.title = s.text.clone();
                    }
                }
                let mut end = open.map(|o| o.close).unwrap_or_default();
                end.push_str("</a>");
                out.push(Event::InlineHtml(end.into()));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let (f, line, col) = loc.locate(range.start);
                let res = ctx.resolve(f, line, col, &dest_url);
                image = Some((res.href, title.to_string(), String::new(), 0));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) => {
                feed_see_also(ctx, &links, &t);
                out.push(Event::Text(t));
            }
            Event::Code(t) => {
                feed_see_also(ctx, &links, &t);
                out.push(Event::Code(t));
            }
            Event::Html(h) => {
                let h = strip_comments(h, &mut in_comment);
                if !h.is_empty() {
                    out.push(Event::Html(rewrite_raw_html(ctx, &loc, h, range.start)));
                }
            }
            Event::InlineHtml(h) => {
                let h = strip_comments(h, &mut in_comment);
                if !h.is_empty() {
                    out.push(Event::InlineHtml(rewrite_raw_html(
                        ctx,
                        &loc,
                        h,
                        range.start,
                    )));
                }
            }
            other => out.push(other),
        }
    }
    let mut html = String::with_capacity(expanded.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let html = substitute_placeholders(html, &ctx.placeholders);
    if PAD_FINDER.find(expanded.text.as_bytes()).is_some() {
        strip_padding(html)
    } else {
        html
    }
}

/// Raw HTML without its `<!-- … -->` comments, which authors write for each other (notes, text
/// taken out for now), not for readers. `open` carries a comment that goes on into the next event
/// (an HTML block comes one line per event). The directives' placeholders (`<!--tandem:N-->`)
/// stay. Borrowed when there is no comment (almost every tag).
fn strip_comments<'h>(h: CowStr<'h>, open: &mut bool) -> CowStr<'h> {
    // Asked for every raw HTML event (each segment wrapper is one): a byte search first, as
    // `memmem::find` builds a searcher per call.
    if !*open
        && (memchr::memchr(b'!', h.as_bytes()).is_none()
            || memchr::memmem::find(h.as_bytes(), b"<!--").is_none())
    {
        return h;
    }
    let mut out = String::with_capacity(h.len());
    let mut rest: &str = &h;
    loop {
        if *open {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *open = false;
                }
                None => return out.into(),
            }
        }
        match rest.find("<!--") {
            None => {
                out.push_str(rest);
                return out.into();
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                let after = &rest[i..];
                if after.starts_with("<!--tandem:")
                    && let Some(end) = after.find("-->")
                {
                    out.push_str(&after[..end + 3]);
                    rest = &after[end + 3..];
                } else {
                    rest = &after[4..];
                    *open = true;
                }
            }
        }
    }
}

/// Whether raw inline HTML `h` is a `<br>` tag (`<br>`, `<BR/>`, `<br class="x">`). Four bytes
/// rather than [`parse_tag`]: it runs for every inline tag of every page (each segment wrapper is
/// one), and `parse_tag` collects the attributes.
fn is_br(h: &str) -> bool {
    let b = h.as_bytes();
    b.len() > 3
        && b[..3].eq_ignore_ascii_case(b"<br")
        && (b[3] == b'>' || b[3] == b'/' || b[3].is_ascii_whitespace())
}

/// The splitter's line padding, as it follows a line ending (`sxs` module docs, "Line numbers").
const PAD: &[u8] = b"\ndata-pad";

/// A searcher for [`PAD`], made once: making one per page cost more than the search.
static PAD_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PAD));

/// `html` without the splitter's line padding: each run of `data-pad` attributes (each after its
/// own line ending) at the end of a tag, and the empty `<span>` that held nothing else. The padding
/// kept line numbers right while the Markdown was parsed; in a page it would be a repeated
/// attribute (invalid HTML) and an empty element.
fn strip_padding(html: String) -> String {
    let finder = &*PAD_FINDER;
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(rel) = finder.find(&b[from..]) {
        let nl = from + rel;
        let start = if nl > 0 && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let mut end = nl + PAD.len();
        loop {
            let rest = &b[end..];
            if rest.starts_with(PAD) {
                end += PAD.len();
            } else if rest.first() == Some(&b'\r') && rest[1..].starts_with(PAD) {
                end += 1 + PAD.len();
            } else {
                break;
            }
        }
        from = end;
        // Padding always ends its tag; anything else is the page's own text.
        if b.get(end) != Some(&b'>') || start < copied {
            continue;
        }
        const EMPTY_OPEN: &str = "<span";
        const EMPTY_CLOSE: &str = "></span>";
        if html[..start].ends_with(EMPTY_OPEN)
            && html[end..].starts_with(EMPTY_CLOSE)
            && start - EMPTY_OPEN.len() >= copied
        {
            out.push_str(&html[copied..start - EMPTY_OPEN.len()]);
            copied = end + EMPTY_CLOSE.len();
        } else {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Appends link text to the See-also entry being collected.
fn feed_see_also(ctx: &mut Ctx, links: &[OpenLink], text: &str) {
    if let Some(i) = links.last().and_then(|l| l.see_also)
        && let Some(s) = ctx.see_also.get_mut(i)
    {
        s.text.push_str(text);
    }
}

/// What a heading's start said: level, `{#id}`, classes, and its offset in the expanded text
/// (located in the file only for a diagnostic).
struct HeadingStart {
    level: HeadingLevel,
    attr_id: Option<String>,
    classes: Vec<String>,
    at: usize,
}

/// Writes a heading with its id and permalink, or starts the See-also section.
fn finish_heading<'e>(
    ctx: &mut Ctx,
    loc: &Locator,
    out: &mut Vec<Event<'e>>,
    mut inner: Vec<Event<'e>>,
    h: HeadingStart,
    see_also: &mut SeeAlso,
) {
    let HeadingStart {
        level,
        attr_id,
        classes,
        at,
    } = h;
    let anchor = take_leading_anchor(&mut inner);
    let plain: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = plain.to_lowercase();
    let key = key.trim().trim_end_matches(':').trim();
    if !key.is_empty() && ctx.opts.see_also_headings.iter().any(|h| h.trim() == key) {
        *see_also = SeeAlso::AwaitList;
        return;
    }
    let id = match anchor.or(attr_id) {
        Some(explicit) if ctx.ids.contains(&explicit) => {
            // Two headings with one id: the page would have it twice, and every link to it would
            // reach the first. This one gets a numbered id, as a repeated heading text does.
            let id = ctx.unique_id(explicit.clone());
            let (file, line, col) = loc.locate(at);
            ctx.diagnostics.push(
                Diagnostic::warning(
                    "anchor-duplicate",
                    &ctx.files[file],
                    line,
                    col,
                    format!(
                        "the anchor `{explicit}` is already the id of an earlier heading on this page; this heading gets `{id}`"
                    ),
                )
                .with_help(format!(
                    "give each heading its own `<a name=\"…\">`: links to `#{explicit}` reach the first one only"
                )),
            );
            id
        }
        Some(explicit) => {
            ctx.ids.insert(explicit.clone());
            explicit
        }
        None => ctx.unique_id(slugify(&plain)),
    };
    let n = level as u8;
    if n == 1 && ctx.title.is_none() {
        ctx.title = Some(plain.clone());
    }
    // Appended piece by piece: `format!` for every heading's tags was 0.6% of a build.
    let digit = char::from(b'0' + n);
    let mut open = String::with_capacity(id.len() + 16);
    open.push_str("<h");
    open.push(digit);
    open.push_str(" id=\"");
    open.push_str(&escape(&id));
    open.push('"');
    if !classes.is_empty() {
        open.push_str(" class=\"");
        open.push_str(&escape(&classes.join(" ")));
        open.push('"');
    }
    open.push('>');
    out.push(Event::Html(open.into()));
    out.extend(inner);
    let mut close = String::with_capacity(id.len() + 80);
    close.push_str("<a class=\"permalink\" href=\"#");
    close.push_str(&escape_href(&id));
    close.push_str("\" aria-label=\"");
    close.push_str(&escape(ctx.opts.permalink_label));
    close.push_str("\">#</a></h");
    close.push(digit);
    close.push_str(">\n");
    out.push(Event::Html(close.into()));
    ctx.headings.push(Heading {
        level: n,
        id,
        text: plain,
    });
}

/// Removes an `<a name="x"></a>` (or `<a id="x"></a>`) written at the start of a heading and
/// returns its id: the author's anchor is the heading's id.
fn take_leading_anchor(inner: &mut Vec<Event<'_>>) -> Option<String> {
    let first = inner
        .iter()
        .position(|e| !matches!(e, Event::Text(t) if t.trim().is_empty()))?;
    let Event::InlineHtml(h) = &inner[first] else {
        return None;
    };
    let tag = parse_tag(h, 0)?;
    if !tag.name.eq_ignore_ascii_case("a") || tag.attr("href").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let id = tag.attr("id").or_else(|| tag.attr("name"))?.to_string();
    let rest = h[tag.end..].trim();
    let mut remove = first..first + 1;
    if rest.is_empty() {
        if let Some(Event::InlineHtml(c)) = inner.get(first + 1)
            && c.trim().eq_ignore_ascii_case("</a>")
        {
            remove = first..first + 2;
        }
    } else if !rest.eq_ignore_ascii_case("</a>") {
        return None;
    }
    inner.drain(remove.clone());
    // The space between the anchor and the text would otherwise lead the heading.
    if let Some(Event::Text(t)) = inner.get_mut(remove.start) {
        *t = t.trim_start().to_string().into();
    }
    Some(id)
}

/// A start tag found by the small attribute scanner.
pub(crate) struct RawTag<'s> {
    pub name: &'s str,
    /// (name, value) with the value unquoted but not entity-decoded.
    pub attrs: Vec<(&'s str, &'s str)>,
    pub self_closing: bool,
    /// Byte index just after the closing `>`.
    pub end: usize,
}

impl RawTag<'_> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// Parses the start tag at `s[start..]` (which must begin with `<`). Hand-written rather than an
/// HTML parser crate because raw HTML reaches us in fragments (one tag per event, unclosed
/// elements), and all we need is `<a>`/`<img>` attributes with quotes respected.
pub(crate) fn parse_tag(s: &str, start: usize) -> Option<RawTag<'_>> {
    let b = s.as_bytes();
    if b.get(start) != Some(&b'<') {
        return None;
    }
    let mut i = start + 1;
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = &s[name_start..i];
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some(RawTag {
                    name,
                    attrs,
                    self_closing: false,
                    end: i + 1,
                });
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some(RawTag {
                    name,
                    attrs,
                    self_closing: true,
                    end: i + 2,
                });
            }
            _ => {}
        }
        let k0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == k0 {
            i += 1;
            continue;
        }
        let key = &s[k0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            attrs.push((key, ""));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = s[i + 1..].find(*q as char)? + i + 1;
                let v = &s[i + 1..close];
                i = close + 1;
                v
            }
            _ => {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &s[v0..i]
            }
        };
        attrs.push((key, value));
    }
}

/// Rewrites local `href`/`src` of raw `<a>`/`<img>` tags written by authors, and turns
/// `<a name="x">`/`<a href="" id="x">` into `<a id="x">`.
fn rewrite_raw_html<'e>(ctx: &mut Ctx, loc: &Locator, h: CowStr<'e>, offset: usize) -> CowStr<'e> {
    if !h.contains('<') {
        return h;
    }
    let mut out = String::new();
    // Made the first time something is rewritten, with room for a wrapper's `data-source` (its
    // source sentence): grown push by push it was reallocated three or four times per wrapper.
    let start = |out: &mut String| {
        if out.capacity() == 0 {
            out.reserve(h.len() + 192);
        }
    };
    let mut copied = 0;
    let mut search = 0;
    while let Some(rel) = h[search..].find('<') {
        let at = search + rel;
        search = at + 1;
        if h[at..].starts_with(sxs::SEG_OPEN) {
            let f = loc.file_at(offset + at);
            start(&mut out);
            out.push_str(&h[copied..at]);
            copied = at;
            if let Some(n) = copy_seg_open(ctx, f, &h[at..], &mut out) {
                copied = at + n;
                search = at + n;
            }
            continue;
        }
        let Some(tag) = parse_tag(&h, at) else {
            continue;
        };
        let is_a = tag.name.eq_ignore_ascii_case("a");
        let url_attr = if is_a {
            "href"
        } else if tag.name.eq_ignore_ascii_case("img") {
            "src"
        } else {
            continue;
        };
        let mut attrs: Vec<(String, String)> = tag
            .attrs
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        let mut changed = false;
        if is_a {
            let anchor = attrs
                .iter()
                .find(|(k, _)| k == "name" || k == "id")
                .map(|(_, v)| v.clone());
            let href_empty = attrs
                .iter()
                .find(|(k, _)| k == "href")
                .is_none_or(|(_, v)| v.is_empty());
            if let (Some(id), true) = (anchor, href_empty) {
                attrs.retain(|(k, _)| k != "name" && k != "id" && k != "href");
                attrs.insert(0, ("id".into(), id));
                changed = true;
            }
        }
        if let Some((_, v)) = attrs.iter_mut().find(|(k, _)| k == url_attr)
            && !v.is_empty()
        {
            let (f, line, col) = loc.locate(offset + at);
            let res = ctx.resolve(f, line, col, &v.replace("&amp;", "&"));
            if matches!(res.kind, "page" | "asset") {
                *v = escape_href(&res.href);
                changed = true;
            }
        }
        if changed {
            start(&mut out);
            out.push_str(&h[copied..at]);
            out.push('<');
            out.push_str(tag.name);
            for (k, v) in &attrs {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                // `"` as `&quot;`, appended run by run (`format!` with `replace` per attribute
                // was 0.4% of a build).
                let quote = |b| (b == b'"').then_some("&quot;");
                crate::render::html::escape_with(v, quote, |run| out.push_str(run));
                out.push('"');
            }
            out.push_str(if tag.self_closing { " />" } else { ">" });
            copied = tag.end;
        }
        search = tag.end;
    }
    if copied == 0 {
        return h;
    }
    out.push_str(&h[copied..]);
    out.into()
}

/// The source half of the segment whose wrapper (id as written, attribute-escaped) comes from file
/// `f` of `ctx.files`: the file's segments are walked in order, so finding each costs nothing; an id
/// out of order (a wrapper rendered twice, or one consumed elsewhere) is looked for after the cursor
/// first, so of two segments with the same id the next one is taken.
fn segment_source<'a>(ctx: &mut Ctx<'a>, f: usize, escaped_id: &str) -> Option<&'a str> {
    if ctx.seg_cursor.len() <= f {
        ctx.seg_cursor.resize(f + 1, None);
    }
    // The file's segments are asked for once per page, not once per wrapper.
    let resolver: &'a dyn Resolver = ctx.resolver;
    let (segs, next) = match ctx.seg_cursor[f] {
        Some(cursor) => cursor,
        None => (resolver.segments(ctx.files.get(f)?)?, 0),
    };
    let next = next.min(segs.len());
    let matches = |s: &sxs::Segment| sxs::is_escaped_id(escaped_id, s.id());
    let i = segs[next..]
        .iter()
        .position(matches)
        .map(|i| next + i)
        .or_else(|| segs[..next].iter().position(matches))?;
    ctx.seg_cursor[f] = Some((segs, i + 1));
    Some(segs[i].source())
}

/// Copies the opening of the `seg` wrapper that `html` starts with, through its id's closing
/// quote, into `out`, followed by the ` data-source` attribute when file `f` has the segment.
/// Returns the length copied; None (nothing copied) when the id is not closed.
fn copy_seg_open(ctx: &mut Ctx, f: usize, html: &str, out: &mut String) -> Option<usize> {
    let id_start = sxs::SEG_OPEN.len();
    let q = id_start + html[id_start..].find('"')?;
    out.push_str(&html[..=q]);
    if let Some(source) = segment_source(ctx, f, &html[id_start..q]) {
        out.push_str(" data-source=\"");
        sxs::data_source_into(out, source);
        out.push('"');
    }
    Some(q + 1)
}

/// `html` made outside the main event loop (tab labels) with each `seg` wrapper of file `f` given
/// its `data-source`, as [`rewrite_raw_html`] does for the page's own HTML.
pub(crate) fn with_data_sources(ctx: &mut Ctx, f: usize, html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(sxs::SEG_OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match copy_seg_open(ctx, f, rest, &mut out) {
            Some(n) => rest = &rest[n..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Swaps `<!--tandem:N-->` and `<tandem-ph n="N"></tandem-ph>` for the directive HTML they stand for.
/// Each kind is searched for once per occurrence (the next one of each is remembered), and a page
/// without directives is returned as it is.
fn substitute_placeholders(html: String, placeholders: &[String]) -> String {
    const KINDS: [(&str, &str); 2] = [
        ("<!--tandem:", "-->"),
        ("<tandem-ph n=\"", "\"></tandem-ph>"),
    ];
    if placeholders.is_empty() {
        return html;
    }
    let finders = KINDS.map(|(open, _)| memchr::memmem::Finder::new(open));
    let find = |kind: usize, from: usize| {
        finders[kind]
            .find(&html.as_bytes()[from..])
            .map(|i| from + i)
    };
    let mut next = [find(0, 0), find(1, 0)];
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some((kind, i)) = next
        .iter()
        .enumerate()
        .filter_map(|(k, i)| i.map(|i| (k, i)))
        .min_by_key(|&(_, i)| i)
    {
        let (open, close) = KINDS[kind];
        let after = &html[i + open.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let found = after[digits..]
            .starts_with(close)
            .then(|| after[..digits].parse::<usize>().ok())
            .flatten()
            .and_then(|n| placeholders.get(n));
        out.push_str(&html[pos..i]);
        pos = match found {
            Some(p) => {
                out.push_str(p);
                i + open.len() + digits + close.len()
            }
            None => {
                out.push_str(open);
                i + open.len()
            }
        };
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|n| n < pos) {
                *n = find(k, pos);
            }
        }
    }
    out.push_str(&html[pos..]);
    out
}

/// Escapes a URL for an attribute: HTML specials, and spaces as `%20`.
pub(crate) fn escape_href(s: &str) -> String {
    escape(s).replace(' ', "%20")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A resolver backed by maps: pages (path -> (url, title, fallback)), assets and included files.
    #[derive(Default)]
    pub struct MapResolver {
        pub pages: HashMap<String, (String, String, bool)>,
        pub assets: HashMap<String, String>,
        pub files: HashMap<String, String>,
        pub segments: HashMap<String, Vec<sxs::Segment>>,
    }

    /// Joins `target` to the folder of `from`, handling `~/`, `\`, `.` and `..`; None outside root.
    pub fn join(from: &str, target: &str) -> Option<String> {
        let target = target.replace('\\', "/");
        let (base, t) = match target.strip_prefix("~/") {
            Some(t) => (Vec::new(), t.to_string()),
            None => (
                from.split('/').collect::<Vec<_>>()[..from.split('/').count() - 1].to_vec(),
                target,
            ),
        };
        let mut parts: Vec<&str> = base;
        for p in t.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        Some(parts.join("/"))
    }

    impl Resolver for MapResolver {
        fn segments(&self, file: &str) -> Option<&[sxs::Segment]> {
            self.segments.get(file).map(Vec::as_slice)
        }

        fn link(&self, from: &str, target: &str) -> LinkTarget {
            if target.contains(':') || target.starts_with("//") {
                return LinkTarget::External;
            }
            let Some(p) = join(from, target) else {
                return LinkTarget::Broken { help: None };
            };
            if let Some((url, title, fallback)) = self.pages.get(&p) {
                return LinkTarget::Page {
                    url: url.clone(),
                    title: title.clone(),
                    fallback: *fallback,
                    lang: "en-us".into(),
                };
            }
            match self.assets.get(&p) {
                Some(url) => LinkTarget::Asset { url: url.clone() },
                None => LinkTarget::Broken {
                    help: Some("did you mean x.md?".into()),
                },
            }
        }
        fn include(&self, from: &str, path: &str) -> Result<(String, String), IncludeError> {
            let p = join(from, path)
                .ok_or_else(|| IncludeError::Outside("outside the content root".into()))?;
            if let Some(rest) = p.strip_prefix("samples/") {
                return Err(IncludeError::Dependent {
                    message: format!("`{rest}` is in the dependent repository `samples`"),
                    name: "samples".into(),
                    mapped: false,
                });
            }
            self.files
                .get(&p)
                .map(|t| (p.clone(), t.clone()))
                .ok_or_else(|| IncludeError::Missing(format!("no file `{p}`")))
        }
    }

    pub struct Setup {
        pub labels: DirectiveLabels,
        pub titles: HashMap<String, String>,
        pub words: Vec<(String, String)>,
        pub see_also: Vec<String>,
    }

    pub fn setup() -> Setup {
        let titles = [
            ("note", "Remarque"),
            ("tip", "Conseil"),
            ("important", "Important"),
            ("caution", "Attention"),
            ("warning", "Avertissement"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let words = [
            ("remarque", "note"),
            ("note", "note"),
            ("conseil", "tip"),
            ("important", "important"),
            ("hinweis", "note"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let see_also = ["see also", "voir aussi", "siehe auch"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        Setup {
            labels: DirectiveLabels {
                code_missing: "Exemple de code non disponible".into(),
                ..DirectiveLabels::default()
            },
            titles,
            words,
            see_also,
        }
    }

    pub fn opts<'a>(s: &'a Setup, file: &'a str, pivot: Option<&'a str>) -> RenderOptions<'a> {
        RenderOptions {
            file,
            first_line: 1,
            lang: "fr-fr",
            alert_titles: &s.titles,
            legacy_alert_words: &s.words,
            see_also_headings: &s.see_also,
            permalink_label: "Lien permanent",
            zone_pivot: pivot,
            moniker: None,
            labels: &s.labels,
            outside_span_lang: None,
            page_text: true,
        }
    }

    pub fn r(text: &str, res: &MapResolver) -> Rendered {
        let s = setup();
        render(text, &opts(&s, "docs/page.md", None), res)
    }

    #[test]
    fn line_padding_is_stripped_and_nothing_else() {
        for (html, want) in [
            (
                "<p><span class=\"seg\" id=\"s-1\" data-source=\"a b\"\ndata-pad\ndata-pad>un\ndeux</span></p>",
                "<p><span class=\"seg\" id=\"s-1\" data-source=\"a b\">un\ndeux</span></p>",
            ),
            (
                "<p>One two<span\r\ndata-pad\r\ndata-pad></span>\r\nend</p>",
                "<p>One two\r\nend</p>",
            ),
            (
                "<li>a<span\ndata-pad></span></li><li>b<span\ndata-pad></span></li>",
                "<li>a</li><li>b</li>",
            ),
            // The page's own words are not padding, even after a line ending.
            (
                "<p>x\ndata-pad is an attribute\ndata-pad</p>",
                "<p>x\ndata-pad is an attribute\ndata-pad</p>",
            ),
            ("<p>x\ndata-pad&gt;</p>", "<p>x\ndata-pad&gt;</p>"),
            ("", ""),
        ] {
            assert_eq!(strip_padding(html.to_string()), want, "{html:?}");
        }
    }

    /// A pair over more lines on one side than the other is padded by the splitter; neither page
    /// shows it.
    #[test]
    fn pairs_over_several_lines_leave_no_padding_in_either_page() {
        let md = "Intro.\n\n<span data-ttu-id=\"1-1\">Un\ndeux</span><span class=\"sxs-lookup\">\
                  <span data-stu-id=\"1-1\">One\ntwo\nthree\nfour</span></span>\n\n\
                  - <span data-ttu-id=\"1-2\">Trois</span><span class=\"sxs-lookup\">\
                  <span data-stu-id=\"1-2\">Three\nmore</span></span>\n";
        let res = site();
        for wrap in [true, false] {
            let opts = sxs::Options {
                wrap_segments: wrap,
            };
            let split = sxs::split(md, std::path::Path::new("a.md"), 1, &opts);
            let text = if wrap {
                &split.translated
            } else {
                &split.source
            };
            assert!(
                text.contains("data-pad"),
                "the fixture must need padding: {text}"
            );
            let html = r(text, &res).html;
            assert!(!html.contains("data-pad"), "{html}");
            assert!(!html.contains("<span></span>"), "{html}");
            assert!(
                html.contains(if wrap { "Trois" } else { "Three\nmore" }),
                "{html}"
            );
        }
    }

    /// Words either side of a `<br>`, a nested list or an HTML block stay apart in the search text.
    #[test]
    fn page_text_separates_words_at_breaks_and_nested_items() {
        let text = "- Numéro fiscale\n  - INN – x\n  - PESEL\n\nInfos :<br>le nom<BR/>suite\n\n\
                    mot<bridge>ment</bridge>\n";
        let body = r(text, &site()).text.body;
        let words: Vec<&str> = body.split_whitespace().collect();
        for w in ["fiscale", "INN", "PESEL", ":", "le", "nom", "suite"] {
            assert!(words.contains(&w), "{w} in {body:?}");
        }
        // Other tags that start like `<br` are no break.
        assert!(words.contains(&"motment"), "{body:?}");
    }

    /// Two headings with the same explicit anchor: the second gets a numbered id and a warning at
    /// its line; distinct anchors give none.
    #[test]
    fn repeated_heading_anchor_is_numbered_and_reported() {
        let text = "## <a name=\"details\"></a>Détails\n\nA.\n\n## <a name=\"details\"></a>Détails\n\nB.\n\n\
                    ## Details\n";
        let out = r(text, &site());
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["details", "details-1", "details-2"], "{}", out.html);
        let d: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.code == "anchor-duplicate")
            .collect();
        assert_eq!(d.len(), 1, "{:?}", out.diagnostics);
        assert_eq!((d[0].line, d[0].col), (5, 1));
        let distinct = r(
            "## <a name=\"a\"></a>A\n\n## <a name=\"b\"></a>B\n",
            &site(),
        );
        assert!(
            distinct
                .diagnostics
                .iter()
                .all(|d| d.code != "anchor-duplicate"),
            "{:?}",
            distinct.diagnostics
        );
    }

    /// Without a search index the page's text is not collected, and nothing else changes.
    #[test]
    fn page_text_is_left_empty_when_not_asked_for() {
        let text = "# Titre\n\nUn **mot**, [un lien](other.md) et ![une image](i.png).\n\n\
                    # [Onglet](#tab/a)\n\nCorps.\n\n---\n\n## Voir aussi\n\n- [Autre](other.md)\n";
        let s = setup();
        let res = site();
        let with = render(text, &opts(&s, "docs/page.md", None), &res);
        let mut o = opts(&s, "docs/page.md", None);
        o.page_text = false;
        let without = render(text, &o, &res);
        assert!(with.text.body.contains("mot") && with.text.body.contains("une image"));
        assert!(with.text.headings.contains("Onglet"), "{:?}", with.text);
        assert_eq!(without.text, PageText::default());
        assert!(!with.see_also.is_empty() && !with.links.is_empty());
        // Everything but the text (HTML, headings, title, See also, links, includes, diagnostics).
        assert_eq!(
            serde_json::to_value(&without).unwrap(),
            serde_json::to_value(&with).unwrap()
        );
    }

    fn site() -> MapResolver {
        let mut res = MapResolver::default();
        res.pages.insert(
            "docs/other.md".into(),
            ("/fr-fr/docs/other/".into(), "Autre page".into(), false),
        );
        res.pages.insert(
            "docs/old.md".into(),
            ("/en-us/docs/old/".into(), "Old page".into(), true),
        );
        res.pages.insert(
            "top.md".into(),
            ("/fr-fr/top/".into(), "Haut".into(), false),
        );
        res.assets
            .insert("docs/media/a.png".into(), "/docs/media/a.png".into());
        res
    }

    #[test]
    fn slugify_folds_accents_and_collapses() {
        assert_eq!(
            slugify("Vérifier l’intégrité  du service!"),
            "verifier-l-integrite-du-service"
        );
        assert_eq!(slugify("`SELECT`"), "select");
        assert_eq!(slugify("Straße Œuvre"), "strasse-oeuvre");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn heading_attributes_and_rewritten_raw_links_keep_their_markup() {
        let out = r(
            "### Titre {#mon-id .a .b}\n\n<a href=\"other.md\" title='dit \"oui\"'>x</a>\n",
            &site(),
        );
        assert!(
            out.html.contains("<h3 id=\"mon-id\" class=\"a b\">Titre<a class=\"permalink\" href=\"#mon-id\" aria-label=\"Lien permanent\">#</a></h3>\n"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<a href=\"/fr-fr/docs/other/\" title=\"dit &quot;oui&quot;\">x</a>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn heading_gets_slug_id_and_permalink() {
        let out = r("## Étape un\n", &site());
        assert!(out.html.contains("<h2 id=\"etape-un\">Étape un<a class=\"permalink\" href=\"#etape-un\" aria-label=\"Lien permanent\">#</a></h2>"), "{}", out.html);
        assert_eq!(
            out.headings,
            vec![Heading {
                level: 2,
                id: "etape-un".into(),
                text: "Étape un".into()
            }]
        );
    }

    #[test]
    fn duplicate_heading_ids_get_suffixes() {
        let out = r("## A\n\n## A\n\n## A\n", &site());
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2"]);
    }

    #[test]
    fn explicit_anchor_gives_heading_id_and_is_removed() {
        let out = r(
            "# <a name=\"check\"></a>Vérifier\n\n## Titre {#custom}\n",
            &site(),
        );
        assert_eq!(out.headings[0].id, "check");
        assert_eq!(out.headings[0].text, "Vérifier");
        assert_eq!(out.title.as_deref(), Some("Vérifier"));
        assert!(!out.html.contains("name="), "{}", out.html);
        assert_eq!(out.headings[1].id, "custom");
    }

    #[test]
    fn anchors_are_kept_as_id() {
        let out = r(
            "<a name=\"x\"></a>\n\nText <a href=\"\" id=\"y\"></a> here\n",
            &site(),
        );
        assert!(out.html.contains("<a id=\"x\"></a>"), "{}", out.html);
        assert!(out.html.contains("<a id=\"y\"></a>"), "{}", out.html);
    }

    #[test]
    fn hashes_without_space_are_not_a_heading() {
        let out = r("####<a name=\"x\"></a>Texte\n", &site());
        assert!(out.headings.is_empty());
        assert!(out.html.starts_with("<p>"), "{}", out.html);
    }

    #[test]
    fn page_link_is_rewritten_with_fragment() {
        let out = r("See [other](other.md#part) and [top](~/top.md).\n", &site());
        assert!(
            out.html
                .contains("<a href=\"/fr-fr/docs/other/#part\">other</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a href=\"/fr-fr/top/\">top</a>"),
            "{}",
            out.html
        );
        assert_eq!(out.links[0].kind, "page");
        assert_eq!(out.links[0].target, "other.md#part");
    }

    #[test]
    fn backslash_path_resolves() {
        let out = r("[x](..\\top.md)\n", &site());
        assert!(out.html.contains("href=\"/fr-fr/top/\""), "{}", out.html);
    }

    #[test]
    fn fallback_link_is_marked() {
        let out = r("[old](old.md)\n", &site());
        assert!(out.html.contains("<a href=\"/en-us/docs/old/\" class=\"fallback\" hreflang=\"en-us\">old<span class=\"visually-hidden\"> (en-us)</span></a>"), "{}", out.html);
    }

    #[test]
    fn external_and_anchor_links_are_untouched() {
        let out = r(
            "[a](https://example.com/x#y) [b](#local) <https://x.org> [m](mailto:a@b.c)\n",
            &site(),
        );
        assert!(
            out.html.contains("href=\"https://example.com/x#y\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"#local\""), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org\""), "{}", out.html);
        assert!(out.html.contains("href=\"mailto:a@b.c\""), "{}", out.html);
        assert!(out.diagnostics.is_empty());
        let kinds: Vec<_> = out.links.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["external", "anchor", "external", "external"]);
    }

    #[test]
    fn broken_link_reports_line_and_col_after_front_matter() {
        let s = setup();
        let mut o = opts(&s, "docs/page.md", None);
        o.first_line = 9;
        let out = render("Intro\n\nsee é [x](missing.md#a)\n", &o, &site());
        let d = &out.diagnostics[0];
        assert_eq!((d.code, d.line, d.col), ("link-broken", 11, 7));
        assert!(d.message.contains("missing.md#a"));
        assert_eq!(d.help.as_deref(), Some("did you mean x.md?"));
        assert!(
            out.html
                .contains("<a href=\"missing.md#a\" class=\"broken\">x</a>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn images_resolve_to_assets() {
        let out = r("![Un **chat**](media/a.png \"t\")\n", &site());
        assert!(
            out.html
                .contains("<img src=\"/docs/media/a.png\" alt=\"Un chat\" title=\"t\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn raw_html_links_are_rewritten() {
        let out = r(
            "<p><a href=\"other.md\">o</a> <img src=\"media/a.png\" alt=\"x\"/></p>\n",
            &site(),
        );
        assert!(
            out.html.contains("<a href=\"/fr-fr/docs/other/\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<img src=\"/docs/media/a.png\" alt=\"x\" />"),
            "{}",
            out.html
        );
    }

    #[test]
    fn see_also_in_three_languages() {
        for h in ["## See also", "## Voir aussi :", "## Siehe auch"] {
            let text = format!(
                "Body\n\n{h}\n\n- [Other](other.md)\n- [Ext](https://x.org)\n- [Gone](gone.md)\n\nAfter.\n"
            );
            let out = r(&text, &site());
            assert_eq!(out.see_also.len(), 3, "{h}");
            assert_eq!(
                out.see_also[0],
                SeeAlsoLink {
                    text: "Other".into(),
                    url: "/fr-fr/docs/other/".into(),
                    title: "Autre page".into(),
                    fallback: false,
                    broken: false
                }
            );
            assert_eq!(out.see_also[1].title, "Ext");
            assert!(out.see_also[2].broken);
            assert!(!out.html.contains("<li>"), "{}", out.html);
            assert!(!out.html.contains("<h2"), "{}", out.html);
            assert!(out.html.contains("<p>After.</p>"), "{}", out.html);
            assert!(out.headings.is_empty());
        }
    }

    fn nested(marker: &str) -> Rendered {
        let text = format!("{} deep\n", marker.repeat(10_000));
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || r(&text, &MapResolver::default()))
            .expect("thread");
        handle.join().expect("no stack overflow")
    }

    #[test]
    fn ten_thousand_nested_blockquotes_do_not_overflow() {
        let out = nested(">");
        assert!(out.html.contains("deep"));
        assert_eq!(out.html.matches("<blockquote>").count(), 10_000);
    }

    #[test]
    fn ten_thousand_nested_list_items_do_not_overflow() {
        let out = nested("- ");
        assert!(out.html.contains("deep"));
    }

    #[test]
    fn data_source_comes_from_the_segment_of_each_wrapper_in_order() {
        let mut res = MapResolver::default();
        // `x` has no wrapper on the page (as when a wrapper is consumed elsewhere): the second `a`
        // must still get the second segment's source, not the first's.
        res.segments.insert(
            "docs/page.md".into(),
            vec![
                sxs::Segment::new("a", "Un", "One & <b>", 1),
                sxs::Segment::new("x", "X", "Ex", 2),
                sxs::Segment::new("a", "Trois", "Three", 3),
            ],
        );
        let html = r(
            "<span class=\"seg\" id=\"s-a\">Un</span> and <span class=\"seg\" id=\"s-a\">Trois</span>\n",
            &res,
        )
        .html;
        assert!(
            html.contains("<span class=\"seg\" id=\"s-a\" data-source=\"One &amp;\">Un</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"seg\" id=\"s-a\" data-source=\"Three\">Trois</span>"),
            "{html}"
        );
        // Without segments (a file that is not side by side), wrappers are left as they are.
        let plain = r(
            "<span class=\"seg\" id=\"s-a\">Un</span>\n",
            &MapResolver::default(),
        )
        .html;
        assert!(!plain.contains("data-source"), "{plain}");
    }
}
