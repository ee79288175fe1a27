//! A bounded front for tiny_http. tiny_http 0.12 reads request lines and headers without any limit,
//! so a client sending an endless header would make it buffer without end. Connections are
//! therefore accepted here: each request head is read into a buffer of at most [`MAX_HEAD`] bytes
//! (a request head bigger than that gets `431` and the connection is closed), within
//! [`HEAD_TIMEOUT`] once it has started, and only complete, bounded heads (and bodies of at most
//! [`MAX_BODY`] bytes) are passed on to tiny_http over a Unix socket in a private (0700) folder.
//! Responses stream back unchanged (Server-Sent Events included); keep-alive and pipelining keep
//! working. At most [`MAX_CONNECTIONS`] connections are open at once (two threads each); more get
//! `503`.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Largest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// Largest request body passed on (the server answers GET and HEAD; others get 405).
pub const MAX_BODY: u64 = 64 * 1024;
/// Time allowed for a request head once its first byte arrived.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// After a refusal, the rest of what the client sends is read and dropped (so it sees the answer
/// rather than a reset), up to this many bytes or [`DRAIN_TIME`].
const DRAIN_BYTES: usize = 8 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(2);
/// How often a blocked read wakes up to check the head deadline.
const TICK: Duration = Duration::from_millis(500);

/// The private folder of the inner socket; removed when dropped.
pub struct Front {
    dir: PathBuf,
}

impl Drop for Front {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts accepting on `public`; returns the guard and the listener tiny_http must serve.
pub fn start(public: TcpListener) -> io::Result<(Front, UnixListener)> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("tandem-serve-{}-{nanos}", std::process::id()));
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    let front = Front { dir };
    let path = front.dir.join("http.sock");
    let inner = UnixListener::bind(&path)?;
    let active = Arc::new(AtomicUsize::new(0));
    std::thread::Builder::new()
        .name("tandem-front".into())
        .spawn(move || accept_loop(public, path, active))?;
    Ok((front, inner))
}

