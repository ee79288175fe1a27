//! Link checks over the rendered pages: what the renderer reported, refined into stable codes, plus
//! anchors, orphans, TOC entries and URL collisions, which need the whole site.

use std::collections::{BTreeMap, HashMap, HashSet};

use percent_encoding::percent_decode_str;

use crate::check::known::KnownUrls;
use crate::diagnostics::Diagnostic;
use crate::links::PageResolver;
use crate::render::markdown::{LinkTarget, Rendered, Resolver};
use crate::site::Site;

const IMAGE_EXTS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico"];

/// The renderer reports every unresolved link as `link-broken`; the checker names the cause: a link
/// that only differs in letter case (works on Windows, breaks on Linux), one that leaves the content
/// root, or a missing image. (Includes that leave the root get their own code from the renderer.)
pub fn classify(mut d: Diagnostic) -> Diagnostic {
    let help = d.help.as_deref().unwrap_or_default();
    if d.code == "link-broken" {
        let dest = d.message.split('`').nth(1).unwrap_or_default();
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if help.contains("letter case") {
            d.code = "link-case";
        } else if help.contains("leaves the content root") {
            d.code = "link-outside-root";
        } else if ext.is_some_and(|e| IMAGE_EXTS.contains(&e.as_str())) {
            d.code = "image-missing";
            d.message = format!("missing image `{dest}`");
            d.help =
                Some("add the image at that path (relative to this file), or fix the path".into());
        }
    }
    d
}

/// Every `id` written in a page's HTML: heading ids (the build's slugs, with `-1` suffixes and
/// explicit `<a name>` anchors) and any other element id.
pub fn ids_of(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(crate::content::sxs::plain_text(&rest[..end]));
            rest = &rest[end..];
        }
    }
    ids
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Page index of every root-relative page URL.
fn pages_by_url(site: &Site) -> HashMap<&str, usize> {
    site.pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect()
}

/// Site-root links to other docsets that `[links] external_base` sends to the docs host
/// (`link-external-docset`, info): listed so a writer sees where they lead, never a failure.
pub fn external_docsets(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let page = &site.pages[i];
        for l in r.links.iter().filter(|l| l.kind == "external-docset") {
            let url = site
                .external_docset(&l.target, &page.lang)
                .unwrap_or_default();
            out.push(Diagnostic::info(
                "link-external-docset",
                &page.file,
                l.line,
                l.col,
                format!("`{}` is another docset's page: linked to {url}", l.target),
            ));
        }
    }
    out
}

/// Links into another docset that its published URLs (`--known-urls`) do not list
/// (`link-external-missing`): site-root links that `[links] external_base` sends there, and
/// absolute links to a host and docset the known URLs speak for.
pub fn known_targets(site: &Site, rendered: &[Rendered], known: &KnownUrls) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let page = &site.pages[i];
        for l in &r.links {
            let url = match l.kind {
                "external-docset" => match site.external_docset(&l.target, &page.lang) {
                    Some(u) => u,
                    None => continue,
                },
                "external" => l.target.clone(),
                _ => continue,
            };
            if !known.covers(&url) || known.contains(&url) {
                continue;
            }
            let shown = if url == l.target {
                format!("`{url}`")
            } else {
                format!("`{}` (linked to {url})", l.target)
            };
            out.push(
                Diagnostic::error(
                    "link-external-missing",
                    &page.file,
                    l.line,
                    l.col,
                    format!("{shown} is no page the other docset published"),
                )
                .with_help(format!(
                    "the known URLs ({} read with --known-urls) do not list it: fix the link, or \
                     refresh them from that docset's sitemap.xml",
                    known.count
                )),
            );
        }
    }
    out
}

/// A "broken" site-root link whose path another docset published (`--known-urls`, without
/// `[links] external_base`): Docs serves every docset from one host, so the link works where the
/// site is published. It becomes what `external_base` would make it, `link-external-docset`
/// (info), with a help naming the setting that makes the build link it there too.
pub fn site_root_links_published(diags: &mut [Diagnostic], known: &KnownUrls) {
    for d in diags.iter_mut().filter(|d| d.code == "link-broken") {
        let dest = d.message.split('`').nth(1).unwrap_or_default().to_string();
        if !dest.starts_with('/') || dest.starts_with("//") {
            continue;
        }
        if let Some(host) = known.host_of_path(&dest) {
            d.code = "link-external-docset";
            d.severity = crate::diagnostics::Severity::Info;
            d.message = format!("`{dest}` is another docset's page: {host} published it");
            d.help = Some(format!(
                "the build links it as written; `[links] external_base = \"https://{host}\"` in \
                 tandem.toml makes it an absolute link there"
            ));
        }
    }
}

