//! Rendering: Docs-flavoured Markdown to HTML, the theme, and page contexts for templates.

pub mod directives;
pub mod html;
pub mod markdown;
pub mod pages;
pub mod theme;
