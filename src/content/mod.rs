//! Reading the content: discovery, front matter, the side-by-side split, pages and navigation.

pub mod body;
pub mod discover;
pub mod docset;
pub mod front_matter;
mod group_names;
pub mod nav;
pub mod page;
pub mod structured;
pub mod sxs;
pub mod toc;