/// `#frag` and `page.md#frag` links whose fragment is no id of the target page (`anchor-broken`).
pub fn anchors(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let ids: Vec<HashSet<String>> = rendered.iter().map(|r| ids_of(&r.html)).collect();
    let by_url = pages_by_url(site);
    let mut out = Vec::new();
    for (i, r) in rendered.iter().enumerate() {
        let page = &site.pages[i];
        let resolver = PageResolver {
            site,
            lang: &page.lang,
            half: page.half,
            deps: None,
        };
        for l in &r.links {
            let Some((path, frag)) = l.target.split_once('#') else {
                continue;
            };
            let frag = decode(frag);
            if frag.is_empty() || (l.kind != "anchor" && l.kind != "page") {
                continue;
            }
            let target = if path.is_empty() {
                Some(i)
            } else {
                match resolver.link(&page.file, path) {
                    LinkTarget::Page { url, .. } | LinkTarget::PageCase { url, .. } => {
                        by_url.get(url.as_str()).copied()
                    }
                    _ => None,
                }
            };
            let Some(t) = target else { continue };
            if ids[t].contains(&frag) {
                continue;
            }
            let mut known: Vec<&String> =
                ids[t].iter().filter(|id| !id.starts_with("s-")).collect();
            known.sort();
            let help = match known.iter().find(|id| id.eq_ignore_ascii_case(&frag)) {
                Some(id) => format!("the target has `#{id}`: anchors are case-sensitive"),
                None => format!(
                    "the anchor must be a heading id or an `<a name>` of {}; it has: {}",
                    site.pages[t].file,
                    known
                        .iter()
                        .take(8)
                        .map(|s| format!("#{s}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(
                Diagnostic::error(
                    "anchor-broken",
                    &page.file,
                    l.line,
                    l.col,
                    format!(
                        "broken anchor `{}`: no element with id `{frag}` on {}",
                        l.target, site.pages[t].url
                    ),
                )
                .with_help(help),
            );
        }
    }
    out
}

/// Pages that are in no TOC and that no other page links to: readers cannot reach them.
pub fn orphans(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let by_url = pages_by_url(site);
    let mut linked: HashSet<&str> = HashSet::new();
    for (i, r) in rendered.iter().enumerate() {
        let page = &site.pages[i];
        let resolver = PageResolver {
            site,
            lang: &page.lang,
            half: page.half,
            deps: None,
        };
        for l in r.links.iter().filter(|l| l.kind == "page") {
            let path = l.target.split(['#', '?']).next().unwrap_or_default();
            if let LinkTarget::Page { url, .. } | LinkTarget::PageCase { url, .. } =
                resolver.link(&page.file, path)
                && let Some(&t) = by_url.get(url.as_str())
                && site.pages[t].key != page.key
            {
                linked.insert(site.pages[t].key.as_str());
            }
        }
    }
    // One diagnostic per source file, whatever the number of languages it yields.
    let mut files: BTreeMap<&str, &str> = BTreeMap::new();
    for p in &site.pages {
        let home = p.key == "index" || p.key.ends_with("/index");
        if home || linked.contains(p.key.as_str()) || site.nav.by_key.contains_key(&p.key) {
            continue;
        }
        // Name the page in the file's own language rather than the rebuilt source page.
        let e = files.entry(p.file.as_str()).or_insert(p.url.as_str());
        if p.half != crate::content::page::Half::Source {
            *e = p.url.as_str();
        }
    }
    files
        .into_iter()
        .map(|(file, url)| {
            Diagnostic::warning(
                "page-orphan",
                file,
                0,
                0,
                format!("{url} is in no TOC and no page links to it"),
            )
            .with_help("add it to a TOC.yml, link to it from a related page, or remove it")
        })
        .collect()
}

/// TOC entries whose target is no page (`toc-broken`), with a hint when only the letter case differs.
pub fn toc_entries(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for n in &site.nav.nodes {
        let Some(key) = &n.key else { continue };
        if site.by_key.contains_key(key) || site.by_key.contains_key(&format!("{key}/index")) {
            continue;
        }
        let help = match site.lower_index.get(&key.to_lowercase()) {
            Some(k) => format!(
                "`{k}` exists with different letter case; TOC links are case-sensitive on Linux servers"
            ),
            None => {
                "point the entry at an existing Markdown file (relative to the TOC), or remove it"
                    .into()
            }
        };
        let (file, line) = &n.origin;
        let col = if *line > 0 { 1 } else { 0 };
        out.push(
            Diagnostic::error(
                if help.contains("letter case") {
                    "toc-case"
                } else {
                    "toc-broken"
                },
                file,
                *line,
                col,
                format!("TOC entry `{}` points to `{key}`, which is no page", n.name),
            )
            .with_help(help),
        );
    }
    out
}

/// Two sources that publish the same URL (`a.md` and `a/index.md` both make `/fr-fr/a/`). Files with
/// the same key are already reported by the loader (`url-collision`).
pub fn url_duplicates(site: &Site) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::new();
    for p in &site.pages {
        match seen.get(p.url.as_str()) {
            Some(first) if *first != p.file => out.push(
                Diagnostic::error(
                    "url-collision",
                    &p.file,
                    0,
                    0,
                    format!("`{first}` and `{}` both make the page {}", p.file, p.url),
                )
                .with_help("rename or remove one of the two files"),
            ),
            Some(_) => {}
            None => {
                seen.insert(p.url.as_str(), p.file.as_str());
            }
        }
    }
    out
}
