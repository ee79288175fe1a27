//! TEMPORARY placeholder until the renderer lands.
use crate::diagnostics::Diagnostic;
pub enum LinkTarget { Page { url: String, title: String, fallback: bool, lang: String }, Asset { url: String }, External, Broken { help: Option<String> } }
pub trait Resolver: Sync {
    fn link(&self, from_file: &str, target: &str) -> LinkTarget;
    fn include(&self, from_file: &str, path: &str) -> Result<(String, String), String>;
}
pub struct RenderOptions<'a> {
    pub file: &'a str, pub first_line: u32, pub lang: &'a str,
    pub alert_titles: &'a std::collections::HashMap<String, String>,
    pub legacy_alert_words: &'a [(String, String)],
    pub see_also_headings: &'a [String], pub permalink_label: &'a str, pub zone_pivot: Option<&'a str>,
}
pub struct Heading { pub level: u8, pub id: String, pub text: String }
pub struct SeeAlsoLink { pub text: String, pub url: String, pub title: String, pub fallback: bool, pub broken: bool }
pub struct LinkRef { pub line: u32, pub col: u32, pub target: String, pub kind: &'static str }
pub struct Rendered { pub html: String, pub headings: Vec<Heading>, pub title: Option<String>, pub see_also: Vec<SeeAlsoLink>, pub links: Vec<LinkRef>, pub includes: Vec<String>, pub diagnostics: Vec<Diagnostic>, pub word_count: usize }
pub fn render(text: &str, _opts: &RenderOptions, _r: &dyn Resolver) -> Rendered {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    Rendered { html, headings: vec![], title: None, see_also: vec![], links: vec![], includes: vec![], diagnostics: vec![], word_count: 0 }
}
pub fn slugify(t: &str) -> String { t.to_lowercase() }