fn accept_loop(public: TcpListener, path: PathBuf, active: Arc<AtomicUsize>) {
    for conn in public.incoming() {
        let Ok(client) = conn else {
            // Out of file descriptors and the like: don't spin.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = client.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_status(&client, 503, "too many connections\n");
            continue;
        }
        let path = path.clone();
        let active2 = active.clone();
        let spawned = std::thread::Builder::new()
            .name("tandem-conn".into())
            .spawn(move || {
                connection(client, &path);
                active2.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn write_status(mut client: &TcpStream, code: u16, text: &str) -> io::Result<()> {
    let msg = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        reason(code),
        text.len()
    );
    client.write_all(msg.as_bytes())?;
    client.flush()
}

/// Answers `code`, then reads and drops what the client still sends (bounded), so it gets the
/// answer instead of a connection reset.
fn refuse(client: &TcpStream, code: u16, text: &str) {
    let _ = client.set_write_timeout(Some(Duration::from_secs(2)));
    if write_status(client, code, text).is_err() {
        return;
    }
    let _ = client.shutdown(Shutdown::Write);
    let _ = client.set_read_timeout(Some(Duration::from_millis(200)));
    let start = Instant::now();
    let mut sink = [0u8; 16 * 1024];
    let mut total = 0;
    let mut reader = client;
    while total < DRAIN_BYTES && start.elapsed() < DRAIN_TIME {
        match reader.read(&mut sink) {
            Ok(0) => break,
            Ok(n) => total += n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
}

/// What reading one request head gave.
enum Head {
    /// A complete head of this many bytes is at the start of the buffer.
    Complete(usize),
    /// The client closed the connection (or it failed) between requests.
    Closed,
    /// Refuse with this status and text.
    Refuse(u16, &'static str),
}

fn find_end(buf: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    buf[start..]
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| start + p + 4)
}

/// Reads until `buf` holds a whole request head, never more than [`MAX_HEAD`] (plus one read).
fn read_head(mut client: &TcpStream, buf: &mut Vec<u8>) -> Head {
    let mut started = (!buf.is_empty()).then(Instant::now);
    let mut scanned = 0;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find_end(buf, scanned) {
            return Head::Complete(end);
        }
        scanned = buf.len();
        if buf.len() > MAX_HEAD {
            return Head::Refuse(431, "request headers too large\n");
        }
        match client.read(&mut chunk) {
            Ok(0) => return Head::Closed,
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                // Idle keep-alive connections (and open event streams) may wait; a head that has
                // started must arrive in time.
                if started.is_some_and(|s| s.elapsed() > HEAD_TIMEOUT) {
                    return Head::Refuse(408, "request head not received in time\n");
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Head::Closed,
        }
    }
}

/// The body length a head announces; chunked bodies are not accepted.
fn body_length(head: &[u8]) -> Result<u64, (u16, &'static str)> {
    let text = String::from_utf8_lossy(head);
    let mut len = 0;
    for line in text.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err((400, "request bodies must have a Content-Length\n"));
        }
        if name.eq_ignore_ascii_case("content-length") {
            len = value
                .trim()
                .parse::<u64>()
                .map_err(|_| (400, "bad Content-Length\n"))?;
        }
    }
    if len > MAX_BODY {
        return Err((413, "request body too large\n"));
    }
    Ok(len)
}

/// Copies tiny_http's responses to the client until either side closes.
fn pump_back(mut inner: UnixStream, mut client: TcpStream) {
    let _ = io::copy(&mut inner, &mut client);
    let _ = client.flush();
    // Nothing more can be answered on this connection: wake the request side, which closes it.
    let _ = client.shutdown(Shutdown::Read);
    let _ = inner.shutdown(Shutdown::Both);
}

fn connection(client: TcpStream, path: &Path) {
    let _ = client.set_nodelay(true);
    let _ = client.set_read_timeout(Some(TICK));
    let mut inner: Option<(UnixStream, std::thread::JoinHandle<()>)> = None;
    let mut buf = Vec::with_capacity(4096);
    let refusal = loop {
        let end = match read_head(&client, &mut buf) {
            Head::Complete(end) => end,
            Head::Closed => break None,
            Head::Refuse(code, text) => break Some((code, text)),
        };
        let body = match body_length(&buf[..end]) {
            Ok(n) => n,
            Err(r) => break Some(r),
        };
        if inner.is_none() {
            let Ok(stream) = UnixStream::connect(path) else {
                break Some((503, "server unavailable\n"));
            };
            let (Ok(back), Ok(to_client)) = (stream.try_clone(), client.try_clone()) else {
                break Some((503, "server unavailable\n"));
            };
            let Ok(handle) = std::thread::Builder::new()
                .name("tandem-conn-out".into())
                .spawn(move || pump_back(back, to_client))
            else {
                break Some((503, "server unavailable\n"));
            };
            inner = Some((stream, handle));
        }
        let Some((stream, _)) = inner.as_mut() else {
            break None;
        };
        // The head, the part of the body already read, then the rest of the body.
        let in_buf = (buf.len() - end).min(body as usize);
        if stream.write_all(&buf[..end + in_buf]).is_err() {
            break None;
        }
        buf.drain(..end + in_buf);
        let rest = body - in_buf as u64;
        if rest > 0 {
            let _ = client.set_read_timeout(Some(HEAD_TIMEOUT));
            let copied = io::copy(&mut (&client).take(rest), stream).unwrap_or(0);
            let _ = client.set_read_timeout(Some(TICK));
            if copied < rest {
                break None;
            }
        }
    };
    // Let tiny_http finish what it was given (its answers go out first), then close.
    if let Some((stream, handle)) = inner {
        let _ = stream.shutdown(Shutdown::Write);
        if refusal.is_some() {
            let _ = handle.join();
        } else {
            drop(handle);
        }
    }
    if let Some((code, text)) = refusal {
        refuse(&client, code, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_bodies_are_measured() {
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n\r\nrest", 0), Some(18));
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n\r", 0), None);
        assert_eq!(
            body_length(b"POST / HTTP/1.1\r\ncontent-length: 12\r\n\r\n"),
            Ok(12)
        );
        assert_eq!(body_length(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Ok(0));
        assert!(body_length(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").is_err());
        assert_eq!(
            body_length(b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n").map_err(|e| e.0),
            Err(413)
        );
    }
}
