//! Reading the content: discovery, front matter, the side-by-side split, pages and navigation.

pub mod discover;
pub mod docset;
pub mod front_matter;
pub mod nav;
pub mod page;
pub mod sxs;
pub mod toc;
