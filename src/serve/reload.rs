//! The live-reload channel: Server-Sent Events on `/__tandem/events`, one thread and one bounded
//! queue per browser tab, so a slow or stuck tab never delays the others or the rebuild loop.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Severity};

/// Most SSE connections served at once; each holds a thread.
pub const MAX_CLIENTS: usize = 64;
/// Events queued for one tab before it is dropped as too slow (it reconnects by itself).
const QUEUE: usize = 16;
/// A comment line is sent this often so proxies and browsers keep the stream open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Fans events out to every connected tab and remembers the current errors for new tabs.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<SyncSender<Arc<str>>>>,
    active: AtomicUsize,
    errors: Mutex<Option<Arc<str>>>,
}

/// One SSE frame: `event: NAME` and one `data:` line of JSON.
fn frame(name: &str, json: &serde_json::Value) -> Arc<str> {
    Arc::from(format!("event: {name}\ndata: {json}\n\n"))
}

/// The JSON payload of an `error` event: the diagnostics a page overlay lists.
pub fn errors_json(diags: &[Diagnostic]) -> serde_json::Value {
    serde_json::Value::Array(
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                serde_json::json!({
                    "file": d.file.to_string_lossy(),
                    "line": d.line,
                    "col": d.col,
                    "code": d.code,
                    "message": d.message,
                })
            })
            .collect(),
    )
}

impl Hub {
    /// Sends `reload` (the page reloads, keeping its scroll position) and clears the error state.
    pub fn reload(&self, changed: &[String], pages: usize, ms: u128) {
        if let Ok(mut e) = self.errors.lock() {
            *e = None;
        }
        self.broadcast(frame(
            "reload",
            &serde_json::json!({ "changed": changed, "pages": pages, "ms": ms }),
        ));
    }

    /// Sends `css` (stylesheets are swapped without a reload).
    pub fn css(&self, files: &[String]) {
        if let Ok(mut e) = self.errors.lock() {
            *e = None;
        }
        self.broadcast(frame("css", &serde_json::json!({ "files": files })));
    }

    /// Sends `error` (an overlay over the last good page); tabs that connect later get it too.
    pub fn error(&self, diags: &[Diagnostic]) {
        let f = frame("error", &errors_json(diags));
        if let Ok(mut e) = self.errors.lock() {
            *e = Some(f.clone());
        }
        self.broadcast(f);
    }

    fn broadcast(&self, msg: Arc<str>) {
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        // A full queue means the tab stopped reading: drop it rather than wait for it.
        clients.retain(|tx| match tx.try_send(msg.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }

    /// Number of open event streams.
    pub fn active(&self) -> usize {
        self.active.load(Ordering::SeqCst)
    }

    /// Registers a tab; `None` when [`MAX_CLIENTS`] streams are already open.
    pub fn subscribe(self: &Arc<Self>) -> Option<Subscription> {
        if self.active.fetch_add(1, Ordering::SeqCst) >= MAX_CLIENTS {
            self.active.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (tx, rx) = sync_channel(QUEUE);
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        let initial = self.errors.lock().ok().and_then(|e| e.clone());
        Some(Subscription {
            rx,
            initial,
            hub: self.clone(),
        })
    }
}

/// One tab's stream; decrements the count when dropped.
pub struct Subscription {
    rx: Receiver<Arc<str>>,
    initial: Option<Arc<str>>,
    hub: Arc<Hub>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.active.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Subscription {
    /// Writes the response head and then events until the tab goes away. Runs on its own thread.
    pub fn pump(self, mut w: Box<dyn Write + Send>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\nretry: 1000\n: connected\n\n";
        if w.write_all(head.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
        if let Some(first) = &self.initial
            && w.write_all(first.as_bytes())
                .and_then(|()| w.flush())
                .is_err()
        {
            return;
        }
        loop {
            let msg: Arc<str> = match self.rx.recv_timeout(KEEP_ALIVE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Arc::from(": keep-alive\n\n"),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if w.write_all(msg.as_bytes())
                .and_then(|()| w.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// The script injected before `</body>` of every served HTML page.
pub const CLIENT_SCRIPT: &str = r#"<script id="tandem-live-reload">
(function () {
  var KEY = "tandem-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var y = parseInt(saved, 10) || 0;
    window.addEventListener("load", function () { window.scrollTo(0, y); });
    window.scrollTo(0, y);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function removeOverlay() {
    var o = document.getElementById("tandem-error-overlay");
    if (o) o.remove();
  }
  var es = new EventSource("/__tandem/events");
  window.__tandemEvents = es;
  es.addEventListener("reload", function () {
    removeOverlay();
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  });
  es.addEventListener("css", function () {
    removeOverlay();
    var stamp = Date.now();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var href = l.getAttribute("href").replace(/[?&]tandem-reload=\d+/, "");
      l.setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "tandem-reload=" + stamp);
    });
  });
  es.addEventListener("error", function (ev) {
    if (!ev.data) return;
    var list;
    try { list = JSON.parse(ev.data); } catch (e) { return; }
    removeOverlay();
    var o = document.createElement("div");
    o.id = "tandem-error-overlay";
    o.setAttribute("role", "alert");
    o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em;";
    var html = "<h2 style=\"color:#ff8080;margin-top:0\">Build failed &mdash; showing the last good page</h2><ul>";
    list.forEach(function (d) {
      var where = esc(d.file) + (d.line ? ":" + d.line + (d.col ? ":" + d.col : "") : "");
      html += "<li><code>" + where + "</code> " + esc(d.message) + "</li>";
    });
    o.innerHTML = html + "</ul>";
    document.body.appendChild(o);
  });
})();
</script>
"#;

/// Puts [`CLIENT_SCRIPT`] before the last `</body>` (or at the end when there is none).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = inject_position(html);
    let mut out = Vec::with_capacity(html.len() + CLIENT_SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(CLIENT_SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where [`inject`] puts the script: before the last `</body>`, else at the end.
pub fn inject_position(html: &[u8]) -> usize {
    let needle = b"</body>";
    html.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.contains("</script>\n</body></html>"));
        assert!(
            String::from_utf8(inject(b"no body"))
                .unwrap()
                .starts_with("no body<script")
        );
    }

    #[test]
    fn full_queue_drops_only_that_client() {
        let hub = Arc::new(Hub::default());
        let slow = hub.subscribe().unwrap();
        let fast = hub.subscribe().unwrap();
        for _ in 0..QUEUE + 2 {
            hub.reload(&[], 0, 0);
            while fast.rx.try_recv().is_ok() {}
        }
        assert_eq!(hub.clients.lock().unwrap().len(), 1);
        drop(slow);
        assert_eq!(hub.active(), 1);
    }
}
