//! The HTTP side of `serve`: request paths are decoded once and checked, then looked up in the
//! in-memory site. Nothing is ever read from disk here, so no spelling of a path can reach a file
//! outside the site, and symlinks pointing out of it cannot be followed.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::reload::{self, Hub};

/// Longest request target accepted (path and query), in bytes.
pub const MAX_PATH: usize = 2048;
/// Requests handled at once (SSE streams have their own threads on top).
pub const WORKERS: usize = 8;

/// One served file. Cheap to clone (a request clones it out of the map).
#[derive(Clone)]
pub struct Entry {
    /// Bytes as rendered (the live-reload script is spliced in while sending, not stored).
    pub body: Arc<Vec<u8>>,
    /// Where the live-reload script goes (HTML only).
    inject_at: Option<usize>,
    /// Strong validator, computed on the first request that needs it: a whole-site rebuild
    /// hashes nothing.
    etag: Arc<OnceLock<String>>,
}

impl Entry {
    /// Wraps output bytes; HTML gets the live-reload script when served. No copy, no hashing.
    pub fn new(path: &str, bytes: Vec<u8>) -> Entry {
        Entry {
            inject_at: path
                .ends_with(".html")
                .then(|| reload::inject_position(&bytes)),
            body: Arc::new(bytes),
            etag: Arc::default(),
        }
    }

    /// Length of the bytes sent.
    pub fn len(&self) -> usize {
        self.body.len() + self.inject_at.map_or(0, |_| reload::CLIENT_SCRIPT.len())
    }

    /// Whether nothing is sent.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ETag: a hash of the stored bytes and the length sent.
    pub fn etag(&self) -> &str {
        self.etag.get_or_init(|| {
            let mut h = DefaultHasher::new();
            self.body.hash(&mut h);
            self.inject_at.hash(&mut h);
            format!("\"{:016x}-{:x}\"", h.finish(), self.len())
        })
    }

    /// The bytes sent, with the live-reload script in place.
    pub fn reader(&self) -> EntryReader {
        EntryReader {
            entry: self.clone(),
            pos: 0,
        }
    }
}

/// Reads an [`Entry`] as sent: body up to the injection point, the script, the rest.
pub struct EntryReader {
    entry: Entry,
    pos: usize,
}

impl std::io::Read for EntryReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let body = &self.entry.body[..];
        let script = reload::CLIENT_SCRIPT.as_bytes();
        let (at, extra) = match self.entry.inject_at {
            Some(at) => (at, script.len()),
            None => (body.len(), 0),
        };
        let p = self.pos;
        let src: &[u8] = if p < at {
            &body[p..at]
        } else if p < at + extra {
            &script[p - at..]
        } else if p - extra < body.len() {
            &body[p - extra..]
        } else {
            &[]
        };
        let n = src.len().min(buf.len());
        buf[..n].copy_from_slice(&src[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// The files being served, by output-relative path (`fr-fr/a/index.html`).
pub type Files = RwLock<HashMap<String, Entry>>;

/// What the request workers share.
pub struct Shared {
    /// The last good build.
    pub files: Files,
    /// Live-reload fan-out.
    pub hub: Arc<Hub>,
    /// Site root path from the base URL (`/` or `/docs/`).
    pub root: String,
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Malformed or dangerous (400).
    Bad,
    /// Too long (414).
    TooLong,
}

/// Decodes a request target into a site key (`fr-fr/a/`, `` for the root), once, refusing every
/// spelling of traversal: `..`/`.` segments (also `%2e%2e`), encoded slashes or backslashes, raw
/// backslashes, NUL, empty segments (`//etc`), drive letters and invalid UTF-8.
pub fn decode_path(target: &str) -> Result<String, PathError> {
    if target.len() > MAX_PATH {
        return Err(PathError::TooLong);
    }
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') || raw.contains('\\') {
        return Err(PathError::Bad);
    }
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|p| lower.contains(p)) {
        return Err(PathError::Bad);
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| PathError::Bad)?;
    if decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return Err(PathError::Bad);
    }
    let rest = &decoded[1..];
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *s == "." || *s == ".." || (s.is_empty() && !last) || s.contains(':') {
            return Err(PathError::Bad);
        }
    }
    Ok(rest.to_string())
}

/// Content type of an output file; text types say `charset=utf-8`.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn plain(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = Response::from_data(text.as_bytes().to_vec()).with_status_code(StatusCode(status));
    if let Some(h) = header("Content-Type", "text/plain; charset=utf-8") {
        r.add_header(h);
    }
    r
}

