//! One function per page type: which keys of a Landing, Hub or FAQ page become which Markdown.

use serde_yaml::{Mapping, Value};

use super::writer::Writer;
use super::yaml::{get, items, seq, text_of};

pub(super) fn landing(w: &mut Writer, root: &Mapping) {
    let cards: Vec<&Mapping> = seq(root, "landingContent")
        .iter()
        .filter_map(Value::as_mapping)
        .collect();
    w.open_grid("landing-cards");
    for card in cards {
        w.open_card();
        if let Some(t) = text_of(card, "title") {
            w.heading(2, &t, "title");
        }
        for list in items(get(card, "linkLists").unwrap_or(&Value::Null)) {
            let ty = text_of(list, "linkListType");
            w.link_list(ty.as_deref(), seq(list, "links"), "text");
        }
        w.close_card();
    }
    w.close_grid();
}

pub(super) fn hub(w: &mut Writer, root: &Mapping) {
    if let Some(h) = get(root, "highlightedContent").and_then(Value::as_mapping) {
        w.link_list(None, seq(h, "items"), "title");
    }
    for block in ["conceptualContent", "tools", "productDirectory"] {
        let Some(b) = get(root, block).and_then(Value::as_mapping) else {
            continue;
        };
        if let Some(t) = text_of(b, "title") {
            w.heading(2, &t, "title");
        }
        if let Some(s) = text_of(b, "summary") {
            w.paragraph(&s, "summary");
        }
        w.open_grid("landing-cards");
        for item in items(get(b, "items").unwrap_or(&Value::Null)) {
            hub_card(w, item);
        }
        w.close_grid();
    }
    if let Some(b) = get(root, "additionalContent").and_then(Value::as_mapping) {
        for section in items(get(b, "sections").unwrap_or(&Value::Null)) {
            if let Some(t) = text_of(section, "title") {
                w.heading(2, &t, "title");
            }
            if let Some(s) = text_of(section, "summary") {
                w.paragraph(&s, "summary");
            }
            w.open_grid("landing-cards");
            for item in items(get(section, "items").unwrap_or(&Value::Null)) {
                hub_card(w, item);
            }
            w.close_grid();
        }
        w.link_list(None, seq(b, "footerLinks"), "text");
    }
}

/// One card of a hub section: a title (a link when the item has a `url`), a summary, its links.
fn hub_card(w: &mut Writer, item: &Mapping) {
    w.open_card();
    let title = text_of(item, "title");
    match (&title, text_of(item, "url")) {
        (Some(t), Some(u)) => w.heading_link(3, t, &u),
        (Some(t), None) => w.heading(3, t, "title"),
        _ => {}
    }
    if let Some(s) = text_of(item, "summary") {
        w.paragraph(&s, "summary");
    }
    w.link_list(None, seq(item, "links"), "text");
    if let Some(f) = get(item, "footerLink").and_then(Value::as_mapping) {
        w.link_list(
            None,
            std::slice::from_ref(&Value::Mapping(f.clone())),
            "text",
        );
    }
    w.close_card();
}

pub(super) fn faq(w: &mut Writer, root: &Mapping) {
    let sections = seq(root, "sections");
    if sections.is_empty() {
        // The older form: questions directly under the root.
        for q in items(get(root, "questions").unwrap_or(&Value::Null)) {
            w.question(2, q);
        }
    }
    for section in sections.iter().filter_map(Value::as_mapping) {
        if let Some(n) = text_of(section, "name") {
            w.heading(2, &n, "name");
        }
        for q in items(get(section, "questions").unwrap_or(&Value::Null)) {
            w.question(3, q);
        }
    }
    if let Some(more) = text_of(root, "additionalContent") {
        w.markdown(&more, "additionalContent");
    }
}
