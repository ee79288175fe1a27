/* Tandem search: reads the sharded index that the build writes under search/<lang>/ (see
   src/search/mod.rs). A query downloads meta.json once, one shard per word and the documents of the
   results it shows. Terms are made exactly as at build time (src/search/text.rs): lowercase, accents
   folded, words of 2+ characters, CJK runs cut into bigrams. Without JavaScript the form submits to
   /<lang>/search/, which says search needs JavaScript and links to the home page. */
(function () {
  "use strict";
  var MAX_RESULTS = 10;
  var EXTRA = { "æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i" };
  var cache = {};

  function foldChar(c) {
    c = c.toLowerCase();
    if (EXTRA[c]) return EXTRA[c];
    return c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xac00 && n <= 0xd7af) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2a6df);
  }
  function isAlnum(c) { return /[\p{L}\p{N}]/u.test(c); }
  function fold(s) { var out = ""; for (var c of s) out += foldChar(c); return out; }

  function terms(text) {
    var out = [], word = "", run = [];
    function flushWord() {
      var n = Array.from(word).length;
      if (n > 0 && n <= 40 && (n >= 2 || /^[0-9]+$/.test(word))) out.push(word);
      word = "";
    }
    function flushRun() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    for (var c of fold(text)) {
      if (isCjk(c)) { flushWord(); run.push(c); }
      else if (isAlnum(c)) { flushRun(); word += c; }
      else { flushWord(); flushRun(); }
    }
    flushWord(); flushRun();
    return out;
  }
  function isAsciiAlnum(c) { return /^[a-z0-9]$/.test(c || ""); }
  function shardOf(term) {
    var cs = Array.from(term);
    if (isAsciiAlnum(cs[0]) && isAsciiAlnum(cs[1])) return cs[0] + cs[1];
    if (isAsciiAlnum(cs[0])) return cs[0] + "_";
    var n = cs[0].codePointAt(0) % 128;
    return "u" + (n < 16 ? "0" : "") + n.toString(16);
  }

  function getJson(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }
    return cache[url];
  }

  /* Scores of the documents that match every query term (prefix match; exact matches count double). */
  function search(base, query) {
    var qs = terms(query).filter(function (t) { return Array.from(t).length >= 2 || isCjk(t); });
    if (qs.length === 0) return Promise.resolve({ terms: [], docs: [] });
    return getJson(base + "meta.json").then(function (meta) {
      if (!meta) return { terms: qs, docs: [] };
      var shards = {};
      meta.shards.forEach(function (s) { shards[s] = true; });
      return Promise.all(qs.map(function (t) {
        var key = shardOf(t);
        return shards[key] ? getJson(base + key + ".json") : Promise.resolve(null);
      })).then(function (loaded) {
        var total = null;
        qs.forEach(function (q, i) {
          var shard = loaded[i] || {}, scores = {};
          Object.keys(shard).forEach(function (term) {
            if (term.indexOf(q) !== 0) return;
            var weight = term === q ? 2 : 1, p = shard[term];
            for (var j = 0; j + 1 < p.length; j += 2) {
              scores[p[j]] = Math.max(scores[p[j]] || 0, p[j + 1] * weight);
            }
          });
          if (total === null) { total = scores; return; }
          var next = {};
          Object.keys(total).forEach(function (d) { if (scores[d]) next[d] = total[d] + scores[d]; });
          total = next;
        });
        var docs = Object.keys(total || {}).map(function (d) { return { id: +d, score: total[d] }; });
        docs.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        return { terms: qs, docs: docs };
      });
    });
  }

  /* The text around the first query term, with every term marked. Folding is done per character so
     positions in the folded text map back to the original. */
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function highlight(text, qs, snippet) {
    var chars = Array.from(text), folded = "", map = [];
    chars.forEach(function (c, i) { var f = foldChar(c); for (var k = 0; k < f.length; k++) map.push(i); folded += f; });
    var marks = [];
    qs.forEach(function (q) {
      var at = folded.indexOf(q);
      while (at !== -1) { marks.push([map[at], map[at + q.length - 1] + 1]); at = folded.indexOf(q, at + q.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var start = 0, end = chars.length;
    if (snippet) {
      var first = marks.length ? marks[0][0] : 0;
      start = Math.max(0, first - 60);
      end = Math.min(chars.length, start + 220);
    }
    var html = start > 0 ? "… " : "", pos = start;
    marks.forEach(function (m) {
      if (m[0] < pos || m[1] > end) return;
      html += escapeHtml(chars.slice(pos, m[0]).join("")) + "<mark>" + escapeHtml(chars.slice(m[0], m[1]).join("")) + "</mark>";
      pos = m[1];
    });
    html += escapeHtml(chars.slice(pos, end).join(""));
    return html + (end < chars.length ? " …" : "");
  }

  function render(base, box, result, noResults, token) {
    var top = result.docs.slice(0, MAX_RESULTS);
    return Promise.all(top.map(function (d) { return getJson(base + "d/" + d.id + ".json"); })).then(function (docs) {
      if (token !== box.dataset.token) return;
      if (result.terms.length === 0) { box.hidden = true; box.innerHTML = ""; return; }
      if (docs.length === 0) {
        box.innerHTML = '<p class="search-empty">' + escapeHtml(noResults) + "</p>";
      } else {
        box.innerHTML = "<ol>" + docs.filter(Boolean).map(function (d) {
          return '<li><a href="' + escapeHtml(d.u) + '">' + highlight(d.t, result.terms, false) + "</a>" +
            '<p class="search-snippet">' + highlight(d.x, result.terms, true) + "</p></li>";
        }).join("") + "</ol>";
      }
      box.hidden = false;
    });
  }

  function setup(form) {
    var input = form.querySelector('input[type="search"]');
    var base = form.getAttribute("data-index");
    var noResults = form.getAttribute("data-no-results") || "No results";
    var page = document.getElementById("search-page-results");
    var box = page || form.querySelector(".search-results");
    if (!input || !base || !box) return;
    var timer = null, n = 0;
    function run() {
      var token = String(++n);
      box.dataset.token = token;
      search(base, input.value).then(function (r) { return render(base, box, r, noResults, token); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
      if (e.key === "Escape") { box.hidden = !page; input.value = page ? input.value : ""; }
    });
    box.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      if (e.key === "Escape") { input.focus(); if (!page) box.hidden = true; }
    });
    if (page) {
      var q = new URLSearchParams(location.search).get("q");
      if (q) { input.value = q; run(); }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.site-search");
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  });
  window.tandemSearch = { terms: terms, shardOf: shardOf };
})();
