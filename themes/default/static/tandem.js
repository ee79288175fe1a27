/* Tandem default theme: progressive enhancement only. Everything works without this file:
   tabs then show as a jump list followed by every panel. */
(function () {
  "use strict";
  var KEY = "tandem-tab";

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(label) {
    try { window.localStorage.setItem(KEY, label); } catch (e) { /* private mode */ }
  }
  function labelOf(tab) { return (tab.textContent || "").trim().toLowerCase(); }

  var groups = [];

  function setupGroup(list, n) {
    var tabs = [];
    var links = list.querySelectorAll('a[href^="#"]');
    for (var i = 0; i < links.length; i++) {
      var panel = document.getElementById(decodeURIComponent(links[i].getAttribute("href").slice(1)));
      if (panel) tabs.push({ tab: links[i], panel: panel });
    }
    if (tabs.length === 0) return;
    list.setAttribute("role", "tablist");
    list.classList.add("tabs-enhanced");
    /* The list markup between the tablist and its tabs must not hide the tabs from assistive tech. */
    var wrappers = list.querySelectorAll("ul, li");
    for (var w = 0; w < wrappers.length; w++) wrappers[w].setAttribute("role", "presentation");
    tabs.forEach(function (t, j) {
      if (!t.tab.id) t.tab.id = "tabs" + n + "-tab" + j;
      t.tab.setAttribute("role", "tab");
      t.tab.setAttribute("aria-controls", t.panel.id);
      t.panel.setAttribute("role", "tabpanel");
      t.panel.setAttribute("aria-labelledby", t.tab.id);
      t.panel.setAttribute("tabindex", "0");
      t.tab.addEventListener("click", function (ev) {
        ev.preventDefault();
        selectLabel(labelOf(t.tab), true);
        t.tab.focus();
      });
      t.tab.addEventListener("keydown", function (ev) {
        var k = -1;
        if (ev.key === "ArrowRight" || ev.key === "ArrowDown") k = (j + 1) % tabs.length;
        else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") k = (j - 1 + tabs.length) % tabs.length;
        else if (ev.key === "Home") k = 0;
        else if (ev.key === "End") k = tabs.length - 1;
        if (k < 0) return;
        ev.preventDefault();
        select(group, k);
        remember(labelOf(tabs[k].tab));
        tabs[k].tab.focus();
      });
    });
    var group = { tabs: tabs };
    groups.push(group);
    select(group, 0);
  }

  function select(group, k) {
    group.tabs.forEach(function (t, j) {
      var on = j === k;
      t.tab.setAttribute("aria-selected", on ? "true" : "false");
      t.tab.setAttribute("tabindex", on ? "0" : "-1");
      t.panel.hidden = !on;
    });
  }

  /* Choose the tab with this label in every group of the page that has one. */
  function selectLabel(label, store) {
    if (!label) return;
    groups.forEach(function (g) {
      for (var j = 0; j < g.tabs.length; j++) {
        if (labelOf(g.tabs[j].tab) === label) { select(g, j); break; }
      }
    });
    if (store) remember(label);
  }

  function init() {
    var lists = document.querySelectorAll("[data-tabs]");
    for (var i = 0; i < lists.length; i++) setupGroup(lists[i], i);
    var hash = window.location.hash.slice(1);
    var target = hash && document.getElementById(decodeURIComponent(hash));
    if (target && target.getAttribute("role") === "tabpanel") {
      selectLabel(labelOf(document.getElementById(target.getAttribute("aria-labelledby"))), false);
    } else {
      selectLabel(remembered(), false);
    }

    /* The sidebar starts open (usable without JS); on narrow screens fold it away. */
    if (window.matchMedia && window.matchMedia("(max-width: 899.98px)").matches) {
      var d = document.querySelectorAll("details[data-collapse-narrow]");
      for (var m = 0; m < d.length; m++) d[m].removeAttribute("open");
    }

    /* Language picker: highlight the browser's preferred language (no redirect). */
    var picker = document.querySelector("[data-language-picker]");
    if (picker && navigator.languages) {
      var wanted = navigator.languages.map(function (l) { return l.toLowerCase(); });
      var links = picker.querySelectorAll("a[data-lang]");
      for (var p = 0; p < links.length; p++) {
        if (wanted.indexOf(links[p].getAttribute("data-lang")) === 0) links[p].parentNode.classList.add("preferred");
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