enum Reply {
    File {
        key: String,
        entry: Entry,
        status: u16,
    },
    Redirect(String),
    NotModified(String),
    Status(u16, &'static str),
    Events,
}

fn lookup(shared: &Shared, req: &Request) -> Reply {
    if !matches!(req.method(), Method::Get | Method::Head) {
        return Reply::Status(405, "method not allowed\n");
    }
    let key = match decode_path(req.url()) {
        Ok(k) => k,
        Err(PathError::TooLong) => return Reply::Status(414, "request path too long\n"),
        Err(PathError::Bad) => return Reply::Status(400, "bad request path\n"),
    };
    if key == "__tandem/events" {
        return Reply::Events;
    }
    let root = shared.root.trim_start_matches('/');
    let Some(key) = key.strip_prefix(root) else {
        return not_found(shared, &key);
    };
    let Ok(files) = shared.files.read() else {
        return Reply::Status(500, "internal error\n");
    };
    let exact = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    };
    if let Some(e) = files.get(&exact) {
        let inm = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("If-None-Match"))
            .map(|h| h.value.as_str().to_string());
        if inm.is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == e.etag() || t.trim() == "*")
        }) {
            return Reply::NotModified(e.etag().to_string());
        }
        return Reply::File {
            key: exact,
            entry: e.clone(),
            status: 200,
        };
    }
    if !key.is_empty() && !key.ends_with('/') && files.contains_key(&format!("{key}/index.html")) {
        let query = req
            .url()
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        return Reply::Redirect(format!("{}{key}/{query}", shared.root));
    }
    drop(files);
    not_found(shared, key)
}

/// The theme's 404 page of the language the path starts with, else the root one.
fn not_found(shared: &Shared, key: &str) -> Reply {
    let Ok(files) = shared.files.read() else {
        return Reply::Status(500, "internal error\n");
    };
    let lang = key.split('/').next().unwrap_or_default();
    let candidates = [format!("{lang}/404.html"), "404.html".to_string()];
    for c in candidates.iter().filter(|c| !c.starts_with('/')) {
        if let Some(e) = files.get(c) {
            return Reply::File {
                key: c.clone(),
                entry: e.clone(),
                status: 404,
            };
        }
    }
    Reply::Status(404, "not found\n")
}

fn handle(shared: &Shared, req: Request) {
    let result = match lookup(shared, &req) {
        Reply::Events => {
            match shared.hub.subscribe() {
                Some(sub) => {
                    let w = req.into_writer();
                    // Each stream gets its own thread so the worker pool stays free for pages.
                    if std::thread::Builder::new()
                        .name("tandem-sse".into())
                        .spawn(move || sub.pump(w))
                        .is_err()
                    {
                        return;
                    }
                    Ok(())
                }
                None => req.respond(plain(503, "too many live-reload connections\n")),
            }
        }
        Reply::Status(code, text) => req.respond(plain(code, text)),
        Reply::Redirect(to) => {
            let mut r = plain(301, "moved\n");
            if let Some(h) = header("Location", &to) {
                r.add_header(h);
            }
            req.respond(r)
        }
        Reply::NotModified(etag) => {
            let mut r = Response::empty(304);
            if let Some(h) = header("ETag", &etag) {
                r.add_header(h);
            }
            req.respond(r)
        }
        Reply::File { key, entry, status } => {
            let len = entry.len();
            let mut r = Response::new(
                StatusCode(status),
                Vec::new(),
                entry.reader(),
                Some(len),
                None,
            );
            for (n, v) in [
                ("Content-Type", content_type(&key)),
                ("ETag", entry.etag()),
                ("Cache-Control", "no-cache"),
            ] {
                if let Some(h) = header(n, v) {
                    r.add_header(h);
                }
            }
            req.respond(r)
        }
    };
    // A client that went away mid-response is not an error worth reporting.
    let _ = result;
}

/// Starts [`WORKERS`] threads answering requests until `stop` is set; returns their handles.
pub fn spawn_workers(
    server: Arc<Server>,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..WORKERS)
        .filter_map(|i| {
            let server = server.clone();
            let shared = shared.clone();
            let stop = stop.clone();
            std::thread::Builder::new()
                .name(format!("tandem-http-{i}"))
                .spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        match server.recv_timeout(Duration::from_millis(250)) {
                            Ok(Some(req)) => handle(&shared, req),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(50)),
                        }
                    }
                })
                .ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_spellings_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/..%2fb",
            "/a%2fb",
            "/a%5cb",
            "/\\..\\x",
            "/a/./b",
            "//etc/passwd",
            "/c:/x",
            "/a%00b",
            "x",
            "/%ff",
        ] {
            assert_eq!(decode_path(bad), Err(PathError::Bad), "{bad}");
        }
        assert_eq!(
            decode_path(&format!("/{}", "a".repeat(MAX_PATH))),
            Err(PathError::TooLong)
        );
        assert_eq!(decode_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
        assert_eq!(decode_path("/fr-fr/a%20b/?q=1").unwrap(), "fr-fr/a b/");
        assert_eq!(decode_path("/").unwrap(), "");
    }

    #[test]
    fn text_types_say_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
    }
}
