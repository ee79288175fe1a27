//! Tests of the Docs directives, rendered through the Markdown renderer: the shared resolver
//! helpers are here, the tests by directive family in the modules below.

use super::super::markdown::tests::{MapResolver, opts, r, setup};
use super::super::markdown::{Rendered, render};
use super::tabs::without_seg_ids;
use crate::diagnostics::Severity;

mod alerts;
mod blocks;
mod code_and_comments;
mod corpus;
mod images;
mod includes;
mod tabs_and_zones;

fn with_files(files: &[(&str, &str)]) -> MapResolver {
    let mut res = MapResolver::default();
    for (p, t) in files {
        res.files.insert(p.to_string(), t.to_string());
    }
    res.pages.insert(
        "docs/other.md".into(),
        ("/fr-fr/docs/other/".into(), "Autre".into(), false),
    );
    res.pages.insert(
        "docs/inc/near.md".into(),
        ("/fr-fr/docs/inc/near/".into(), "Près".into(), false),
    );
    res.assets
        .insert("docs/media/a.png".into(), "/docs/media/a.png".into());
    res
}

fn codes(out: &Rendered) -> Vec<&str> {
    out.diagnostics.iter().map(|d| d.code).collect()
}
