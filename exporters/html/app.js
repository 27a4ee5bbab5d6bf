// The self-assessment: answers, reasons, actions and the action plan, kept in this browser's
// localStorage under the toolkit's ID and each item's ID (never the locale or the version), so
// switching language keeps everything and a newer content version keeps what still exists.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("toolkit-data").textContent);
  var t = data.text;
  var FORMAT = "chemsex-toolkit-answers";
  var itemsById = {};
  data.items.forEach(function (item, index) { item.number = index + 1; itemsById[item.id] = item; });

  function emptyState() { return { items: {}, plan: [], planning: false }; }

  function load() {
    try {
      var stored = JSON.parse(localStorage.getItem(data.storageKey) || "null");
      if (stored && typeof stored === "object" && stored.items && Array.isArray(stored.plan)) {
        return stored;
      }
    } catch (error) { /* unreadable storage: start afresh */ }
    return emptyState();
  }

  var state = load();

  function save() {
    try { localStorage.setItem(data.storageKey, JSON.stringify(state)); } catch (error) { /* full or blocked */ }
  }

  function itemState(id) {
    if (!state.items[id]) { state.items[id] = { answers: {}, reasons: {}, action: "", fingerprint: "" }; }
    return state.items[id];
  }

  function announce(message) {
    var status = document.getElementById("status");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // --- Checklist -------------------------------------------------------------------------

  function applyChecklist() {
    document.querySelectorAll("article.item").forEach(function (article) {
      var id = article.getAttribute("data-item");
      var saved = state.items[id];
      var fingerprint = itemsById[id].fingerprint;
      article.querySelectorAll("input[type=radio]").forEach(function (input) {
        var question = input.closest("fieldset").getAttribute("data-question");
        input.checked = !!(saved && saved.answers[question] === input.value);
      });
      article.querySelectorAll(".reason-input").forEach(function (input) {
        input.value = (saved && saved.reasons[input.getAttribute("data-question")]) || "";
      });
      article.querySelector(".action-input").value = (saved && saved.action) || "";
      var answered = saved && Object.keys(saved.answers).length > 0;
      article.querySelector(".changed").hidden = !(answered && saved.fingerprint && saved.fingerprint !== fingerprint);
      article.querySelectorAll("fieldset.question").forEach(updateQuestion);
    });
    document.getElementById("planning").checked = !!state.planning;
    applyPlanning();
  }

  function updateQuestion(fieldset) {
    var checked = fieldset.querySelector("input[type=radio]:checked");
    var needsReason = !!(checked && data.answers[checked.value] && data.answers[checked.value].reason);
    fieldset.querySelector(".reason").hidden = !needsReason;
  }

  function applyPlanning() {
    var last = data.questions[data.questions.length - 1];
    document.querySelectorAll('fieldset.question[data-question="' + last + '"]').forEach(function (fieldset) {
      fieldset.classList.toggle("skipped", !!state.planning);
    });
  }

  document.getElementById("checklist").addEventListener("change", function (event) {
    var target = event.target;
    var article = target.closest("article.item");
    if (!article) { return; }
    var id = article.getAttribute("data-item");
    var saved = itemState(id);
    if (target.type === "radio") {
      saved.answers[target.closest("fieldset").getAttribute("data-question")] = target.value;
      saved.fingerprint = itemsById[id].fingerprint;
      article.querySelector(".changed").hidden = true;
      updateQuestion(target.closest("fieldset"));
    }
    save();
    renderSummary();
  });

  document.getElementById("checklist").addEventListener("input", function (event) {
    var target = event.target;
    var article = target.closest("article.item");
    if (!article) { return; }
    var saved = itemState(article.getAttribute("data-item"));
    if (target.classList.contains("reason-input")) {
      saved.reasons[target.getAttribute("data-question")] = target.value;
    } else if (target.classList.contains("action-input")) {
      saved.action = target.value;
    }
    save();
  });

  document.getElementById("checklist").addEventListener("click", function (event) {
    var link = event.target.closest("a[data-open]");
    if (link) {
      var details = document.getElementById(link.getAttribute("data-open"));
      if (details) { details.open = true; }
      return;
    }
    var button = event.target.closest("button.add-to-plan");
    if (!button) { return; }
    var id = button.getAttribute("data-item");
    var input = document.getElementById("action-" + id);
    var row = { item: id, what: input.value.trim(), who: "", when: "", monitoring: "" };
    state.plan.push(row);
    save();
    renderPlan();
    announce(t["added-to-plan"]);
  });

  document.getElementById("planning").addEventListener("change", function (event) {
    state.planning = event.target.checked;
    save();
    applyPlanning();
    renderSummary();
  });

  // --- Summary: urgency ranking and chart ------------------------------------------------

  // The further left a Partly or No answer stands, the more urgent the item. Each question
  // weighs three times the one to its right and No counts double Partly, so one weak answer
  // outweighs any answers to its right: the leftmost decides, later ones only break ties.
  function urgency(saved) {
    var score = 0;
    var count = data.questions.length;
    data.questions.forEach(function (question, index) {
      var answer = saved && saved.answers[question];
      if (!answer || !data.answers[answer] || !data.answers[answer].improve) { return; }
      var weight = Math.pow(3, count - index - 1);
      score += weight * (data.answers[answer].colour === "red" ? 2 : 1);
    });
    return score;
  }

  function renderSummary() {
    var ranked = data.items
      .map(function (item) { return { item: item, score: urgency(state.items[item.id]) }; })
      .filter(function (entry) { return entry.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.item.number - b.item.number; });
    var list = document.getElementById("ranking");
    list.textContent = "";
    ranked.forEach(function (entry) {
      var li = el("li");
      var link = el("a", { href: "#item-" + entry.item.id }, entry.item.title);
      li.appendChild(link);
      var chips = el("span", { "class": "chips" });
      data.questions.forEach(function (question) {
        var answer = state.items[entry.item.id].answers[question];
        var info = answer && data.answers[answer];
        var chip = el("span", { "class": "chip chip-" + (info ? info.colour : "none"), title: info ? info.label : t.unanswered }, info ? info.symbol : "?");
        chips.appendChild(chip);
      });
      li.appendChild(chips);
      list.appendChild(li);
    });
    document.getElementById("ranking-none").hidden = ranked.length > 0;
    renderChart();
  }

  function renderChart() {
    var ns = "http://www.w3.org/2000/svg";
    var cell = 28, labelWidth = 40, gap = 6;
    var width = labelWidth + data.questions.length * (cell + gap);
    var height = data.items.length * (cell + gap) + 24;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", String(width * 1.5));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", "chart-title chart-desc");
    var desc = document.createElementNS(ns, "desc");
    desc.setAttribute("id", "chart-desc");
    var lines = [];
    var colours = { green: "#2e7d32", yellow: "#f2b705", red: "#b3261e", none: "#5f6368" };
    data.questions.forEach(function (question, q) {
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", String(labelWidth + q * (cell + gap) + cell / 2));
      label.setAttribute("y", "14");
      label.setAttribute("text-anchor", "middle");
      label.setAttribute("font-size", "12");
      label.textContent = String(q + 1);
      svg.appendChild(label);
    });
    data.items.forEach(function (item, row) {
      var y = 24 + row * (cell + gap);
      var name = document.createElementNS(ns, "text");
      name.setAttribute("x", "4");
      name.setAttribute("y", String(y + cell / 2 + 5));
      name.setAttribute("font-size", "13");
      name.textContent = item.number + ".";
      svg.appendChild(name);
      var words = [];
      data.questions.forEach(function (question, q) {
        var saved = state.items[item.id];
        var answer = saved && saved.answers[question];
        var info = answer && data.answers[answer];
        var rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", String(labelWidth + q * (cell + gap)));
        rect.setAttribute("y", String(y));
        rect.setAttribute("width", String(cell));
        rect.setAttribute("height", String(cell));
        rect.setAttribute("rx", "4");
        rect.setAttribute("fill", info ? colours[info.colour] : "#ffffff");
        rect.setAttribute("stroke", "#55565a");
        svg.appendChild(rect);
        var mark = document.createElementNS(ns, "text");
        mark.setAttribute("x", String(labelWidth + q * (cell + gap) + cell / 2));
        mark.setAttribute("y", String(y + cell / 2 + 5));
        mark.setAttribute("text-anchor", "middle");
        mark.setAttribute("font-size", "14");
        mark.setAttribute("fill", info && info.colour !== "yellow" ? "#ffffff" : "#1d1d1f");
        mark.textContent = info ? info.symbol : "?";
        svg.appendChild(mark);
        words.push((q + 1) + ": " + (info ? info.label : t.unanswered));
      });
      lines.push(item.number + ". " + item.title + " — " + words.join(", "));
    });
    desc.textContent = lines.join("; ");
    svg.insertBefore(desc, svg.firstChild);
    var holder = document.getElementById("chart");
    holder.textContent = "";
    holder.appendChild(svg);
  }

  // --- Action plan -----------------------------------------------------------------------

  function renderPlan() {
    var body = document.getElementById("plan-rows");
    body.textContent = "";
    state.plan.forEach(function (row, index) {
      var tr = el("tr");
      data.columns.forEach(function (column) {
        var td = el("td");
        var label = column.label + " (" + (index + 1) + ")";
        var printed = el("span", { "class": "print-value" });
        var control;
        if (column.id === "item") {
          control = el("select", { "aria-label": label, "data-row": String(index), "data-column": "item" });
          control.appendChild(el("option", { value: "" }, ""));
          data.items.forEach(function (item) {
            var option = el("option", { value: item.id }, item.number + ". " + item.title);
            if (item.id === row.item) { option.selected = true; }
            control.appendChild(option);
          });
          printed.textContent = itemsById[row.item] ? itemsById[row.item].number + ". " + itemsById[row.item].title : "";
        } else {
          control = el("textarea", { "aria-label": label, rows: "2", "data-row": String(index), "data-column": column.id });
          control.value = row[column.id] || "";
          printed.textContent = control.value;
        }
        td.appendChild(control);
        td.appendChild(printed);
        tr.appendChild(td);
      });
      var remove = el("td", { "class": "screen-only" });
      var button = el("button", { type: "button", "data-remove": String(index), "aria-label": t["remove-action"] + " (" + (index + 1) + ")" }, t["remove-action"]);
      remove.appendChild(button);
      tr.appendChild(remove);
      body.appendChild(tr);
    });
    document.getElementById("plan-empty").hidden = state.plan.length > 0;
  }

  var planBody = document.getElementById("plan-rows");
  function onPlanEdit(event) {
    var target = event.target;
    var index = target.getAttribute("data-row");
    if (index === null) { return; }
    var row = state.plan[Number(index)];
    var column = target.getAttribute("data-column");
    row[column] = target.value;
    var printed = target.parentNode.querySelector(".print-value");
    printed.textContent = column === "item" && itemsById[target.value]
      ? itemsById[target.value].number + ". " + itemsById[target.value].title : target.value;
    save();
  }
  planBody.addEventListener("input", onPlanEdit);
  planBody.addEventListener("change", onPlanEdit);
  planBody.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-remove]");
    if (!button) { return; }
    state.plan.splice(Number(button.getAttribute("data-remove")), 1);
    save();
    renderPlan();
    document.getElementById("add-row").focus();
  });
  document.getElementById("add-row").addEventListener("click", function () {
    state.plan.push({ item: "", what: "", who: "", when: "", monitoring: "" });
    save();
    renderPlan();
    var selects = planBody.querySelectorAll("select");
    selects[selects.length - 1].focus();
  });

  // --- Files: CSV, answers export and import ---------------------------------------------

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // RFC 4180 quoting; a leading = + - @ (or tab, carriage return) gets a quote mark so that a
  // spreadsheet shows the text instead of running it as a formula.
  function csvCell(value) {
    var text = String(value || "");
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  document.getElementById("download-csv").addEventListener("click", function () {
    var lines = [data.columns.map(function (c) { return csvCell(c.label); }).join(",")];
    state.plan.forEach(function (row) {
      lines.push(data.columns.map(function (column) {
        if (column.id === "item") { return csvCell(itemsById[row.item] ? itemsById[row.item].title : ""); }
        return csvCell(row[column.id]);
      }).join(","));
    });
    download(data.toolkit + "-action-plan.csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
  });

  document.getElementById("export-answers").addEventListener("click", function () {
    var file = { format: FORMAT, formatVersion: 1, toolkit: data.toolkit, contentVersion: data.version, locale: data.locale, state: state };
    download(data.toolkit + "-answers.json", "application/json", JSON.stringify(file, null, 2) + "\n");
  });

  function validState(candidate) {
    if (!candidate || typeof candidate !== "object" || typeof candidate.items !== "object" || !Array.isArray(candidate.plan)) { return null; }
    var clean = emptyState();
    clean.planning = candidate.planning === true;
    Object.keys(candidate.items).forEach(function (id) {
      var item = candidate.items[id];
      if (!itemsById[id] || !item || typeof item !== "object") { return; }
      var answers = {}, reasons = {};
      data.questions.forEach(function (question) {
        var answer = item.answers && item.answers[question];
        if (typeof answer === "string" && data.answers[answer]) { answers[question] = answer; }
        var reason = item.reasons && item.reasons[question];
        if (typeof reason === "string") { reasons[question] = reason; }
      });
      clean.items[id] = { answers: answers, reasons: reasons, action: typeof item.action === "string" ? item.action : "", fingerprint: typeof item.fingerprint === "string" ? item.fingerprint : "" };
    });
    candidate.plan.forEach(function (row) {
      if (!row || typeof row !== "object") { return; }
      var clean_row = {};
      data.columns.forEach(function (column) { clean_row[column.id] = typeof row[column.id] === "string" ? row[column.id] : ""; });
      clean.plan.push(clean_row);
    });
    return clean;
  }

  document.getElementById("import-answers").addEventListener("change", function (event) {
    var file = event.target.files && event.target.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var parsed = null;
      try { parsed = JSON.parse(String(reader.result)); } catch (error) { parsed = null; }
      var imported = parsed && parsed.format === FORMAT && parsed.toolkit === data.toolkit ? validState(parsed.state) : null;
      if (!imported) { announce(t["import-failed"]); return; }
      state = imported;
      save();
      refresh();
      announce(t["import-done"]);
    };
    reader.readAsText(file);
    event.target.value = "";
  });

  document.getElementById("clear-all").addEventListener("click", function () {
    if (!window.confirm(t["clear-confirm"])) { return; }
    state = emptyState();
    try { localStorage.removeItem(data.storageKey); } catch (error) { /* blocked */ }
    refresh();
  });

  // --- Printing --------------------------------------------------------------------------

  function printAs(mode) {
    document.body.classList.add(mode);
    window.print();
  }
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("print-checklist", "print-plan");
  });
  document.getElementById("print-checklist").addEventListener("click", function () { printAs("print-checklist"); });
  document.getElementById("print-plan").addEventListener("click", function () { printAs("print-plan"); });

  function refresh() {
    applyChecklist();
    renderPlan();
    renderSummary();
  }

  document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
  refresh();
})();
