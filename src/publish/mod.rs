//! Publishing files for search engines and moved pages, one module each: `sitemap.rs`
//! (`sitemap.xml` with hreflang alternates, split with an index beyond the protocol's limits),
//! `robots.rs` (`robots.txt` pointing at it), `redirects.rs` (static pages for
//! `.openpublishing.redirection.json`, and `check`'s report on that file) and `lenient_json.rs`
//! (the JSON dialect Docs redirection files are written in). Canonical URLs, Open Graph and
//! description meta are written by the theme's `base.html` from the page context
//! (`Renderer::permalink`).

mod lenient_json;
mod redirects;
mod robots;
mod sitemap;

pub use redirects::{REDIRECTS_FILE, check_redirects, redirects};
pub use robots::robots;
pub use sitemap::sitemaps;

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::pages::Renderer;
use crate::render::theme::Theme;
use crate::site::Site;

/// Writes `sitemap.xml`, `robots.txt` and the redirect pages. Returns files written and problems.
pub fn write(
    site: &Site,
    renderer: &Renderer,
    theme: &Theme,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let (pages, mut diags) = redirects(site, renderer, theme);
    let mut files = 0;
    let mut put =
        |path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>| match sink.put(path, bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(Diagnostic::error(
                "write",
                path,
                0,
                0,
                format!("cannot write output: {e}"),
            )),
        };
    sitemaps(
        site,
        renderer,
        sitemap::SITEMAP_MAX_URLS,
        &mut |path, xml| put(path, xml.as_bytes(), &mut diags),
    );
    put("robots.txt", robots(site, renderer).as_bytes(), &mut diags);
    for (path, html) in &pages {
        put(path, html.as_bytes(), &mut diags);
    }
    (files, diags)
}

#[cfg(test)]
pub(crate) mod test_site {
    use crate::render::pages::Renderer;
    use crate::render::theme::Theme;
    use crate::site::Site;

    pub(crate) fn with_site(files: &[(&str, &str)], f: impl FnOnce(&Site, &Renderer)) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = crate::config::Config::load(&dir.path().join("none.toml"), false).unwrap();
        let theme = Theme::load(&config).unwrap();
        let tera = theme.tera().unwrap();
        let site = Site::load(config, dir.path());
        let (renderer, _) = Renderer::new(&site, &theme, &tera, false);
        f(&site, &renderer);
    }
}
