//! `robots.txt`: everything may be crawled, and the sitemap is named when the site has a
//! `base_url` (the `Sitemap:` directive needs an absolute URL).

use crate::render::pages::Renderer;
use crate::site::Site;

/// `robots.txt`: everything may be crawled; the sitemap is named when the site has a `base_url`
/// (the directive needs an absolute URL).
pub fn robots(site: &Site, renderer: &Renderer) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if !site.config.base_url.is_empty() {
        let root = site.config.root_path();
        out.push_str(&format!(
            "\nSitemap: {}\n",
            renderer.permalink(&format!("{root}sitemap.xml"))
        ));
    }
    out
}
