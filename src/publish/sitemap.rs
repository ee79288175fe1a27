//! `sitemap.xml`: every indexable page with its language alternates and `x-default`, in one
//! linear pass over `Site::by_key`. Beyond the protocol's 50,000 URLs (or 50 MB) per file it is
//! split into `sitemap-N.xml` files and `sitemap.xml` becomes their index; each file is handed on
//! as soon as it is complete, so a large site's sitemap is never held whole.

use crate::render::html::escape;
use crate::render::pages::Renderer;
use crate::site::Site;

pub(super) fn noindex(robots: Option<&str>) -> bool {
    robots.is_some_and(|r| r.to_ascii_lowercase().contains("noindex"))
}

/// The sitemaps protocol's limits for one file: 50,000 URLs and 50 MB uncompressed (a margin is kept
/// under the byte limit, checked before each entry is added).
pub(super) const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 49_000_000;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// Collects `<url>` entries into files of at most `max_urls` URLs (and the byte limit), handing
/// each full file to `emit` at once, so a large site's sitemap is never held whole.
struct Chunker<'a> {
    max_urls: usize,
    out: String,
    urls: usize,
    emitted: usize,
    emit: &'a mut dyn FnMut(String),
}

impl Chunker<'_> {
    fn add(&mut self, entry: &str) {
        if self.urls > 0
            && (self.urls >= self.max_urls || self.out.len() + entry.len() > SITEMAP_MAX_BYTES)
        {
            self.flush();
        }
        if self.urls == 0 {
            self.out.push_str(URLSET_OPEN);
        }
        self.out.push_str(entry);
        self.urls += 1;
    }

    fn flush(&mut self) {
        if self.urls == 0 && self.emitted > 0 {
            return;
        }
        if self.urls == 0 {
            self.out.push_str(URLSET_OPEN);
        }
        self.out.push_str("</urlset>\n");
        (self.emit)(std::mem::take(&mut self.out));
        self.urls = 0;
        self.emitted += 1;
    }
}

