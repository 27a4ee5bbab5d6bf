/* Live preview: injected by `chemsex-toolkit serve` into the pages it serves, never into an
   exported file. Reloads the page when a change was rebuilt and shows the content's findings
   in a panel, built with textContent only: finding messages quote content and stay text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var panel = null;

  function element(tag, text, css) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (css) { Object.keys(css).forEach(function (key) { node.style[key] = css[key]; }); }
    return node;
  }

  function render(report) {
    if (panel) { panel.remove(); }
    var errors = report.findings.filter(function (f) { return f.severity === "error"; });
    var failed = errors.length > 0 || report.problem;
    panel = element("aside", "", {
      position: "fixed", insetInlineEnd: "1rem", insetBlockEnd: "1rem", zIndex: "2147483647",
      maxWidth: "min(40rem, 90vw)", maxHeight: "50vh", overflow: "auto", padding: "0.75rem 1rem",
      font: "14px/1.4 system-ui, sans-serif", color: "#111",
      background: failed ? "#fde8e8" : "#eef6ee", border: "2px solid " + (failed ? "#9c0006" : "#2e6b30"),
      borderRadius: "6px", boxShadow: "0 2px 8px rgba(0,0,0,.25)"
    });
    panel.id = "chemsex-preview-findings";
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", "Preview");
    var details = element("details");
    if (failed) { details.open = true; }
    details.appendChild(element("summary", report.summary, { cursor: "pointer", fontWeight: "bold" }));
    if (report.problem) { details.appendChild(element("p", report.problem)); }
    var list = element("ul", "", { paddingInlineStart: "1.2rem", margin: "0.5rem 0 0" });
    report.findings.forEach(function (f) {
      var item = element("li", "", { marginBottom: "0.4rem" });
      item.className = "finding finding-" + f.severity;
      item.appendChild(element("strong", f.severity + " " + f.code + " "));
      item.appendChild(element("code", f.file + ":" + f.line + ":" + f.column));
      item.appendChild(element("div", f.message));
      if (f.hint) { item.appendChild(element("div", f.hint, { fontStyle: "italic" })); }
      list.appendChild(item);
    });
    details.appendChild(list);
    panel.appendChild(details);
    document.body.appendChild(panel);
  }

  function showFindings() {
    fetch("/__preview/findings", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(render)
      .catch(function () { /* the server stopped: nothing to show */ });
  }

  // Each connection starts with "hello": what changed before it (while the page loaded, or
  // while the server was away) came as no event, so the page catches up here: reloaded if a
  // save was rebuilt since it was served, its findings fetched otherwise.
  var events = new EventSource("/__preview/events");
  events.addEventListener("hello", function (event) {
    if (generation !== null && event.data !== generation) { location.reload(); return; }
    showFindings();
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("findings", showFindings);
})();