/// The sitemap: every indexable page with its language alternates and `x-default`. One
/// `sitemap.xml` while the site fits the protocol's limits; beyond them `sitemap-1.xml`,
/// `sitemap-2.xml`, … of at most `max_urls` URLs each, and `sitemap.xml` becomes their index.
/// Each file is handed to `put(path, xml)` as soon as it is complete.
pub fn sitemaps(
    site: &Site,
    renderer: &Renderer,
    max_urls: usize,
    put: &mut dyn FnMut(&str, &str),
) {
    let root = site.config.root_path();
    // Files are held back by one: only when a second one comes is the first known to be part 1.
    let mut pending: Option<String> = None;
    let mut parts = 0usize;
    let mut emit = |xml: String| {
        if let Some(prev) = pending.replace(xml) {
            parts += 1;
            put(&format!("sitemap-{parts}.xml"), &prev);
        }
    };
    let mut chunker = Chunker {
        max_urls: max_urls.max(1),
        out: String::new(),
        urls: 0,
        emitted: 0,
        emit: &mut emit,
    };
    let url_entry =
        |out: &mut String, loc: &str, lastmod: Option<String>, alts: &[(String, String)]| {
            // Appended piece by piece: this runs once per page, in a serial step.
            out.clear();
            out.push_str("<url><loc>");
            out.push_str(&escape(loc));
            out.push_str("</loc>");
            if let Some(d) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(&d);
                out.push_str("</lastmod>");
            }
            for (hreflang, href) in alts {
                out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
                out.push_str(&escape(hreflang));
                out.push_str("\" href=\"");
                out.push_str(&escape(href));
                out.push_str("\"/>");
            }
            out.push_str("</url>\n");
        };
    let mut entry = String::new();
    let mut keys: Vec<&String> = site.by_key.keys().collect();
    keys.sort();
    for key in keys {
        let pages: Vec<usize> = site.by_key[key]
            .iter()
            .copied()
            // A stand-in shows another language's text under its URL: not for search engines.
            .filter(|&i| {
                !noindex(site.pages[i].front.robots.as_deref()) && site.pages[i].text_lang.is_none()
            })
            .collect();
        let mut alts: Vec<(String, String)> = pages
            .iter()
            .map(|&i| {
                (
                    site.pages[i].lang.to_string(),
                    renderer.permalink(&site.pages[i].url),
                )
            })
            .collect();
        let default = site
            .page(&site.config.source_lang, key)
            .filter(|p| p.text_lang.is_none())
            .map(|p| renderer.permalink(&p.url))
            .or_else(|| alts.first().map(|a| a.1.clone()));
        if let Some(d) = default {
            alts.push(("x-default".into(), d));
        }
        for &i in &pages {
            let p = &site.pages[i];
            url_entry(
                &mut entry,
                &renderer.permalink(&p.url),
                p.front.date.map(|d| d.iso()),
                &alts,
            );
            chunker.add(&entry);
        }
    }
    // Generated language homes (no index.md) are pages too.
    let homes: Vec<(String, String)> = site
        .languages
        .iter()
        .map(|l| (l.to_string(), renderer.permalink(&format!("{root}{l}/"))))
        .collect();
    for l in site
        .languages
        .iter()
        .filter(|l| site.page(l, "index").is_none())
    {
        let mut alts = homes.clone();
        alts.push((
            "x-default".into(),
            renderer.permalink(&format!("{root}{}/", site.config.source_lang)),
        ));
        url_entry(
            &mut entry,
            &renderer.permalink(&format!("{root}{l}/")),
            None,
            &alts,
        );
        chunker.add(&entry);
    }
    chunker.flush();
    drop(chunker);
    let last = pending.take().unwrap_or_default();
    if parts == 0 {
        put("sitemap.xml", &last);
        return;
    }
    parts += 1;
    put(&format!("sitemap-{parts}.xml"), &last);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&renderer.permalink(&format!("{root}sitemap-{n}.xml")))
        ));
    }
    index.push_str("</sitemapindex>\n");
    put("sitemap.xml", &index);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::test_site::with_site;

    fn sitemap_files(site: &Site, r: &Renderer, max: usize) -> Vec<(String, String)> {
        let mut files = Vec::new();
        sitemaps(site, r, max, &mut |p, x| {
            files.push((p.to_string(), x.to_string()))
        });
        files
    }

    #[test]
    fn large_sitemaps_are_split_with_an_index() {
        let files = [
            ("fr-fr/a.md", "# A\n"),
            ("fr-fr/b.md", "# B\n"),
            ("fr-fr/c.md", "# C\n"),
            ("en-us/a.md", "# A\n"),
        ];
        with_site(&files, |site, r| {
            // Within the limit: one sitemap.xml with every URL (4 pages and 2 generated homes).
            let one = sitemap_files(site, r, 100);
            assert_eq!(one.len(), 1);
            assert_eq!(one[0].0, "sitemap.xml");
            assert_eq!(one[0].1.matches("<url>").count(), 6);
            // Over it: parts of at most 4 URLs each, and sitemap.xml indexes them.
            let split = sitemap_files(site, r, 4);
            let names: Vec<&str> = split.iter().map(|f| f.0.as_str()).collect();
            assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
            assert_eq!(split[0].1.matches("<url>").count(), 4);
            assert_eq!(split[1].1.matches("<url>").count(), 2);
            for part in &split[..2] {
                assert!(part.1.starts_with("<?xml") && part.1.ends_with("</urlset>\n"));
            }
            let index = &split[2].1;
            assert!(index.contains("<sitemapindex"), "{index}");
            assert!(
                index.contains("<loc>/sitemap-1.xml</loc>")
                    && index.contains("<loc>/sitemap-2.xml</loc>")
            );
            // Exactly at the limit: still one file.
            assert_eq!(sitemap_files(site, r, 6).len(), 1);
        });
    }
}
