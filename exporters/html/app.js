// The self-assessment: answers, reasons, actions, the action plan and the assessment's name,
// kept in this browser's localStorage under the toolkit's ID and each item's ID (never the locale
// or the version), so switching language keeps everything and a newer content version keeps what
// still exists. Whatever comes from storage or a file is checked against its format first.
// Every page of the toolkit shares that storage: the home page ("home") shows each topic's
// progress, a topic's page ("topic") its checklist, summary and plan, the combined plan ("plan")
// every topic's summary and plan.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("toolkit-data").textContent);
  const t = data.text;
  const FORMAT = "chemsex-toolkit-answers";
  const FORMAT_VERSION = 2;
  // The page's script names every interface string it shows in full, so that the exporter can
  // send only those.
  const STATUS_TEXT = { "planned": "status-planned", "in-progress": "status-in-progress", "done": "status-done" };
  const STATUSES = Object.keys(STATUS_TEXT);
  const PRIORITY_TEXT = ["priority-none", "priority-1", "priority-2", "priority-3", "priority-4"];
  const SORTS = ["priority", "item", "when", "status"];
  const COLUMNS = ["what", "who", "when", "monitoring"];
  const MAX_FILE = 2000000;
  const MAX_TEXT = 20000;
  const RANK = { green: 0, yellow: 1, red: 2 };
  const byId = (id) => document.getElementById(id);
  // Own properties only: an ID such as "constructor" or "__proto__" is never taken for an item.
  const itemsById = Object.create(null);
  const topicsById = Object.create(null);
  data.topics.forEach((topic) => { topicsById[topic.id] = topic; });
  const numbers = {};
  data.items.forEach((item, index) => {
    numbers[item.topic] = (numbers[item.topic] || 0) + 1;
    item.number = numbers[item.topic];
    item.order = index;
    itemsById[item.id] = item;
  });
  // The items this page shows: its topic's, or every topic's.
  const scope = data.page === "topic" ? data.items.filter((item) => item.topic === data.topic) : data.items;
  const inScope = (id) => !!itemsById[id] && (data.page !== "topic" || itemsById[id].topic === data.topic);
  const itemHref = (id) => (itemsById[id].topic === data.topic ? "" : topicsById[itemsById[id].topic].page) + "#item-" + id;
  const known = (table, key) => Object.hasOwn(table, key);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  const withColon = (label) => label + data.colon + " ";

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((key) => node.setAttribute(key, attrs[key]));
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function formatDate(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) { return iso || ""; }
    try {
      return new Intl.DateTimeFormat(data.locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso + "T00:00:00Z"));
    } catch (error) { return iso; }
  }

  // --- The format of saved answers, checked before anything is used ----------------------

  function emptyState() {
    return { meta: { service: "", date: "", participants: "" }, planning: false, items: {}, plan: [], sort: "priority", baseline: null, team: [], settled: {} };
  }

  class Invalid extends Error {}
  function object(value, path) {
    if (!value || typeof value !== "object" || Array.isArray(value)) { throw new Invalid(path); }
    return value;
  }
  function text(value, path, max) {
    if (value === undefined || value === null) { return ""; }
    if (typeof value !== "string" || value.length > (max || MAX_TEXT)) { throw new Invalid(path); }
    return value;
  }
  // A day of the calendar, YYYY-MM-DD, as the date fields take it: 2026-02-30 fits the pattern,
  // and a date field would show it empty. A day of another form or none at all reads back
  // otherwise (or "null"); year 0 is not a day in Python's calendar.
  function isoDate(value, path) {
    const date = text(value, path, 10);
    if (date && !(date > "0001" && String(new Date(date + "T00:00:00Z").toJSON()).slice(0, 10) === date)) { throw new Invalid(path); }
    return date;
  }
  function answersOf(value, path) {
    const answers = {};
    if (value === undefined) { return answers; }
    object(value, path);
    Object.keys(value).forEach((question) => {
      if (data.questions.indexOf(question) < 0) { return; }
      if (typeof value[question] !== "string" || !known(data.answers, value[question])) { throw new Invalid(path + "." + question); }
      answers[question] = value[question];
    });
    return answers;
  }
  // Items of another content version are left out; a malformed one refuses the whole file.
  function itemsOf(value, path, full) {
    const items = {};
    if (value === undefined) { return items; }
    object(value, path);
    Object.keys(value).forEach((id) => {
      const where = path + "." + id;
      const item = object(value[id], where);
      if (!known(itemsById, id)) { return; }
      const clean = { answers: answersOf(item.answers, where + ".answers") };
      if (full) {
        clean.reasons = {};
        if (item.reasons !== undefined) {
          object(item.reasons, where + ".reasons");
          data.questions.forEach((q) => { clean.reasons[q] = text(item.reasons[q], where + ".reasons." + q); });
        }
        clean.action = text(item.action, where + ".action");
        clean.fingerprint = text(item.fingerprint, where + ".fingerprint", 200);
      }
      items[id] = clean;
    });
    return items;
  }
  function metaOf(value, path) {
    const meta = object(value === undefined ? {} : value, path);
    return { service: text(meta.service, path + ".service", 300), date: isoDate(meta.date, path + ".date"), participants: text(meta.participants, path + ".participants", 2000) };
  }
  function snapshotOf(value, path) {
    const snapshot = object(value, path);
    return { name: text(snapshot.name, path + ".name", 300), date: isoDate(snapshot.date, path + ".date"), items: itemsOf(snapshot.items, path + ".items", false) };
  }
  function checkState(value) {
    const state = object(value, "state");
    const clean = emptyState();
    clean.meta = metaOf(state.meta, "state.meta");
    if (state.planning !== undefined && typeof state.planning !== "boolean") { throw new Invalid("state.planning"); }
    clean.planning = state.planning === true;
    clean.items = itemsOf(state.items, "state.items", true);
    if (!Array.isArray(state.plan) || state.plan.length > 1000) { throw new Invalid("state.plan"); }
    state.plan.forEach((row, index) => {
      const where = "state.plan[" + index + "]";
      object(row, where);
      const clean_row = { item: text(row.item, where + ".item", 100), origin: text(row.origin, where + ".origin", 100), whenDate: isoDate(row.whenDate, where + ".whenDate"), status: row.status === undefined ? "planned" : row.status };
      COLUMNS.forEach((column) => { clean_row[column] = text(row[column], where + "." + column); });
      if (STATUSES.indexOf(clean_row.status) < 0) { throw new Invalid(where + ".status"); }
      if (!itemsById[clean_row.item]) { clean_row.item = ""; }
      if (!itemsById[clean_row.origin]) { clean_row.origin = ""; }
      clean.plan.push(clean_row);
    });
    clean.sort = SORTS.indexOf(state.sort) >= 0 ? state.sort : "priority";
    if (state.baseline !== undefined && state.baseline !== null) { clean.baseline = snapshotOf(state.baseline, "state.baseline"); }
    if (state.team !== undefined) {
      if (!Array.isArray(state.team) || state.team.length > 50) { throw new Invalid("state.team"); }
      clean.team = state.team.map((member, index) => snapshotOf(member, "state.team[" + index + "]"));
    }
    if (state.settled !== undefined) {
      object(state.settled, "state.settled");
      Object.keys(state.settled).forEach((key) => { if (state.settled[key] === true && /^[\w-]+--[\w-]+$/.test(key)) { clean.settled[key] = true; } });
    }
    return clean;
  }

  // A saved answers file, or the reason it cannot be used, in words for the person loading it.
  function readAnswersFile(content) {
    if (content.length > MAX_FILE) { return { error: t["import-too-large"] }; }
    let parsed;
    try { parsed = JSON.parse(content); } catch (error) { return { error: t["import-not-json"] }; }
    if (!parsed || typeof parsed !== "object" || parsed.format !== FORMAT) { return { error: t["import-wrong-format"] }; }
    if (parsed.toolkit !== data.toolkit) { return { error: t["import-wrong-toolkit"] }; }
    if (typeof parsed.formatVersion !== "number" || parsed.formatVersion > FORMAT_VERSION) { return { error: t["import-newer"] }; }
    try {
      return { state: checkState(parsed.state), savedAt: typeof parsed.savedAt === "string" ? parsed.savedAt.slice(0, 10) : "" };
    } catch (error) {
      if (error instanceof Invalid) { return { error: fill(t["import-invalid"], { path: error.message }) }; }
      throw error;
    }
  }

  // --- Storage: refusals are reported, unreadable data is set aside, never silently lost ----

  const alertBox = byId("page-alert");
  function showAlert(message) { alertBox.textContent = message; alertBox.hidden = !message; }

  // The stored state, or null when there is none or it cannot be used.
  function readStored() {
    let raw = null;
    try { raw = localStorage.getItem(data.storageKey); } catch (error) { showAlert(t["storage-refused"]); return null; }
    if (raw === null) { return null; }
    try { return checkState(JSON.parse(raw)); } catch (error) {
      try { localStorage.setItem(data.storageKey + ":unreadable", raw); } catch (ignored) { /* reported below */ }
      showAlert(t["storage-unreadable"]);
      return null;
    }
  }
  const loadStored = () => readStored() || emptyState();

  // Several pages of the toolkit (a team opens one per topic) share the storage. Each keeps what
  // it last read or wrote, part by part (each item, the plan, the name, ...); a save reads the
  // storage again and writes over it only the parts this page changed since, so no page writes
  // back an old copy of what another page changed meanwhile.
  function parts(value) {
    const out = { items: Object.create(null) };
    Object.keys(value).forEach((key) => { if (key !== "items") { out[key] = JSON.stringify(value[key]); } });
    Object.keys(value.items).forEach((id) => { out.items[id] = JSON.stringify(value.items[id]); });
    return out;
  }
  let state = loadStored();
  let synced = parts(state);
  function merged() {
    const stored = readStored();
    if (!stored) { return state; }
    const mine = parts(state);
    Object.keys(mine).forEach((key) => { if (key !== "items" && mine[key] !== synced[key]) { stored[key] = state[key]; } });
    Object.keys(mine.items).concat(Object.keys(synced.items)).forEach((id) => {
      if (mine.items[id] === synced.items[id]) { return; }
      if (state.items[id]) { stored.items[id] = state.items[id]; } else { delete stored.items[id]; }
    });
    return stored;
  }
  let storageRefused = false;
  function save() {
    try {
      const next = merged();
      localStorage.setItem(data.storageKey, JSON.stringify(next));
      state = next;
      synced = parts(next);
      if (storageRefused) { storageRefused = false; showAlert(""); }
    } catch (error) {
      storageRefused = true;
      showAlert(t["storage-refused"]);
    }
  }
  // Another page of the toolkit saved: show what it stored (this page saves every change at
  // once, so it has nothing of its own that is not stored yet).
  function onStorage(event, render) {
    if (event.key !== data.storageKey && event.key !== null) { return; }
    state = loadStored();
    synced = parts(state);
    render();
  }

  function itemState(id) {
    if (!state.items[id]) { state.items[id] = { answers: {}, reasons: {}, action: "", fingerprint: "" }; }
    return state.items[id];
  }

  // Replacing the text (not appending) makes screen readers announce each message afresh.
  function feedback(node, message, href) {
    node.textContent = "";
    if (!message) { return; }
    node.appendChild(document.createTextNode(message + " "));
    if (href) { node.appendChild(el("a", { href: href }, t["go-to-plan"])); }
  }

  // --- Undo: the last load, removal, settle or clearing can be taken back -------------------

  // The parts (an item, the plan, the baseline, ...) as they were before the change, kept in
  // storage beside the answers so that a reload keeps the way back. Only the parts the change
  // touched go back: an undo never takes back what was done since on another topic's page.
  const UNDO_KEY = data.storageKey + ":undo";
  const UNDO_TEXT = { "import": "undo-import", "baseline": "undo-baseline", "team": "undo-team", "remove": "undo-remove", "settle": "undo-settle", "clear-all": "undo-clear-all", "clear-answer": "undo-clear-answer", "clear-baseline": "undo-clear-baseline", "clear-team": "undo-clear-team" };
  function readUndo() {
    try {
      const record = JSON.parse(localStorage.getItem(UNDO_KEY) || "null");
      return record && known(UNDO_TEXT, record.kind) && record.parts && record.items ? record : null;
    } catch (error) { return null; }
  }
  function dropUndo() {
    try { localStorage.removeItem(UNDO_KEY); } catch (error) { /* nothing stored to drop */ }
    document.querySelectorAll(".undo-inline").forEach((button) => { button.hidden = true; });
    renderUndo();
  }
  function undoable(kind, change) {
    const before = parts(state);
    change();
    save();
    const after = parts(state);
    const record = { kind: kind, at: new Date().toISOString(), parts: {}, items: {} };
    let changed = false;
    Object.keys(before).concat(Object.keys(after)).forEach((key) => {
      if (key !== "items" && before[key] !== after[key]) { record.parts[key] = before[key]; changed = true; }
    });
    Object.keys(before.items).concat(Object.keys(after.items)).forEach((id) => {
      if (before.items[id] !== after.items[id]) { record.items[id] = before.items[id] === undefined ? null : before.items[id]; changed = true; }
    });
    if (!changed) { return; }
    try { localStorage.setItem(UNDO_KEY, JSON.stringify(record)); } catch (error) { showAlert(t["storage-refused"]); }
    renderUndo();
  }
  // An Undo button right after the message that reported the change.
  function offerUndo(message) {
    document.querySelectorAll(".undo-inline").forEach((button) => { button.hidden = true; });
    let button = message.nextElementSibling;
    if (!button || !button.classList.contains("undo-inline")) {
      button = el("button", { type: "button", "class": "secondary undo-inline screen-only", "data-undo": "" }, t["undo"]);
      message.parentNode.insertBefore(button, message.nextSibling);
    }
    button.hidden = !readUndo();
  }
  function undo(from) {
    const record = readUndo();
    if (!record) { dropUndo(); return; }
    let next = null;
    try {
      const base = JSON.parse(JSON.stringify(state));
      Object.keys(record.parts).forEach((key) => { if (known(base, key) && key !== "items") { base[key] = JSON.parse(record.parts[key]); } });
      const items = Object.assign(Object.create(null), base.items);
      Object.keys(record.items).forEach((id) => {
        if (record.items[id] === null) { delete items[id]; } else { items[id] = JSON.parse(record.items[id]); }
      });
      base.items = items;
      next = checkState(base);
    } catch (error) { next = null; }
    const what = t[UNDO_TEXT[record.kind]];
    dropUndo();
    if (!next) { showAlert(t["storage-unreadable"]); return; }
    state = next;
    save();
    refresh();
    const inline = from && from.classList.contains("undo-inline");
    const message = inline ? from.previousElementSibling : byId("undo-text");
    if (!inline) { byId("undo").hidden = false; }
    message.textContent = fill(t["undone"], { what: what });
    message.setAttribute("tabindex", "-1");
    message.focus();
  }
  function renderUndo() {
    const bar = byId("undo");
    if (!bar) { return; }
    const record = readUndo();
    bar.hidden = !record;
    bar.querySelectorAll("button").forEach((button) => { button.hidden = !record; });
    if (!record) { return; }
    const when = new Date(record.at);
    let time = "";
    try { time = new Intl.DateTimeFormat(data.locale, { dateStyle: "medium", timeStyle: "short" }).format(when); } catch (error) { time = ""; }
    byId("undo-text").textContent = fill(t["undo-offer"], { what: t[UNDO_TEXT[record.kind]], time: time });
    bar.hidden = false;
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-undo]");
    if (button) { undo(button); }
  });
  const dismiss = byId("undo-dismiss");
  if (dismiss) {
    dismiss.addEventListener("click", dropUndo);
  }
  window.addEventListener("storage", (event) => { if (event.key === UNDO_KEY || event.key === null) { renderUndo(); } });

  // What this browser holds that a load would replace, in words.
  function holdings() {
    const what = [];
    let answers = 0, texts = 0;
    Object.keys(state.items).forEach((id) => {
      const item = state.items[id];
      answers += Object.keys(item.answers).length;
      texts += (item.action.trim() ? 1 : 0) + Object.keys(item.reasons).filter((q) => (item.reasons[q] || "").trim()).length;
    });
    if (answers) { what.push(fill(t["holds-answers"], { n: answers })); }
    if (texts) { what.push(fill(t["holds-texts"], { n: texts })); }
    if (state.plan.length) { what.push(fill(t["holds-plan"], { n: state.plan.length })); }
    if (state.meta.service || state.meta.date || state.meta.participants) { what.push(t["holds-meta"]); }
    if (state.baseline) { what.push(t["holds-baseline"]); }
    if (state.team.length) { what.push(fill(t["holds-team"], { n: state.team.length })); }
    return what;
  }

  // --- Urgency: the documented rule ---------------------------------------------------------

  const skipped = (question) => state.planning && data.skippable.indexOf(question) >= 0;
  const considered = () => data.questions.filter((question) => !skipped(question));
  const info = (answers, question) => (answers && data.answers[answers[question]]) || null;

  // The further left a Partly or No stands, the more urgent: the priority is the position of the
  // leftmost one (1 = most urgent); within a priority, each answer weighs three times the one to
  // its right and No counts double Partly, so later answers only break ties.
  function assess(id) {
    const answers = state.items[id] ? state.items[id].answers : {};
    const questions = considered();
    let answered = 0, priority = null, score = 0;
    questions.forEach((question, index) => {
      const answer = info(answers, question);
      if (!answer) { return; }
      answered += 1;
      if (answer.improve) {
        if (priority === null) { priority = data.questions.indexOf(question) + 1; }
        score += Math.pow(3, questions.length - index - 1) * (answer.colour === "red" ? 2 : 1);
      }
    });
    if (priority === null && answered === questions.length) { priority = 0; }
    return { answered: answered, total: questions.length, priority: priority, score: score };
  }

  function priorityText(priority) {
    if (priority === null) { return t["priority-open"]; }
    return t[PRIORITY_TEXT[priority]];
  }
  function priorityBadge(node, priority) {
    node.textContent = withColon(t["priority-label"]) + priorityText(priority);
    node.className = "badge priority p" + (priority === null ? "-open" : priority);
  }

  // --- Improvement over time and team answers -----------------------------------------------

  function change(id, question) {
    if (!state.baseline) { return 0; }
    const before = info(state.baseline.items[id] && state.baseline.items[id].answers, question);
    const now = info(state.items[id] && state.items[id].answers, question);
    if (!before || !now || !(before.colour in RANK) || !(now.colour in RANK)) { return 0; }
    return RANK[before.colour] - RANK[now.colour];
  }

  function teamAnswers(id, question) {
    return state.team
      .map((member) => ({ name: member.name, answer: member.items[id] && member.items[id].answers[question] }))
      .filter((entry) => entry.answer && data.answers[entry.answer]);
  }
  const differs = (answers) => answers.some((entry) => entry.answer !== answers[0].answer);

  // --- The home page: each topic's progress and priorities -------------------------------

  function renderHome() {
    data.topics.forEach((topic) => {
      let answered = 0, total = 0;
      const counts = [0, 0, 0, 0, 0];
      scope.forEach((item) => {
        if (item.topic !== topic.id) { return; }
        const result = assess(item.id);
        answered += result.answered;
        total += result.total;
        if (result.priority) { counts[result.priority] += 1; }
      });
      const progress = fill(t["progress-overall"], { answered: answered, total: total });
      byId("progress-text-" + topic.id).textContent = progress;
      byId("progress-" + topic.id).max = total;
      byId("progress-" + topic.id).value = answered;
      const list = document.querySelector(".topic-card[data-topic='" + topic.id + "'] .topic-priorities");
      list.textContent = "";
      list.appendChild(el("li", {}, withColon(t["overview-needs-action"]) + counts.reduce((a, b) => a + b, 0)));
      counts.forEach((count, priority) => {
        if (priority && count) { list.appendChild(el("li", {}, withColon(t[PRIORITY_TEXT[priority]]) + count)); }
      });
    });
    const planned = state.plan.filter((row) => row.what.trim() || row.item).length;
    byId("home-planned").textContent = withColon(t["overview-planned"]) + planned;
  }
  if (data.page === "home") {
    window.addEventListener("storage", (event) => onStorage(event, renderHome));
    document.querySelectorAll(".js-only").forEach((node) => { node.hidden = false; });
    document.documentElement.classList.add("js");
    renderHome();
    return;
  }

  // --- Checklist -------------------------------------------------------------------------

  const articles = Array.prototype.slice.call(document.querySelectorAll("article.item"));

  // What only a running page needs under each question, the answers first: built here, not
  // sent in the markup (four answers of four questions would be a tenth of every item).
  articles.forEach((article) => {
    article.querySelectorAll(".question").forEach((box) => {
      const question = box.getAttribute("data-question");
      const name = article.getAttribute("data-item") + "--" + question;
      const group = box.querySelector(".answers");
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-labelledby", "title-" + article.getAttribute("data-item") + " q-" + name);
      data.answerOrder.forEach((answer) => {
        const shown = data.answers[answer];
        const label = el("label", { "class": "answer answer-" + shown.colour });
        label.appendChild(el("input", { type: "radio", name: name, value: answer }));
        label.appendChild(el("span", { "class": "chip chip-" + shown.colour, "aria-hidden": "true" }, shown.symbol));
        label.appendChild(el("span", { "class": "answer-label" }, shown.label));
        group.appendChild(label);
      });
      const id = "reason-" + article.getAttribute("data-item") + "--" + question;
      const extra = el("div", { "class": "q-extra" });
      if (data.skippable.indexOf(question) >= 0) { extra.appendChild(el("p", { "class": "skip-note", hidden: "" }, t["skipped-planning"])); }
      extra.appendChild(el("p", { "class": "team-note", hidden: "" }));
      const reason = el("p", { "class": "reason", hidden: "" });
      reason.appendChild(el("label", { "for": id }, t["reason-label"]));
      reason.appendChild(el("textarea", { id: id, "class": "reason-input grow", "data-question": question, rows: "2" }));
      reason.appendChild(el("span", { "class": "print-text" }));
      reason.appendChild(el("span", { "class": "reason-missing", id: id + "-missing", hidden: "" }, t["reason-missing"]));
      extra.appendChild(reason);
      const label = t["clear-answer"] + " – " + itemLabel(article.getAttribute("data-item")) + ", " + fill(t["question-n"], { n: data.questions.indexOf(question) + 1 });
      extra.appendChild(el("button", { type: "button", "class": "secondary clear-answer screen-only", "data-clear": question, "aria-label": label, hidden: "" }, t["clear-answer"]));
      box.insertBefore(extra, box.querySelector(".to-section"));
    });
  });

  function renderItem(article) {
    const id = article.getAttribute("data-item");
    const saved = state.items[id];
    article.querySelectorAll(".question").forEach((box) => {
      const question = box.getAttribute("data-question");
      const skip = skipped(question);
      box.classList.toggle("skipped", skip);
      box.querySelectorAll("input[type=radio]").forEach((input) => {
        input.checked = !!(saved && saved.answers[question] === input.value);
        input.disabled = skip;
      });
      const chosen = info(saved && saved.answers, question);
      box.classList.toggle("answered", !!chosen);
      const note = box.querySelector(".skip-note");
      if (note) { note.hidden = !skip; }
      box.querySelector(".clear-answer").hidden = !chosen || skip;
      const reason = box.querySelector(".reason");
      reason.hidden = !(chosen && chosen.reason);
      const field = reason.querySelector("textarea");
      field.value = (saved && saved.reasons[question]) || "";
      reason.querySelector(".print-text").textContent = field.value;
      markReason(reason, chosen);
      const team = teamAnswers(id, question);
      const teamNote = box.querySelector(".team-note");
      teamNote.hidden = team.length === 0;
      teamNote.classList.toggle("disagree", team.length > 0 && differs(team));
      teamNote.textContent = team.length ? withColon(t["team-note"]) + team.map((entry) => entry.name + " – " + data.answers[entry.answer].label).join("; ") + (differs(team) ? " (" + t["team-differ"] + ")" : "") : "";
    });
    const result = assess(id);
    article.querySelector(".item-progress").textContent = fill(t["progress-item"], { answered: result.answered, total: result.total });
    priorityBadge(article.querySelector(".badge.priority"), result.priority);
    const better = [], worse = [];
    data.questions.forEach((question) => {
      const delta = skipped(question) ? 0 : change(id, question);
      if (delta > 0) { better.push(question); } else if (delta < 0) { worse.push(question); }
    });
    const badge = article.querySelector(".badge.change");
    badge.hidden = !state.baseline;
    badge.textContent = state.baseline ? fill(t["change-summary"], { better: better.length, worse: worse.length }) : "";
    badge.className = "badge change" + (worse.length ? " worse" : better.length ? " better" : "");
    const action = article.querySelector(".action-input");
    action.value = (saved && saved.action) || "";
    article.querySelector(".action .print-text").textContent = action.value;
    const answeredAny = saved && Object.keys(saved.answers).length > 0;
    article.querySelector(".changed").hidden = !(answeredAny && saved.fingerprint && saved.fingerprint !== itemsById[id].fingerprint);
    renderButton(article);
  }

  // "Not applicable" asks for a reason: until there is one, the item, the summary, print and
  // the CSV say it is missing.
  const reasonMissing = (saved, question) => {
    const chosen = info(saved && saved.answers, question);
    return !!(chosen && chosen.reason && !((saved.reasons[question] || "").trim()));
  };
  function markReason(reason, chosen) {
    const field = reason.querySelector("textarea");
    const missing = !!(chosen && chosen.reason && !field.value.trim());
    reason.classList.toggle("missing", missing);
    reason.querySelector(".reason-missing").hidden = !missing;
    if (missing) { field.setAttribute("aria-describedby", field.id + "-missing"); } else { field.removeAttribute("aria-describedby"); }
  }

  // Priority changes are read out politely, wherever focus is.
  const announcer = el("p", { "class": "visually-hidden", "aria-live": "polite" });
  byId("main").appendChild(announcer);
  function announcePriority(id, before) {
    const after = assess(id).priority;
    if (after !== before) { announcer.textContent = itemLabel(id) + " – " + withColon(t["priority-label"]) + priorityText(after); }
  }

  function linkedRow(id) {
    const action = ((state.items[id] && state.items[id].action) || "").trim();
    let found = null;
    state.plan.forEach((row, index) => {
      if (found && found.same) { return; }
      const same = row.item === id && row.what.trim() === action;
      if (row.origin === id || same) { found = { row: row, index: index, same: same }; }
    });
    return found;
  }

  function renderButton(article) {
    const id = article.getAttribute("data-item");
    const button = article.querySelector(".add-to-plan");
    const linked = linkedRow(id);
    const action = ((state.items[id] && state.items[id].action) || "").trim();
    const mode = !linked ? "add" : linked.same || !action ? "in-plan" : "update";
    button.setAttribute("data-mode", mode);
    button.textContent = t[mode === "add" ? "add-to-plan" : mode === "update" ? "update-plan" : "in-plan"];
  }

  // The combined plan has no checklist.
  const checklist = byId("checklist") || document.createElement("section");
  checklist.addEventListener("change", (event) => {
    const target = event.target;
    const article = target.closest("article.item");
    if (!article || target.type !== "radio") { return; }
    const id = article.getAttribute("data-item");
    const before = assess(id).priority;
    const saved = itemState(id);
    saved.answers[target.closest(".question").getAttribute("data-question")] = target.value;
    saved.fingerprint = itemsById[id].fingerprint;
    save();
    renderItem(article);
    renderOverview();
    renderSummary();
    announcePriority(id, before);
  });

  checklist.addEventListener("input", (event) => {
    const target = event.target;
    const article = target.closest("article.item");
    if (!article) { return; }
    const id = article.getAttribute("data-item");
    const saved = itemState(id);
    if (target.classList.contains("reason-input")) {
      const question = target.getAttribute("data-question");
      saved.reasons[question] = target.value;
      markReason(target.closest(".reason"), info(saved.answers, question));
    } else if (target.classList.contains("action-input")) {
      saved.action = target.value;
      renderButton(article);
    } else {
      return;
    }
    target.parentNode.querySelector(".print-text").textContent = target.value;
    save();
    if (target.classList.contains("reason-input")) { renderMissing(); }
  });

  checklist.addEventListener("click", (event) => {
    const link = event.target.closest(".to-section a");
    if (link) {
      const details = byId(link.getAttribute("href").slice(1));
      if (details) { details.open = true; }
      return;
    }
    const button = event.target.closest("button.add-to-plan");
    if (button) { addToPlan(button.closest("article.item")); }
    const clear = event.target.closest("button.clear-answer");
    if (clear) { clearAnswer(clear); }
  });

  function clearAnswer(button) {
    const article = button.closest("article.item");
    const id = article.getAttribute("data-item");
    const question = button.getAttribute("data-clear");
    const before = assess(id).priority;
    undoable("clear-answer", () => { delete itemState(id).answers[question]; });
    renderItem(article);
    renderOverview();
    renderSummary();
    announcePriority(id, before);
    const message = article.querySelector(".feedback");
    feedback(message, t["answer-cleared"]);
    offerUndo(message);
    button.closest(".question").querySelector("input[type=radio]").focus();
  }

  function addToPlan(article) {
    const id = article.getAttribute("data-item");
    const saved = itemState(id);
    const action = saved.action.trim();
    const message = article.querySelector(".feedback");
    const linked = linkedRow(id);
    if (!action && !linked) {
      feedback(message, t["action-empty"]);
      article.querySelector(".action-input").focus();
      return;
    }
    let index;
    let text_;
    if (!linked) {
      state.plan.push({ item: id, origin: id, what: action, who: "", when: "", whenDate: "", monitoring: "", status: "planned" });
      index = state.plan.length - 1;
      text_ = t["added-to-plan"];
    } else if (linked.same || !action) {
      index = linked.index;
      text_ = t["already-in-plan"];
    } else {
      linked.row.what = action;
      linked.row.origin = id;
      index = linked.index;
      text_ = t["plan-updated"];
    }
    save();
    renderPlan();
    renderButton(article);
    renderOverview();
    feedback(message, text_, "#plan-row-" + index);
  }

  byId("planning").addEventListener("change", (event) => {
    state.planning = event.target.checked;
    save();
    refresh();
  });

  // --- The assessment's name, and the header of every printed page -------------------------

  const metaInputs = document.querySelectorAll(".meta-input");
  function headerText(blank) {
    if (blank) { return withColon(t["service-label"]) + "______________  " + withColon(t["date-label"]) + "__________"; }
    return [state.meta.service || t["unnamed-service"], formatDate(state.meta.date), document.title].filter(Boolean).join(" · ");
  }
  function setHeader(blank) {
    const css = (value) => JSON.stringify(value.replace(/[\r\n]+/g, " "));
    const root = document.documentElement.style;
    root.setProperty("--print-header", css(headerText(blank)));
    const notice = document.querySelector(".translation-notice");
    if (notice) { root.setProperty("--print-notice", css(notice.textContent)); }
  }
  function renderMeta() {
    metaInputs.forEach((input) => { input.value = state.meta[input.getAttribute("data-meta")] || ""; });
    setHeader(false);
    const parts = [state.meta.service, formatDate(state.meta.date), state.meta.participants && withColon(t["participants-label"]) + state.meta.participants];
    byId("summary-meta").textContent = parts.filter(Boolean).join(" · ");
  }
  byId("overview").addEventListener("input", (event) => {
    const key = event.target.getAttribute("data-meta");
    if (!key) { return; }
    state.meta[key] = event.target.value;
    save();
    setHeader(false);
    renderMeta();
  });

  // --- Overview, summary and chart -------------------------------------------------------

  function renderOverview() {
    let answered = 0, total = 0, needs = 0;
    scope.forEach((item) => {
      const result = assess(item.id);
      answered += result.answered;
      total += result.total;
      if (result.priority) { needs += 1; }
    });
    const rows = state.plan.filter(shownRow);
    const planned = rows.filter((row) => row.what.trim() || row.item).length;
    const done = rows.filter((row) => row.status === "done").length;
    const progress = fill(t["progress-overall"], { answered: answered, total: total });
    byId("progress-text").textContent = progress;
    byId("progress-bar").max = total;
    byId("progress-bar").value = answered;
    byId("stat-needs").textContent = needs;
    byId("stat-planned").textContent = planned;
    byId("stat-done").textContent = done;
    byId("nav-progress").textContent = answered + "/" + total;
    byId("nav-plan").textContent = String(planned);
    byId("summary-line").textContent = [progress, withColon(t["overview-needs-action"]) + needs, withColon(t["overview-planned"]) + planned].join(" · ");
  }

  function chipFor(answer, question) {
    const skip = skipped(question);
    const answerInfo = !skip && answer && data.answers[answer];
    const chip = el("span", { "class": "chip chip-" + (skip ? "skip" : answerInfo ? answerInfo.colour : "empty") });
    chip.appendChild(el("span", { "aria-hidden": "true" }, skip ? "·" : answerInfo ? answerInfo.symbol : "?"));
    chip.appendChild(el("span", { "class": "visually-hidden" }, fill(t["question-n"], { n: data.questions.indexOf(question) + 1 }) + data.colon + " " + (skip ? t["skipped-planning"] : answerInfo ? answerInfo.label : t.unanswered)));
    return chip;
  }

  function renderSummary() {
    const ranked = scope
      .map((item) => ({ item: item, result: assess(item.id) }))
      .filter((entry) => entry.result.priority > 0)
      .sort((a, b) => a.result.priority - b.result.priority || b.result.score - a.result.score || a.item.order - b.item.order);
    const list = byId("ranking");
    list.textContent = "";
    ranked.forEach((entry) => {
      const li = el("li");
      li.appendChild(el("a", { href: itemHref(entry.item.id) }, itemLabel(entry.item.id)));
      const badge = el("span");
      priorityBadge(badge, entry.result.priority);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
      const chips = el("span", { "class": "chips" });
      data.questions.forEach((question) => {
        chips.appendChild(chipFor(state.items[entry.item.id].answers[question], question));
      });
      li.appendChild(chips);
      list.appendChild(li);
    });
    byId("ranking-none").hidden = ranked.length > 0;
    renderMissing();
    renderChart();
  }

  function renderMissing() {
    const list = byId("missing-list");
    list.textContent = "";
    scope.forEach((item) => {
      considered().forEach((question) => {
        if (!reasonMissing(state.items[item.id], question)) { return; }
        const li = el("li");
        li.appendChild(el("a", { href: itemHref(item.id) }, itemLabel(item.id) + " – " + fill(t["question-n"], { n: data.questions.indexOf(question) + 1 })));
        list.appendChild(li);
      });
    });
    byId("missing-reasons").hidden = list.children.length === 0;
  }

  // Items are numbered within their topic, so the combined plan draws a chart per topic, under
  // the topic's name; a topic's page draws its own as before.
  function renderChart() {
    const holder = byId("chart");
    holder.textContent = "";
    data.topics.forEach((topic, n) => {
      const items = scope.filter((item) => item.topic === topic.id);
      const id = data.page === "topic" ? "" : "-" + n;
      if (id && items[0]) { holder.appendChild(el("b", {}, topic.title)); }
      if (items[0]) { holder.appendChild(drawChart(items, id)); }
    });
    byId("chart-legend").textContent = data.answerOrder.map((id) => data.answers[id].symbol + " " + data.answers[id].label).concat(["? " + t.unanswered]).join(" · ");
    const key = byId("chart-key");
    key.hidden = !state.baseline;
    if (state.baseline) {
      key.textContent = fill(t["chart-baseline-key"], { date: formatDate(state.baseline.date) || state.baseline.name });
    }
  }

  function drawChart(items, id) {
    const ns = "http://www.w3.org/2000/svg";
    const cell = 30, labelWidth = 34, gap = 8, top = 26;
    const width = labelWidth + data.questions.length * (cell + gap) + 14;
    const height = top + items.length * (cell + gap);
    const svg = document.createElementNS(ns, "svg");
    const add = (parent, tag, attrs, content) => {
      const node = document.createElementNS(ns, tag);
      Object.keys(attrs).forEach((key) => node.setAttribute(key, String(attrs[key])));
      if (content !== undefined) { node.textContent = content; }
      parent.appendChild(node);
      return node;
    };
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", "chart-title chart-desc" + id);
    const desc = add(svg, "desc", { id: "chart-desc" + id });
    const lines = [];
    data.questions.forEach((question, q) => {
      add(svg, "text", { x: labelWidth + q * (cell + gap) + cell / 2, y: 16, "text-anchor": "middle", "class": "axis" }, String(q + 1));
    });
    items.forEach((item, row) => {
      const y = top + row * (cell + gap);
      add(svg, "text", { x: 4, y: y + cell / 2 + 5, "class": "axis" }, item.number + ".");
      const words = [];
      const saved = state.items[item.id];
      data.questions.forEach((question, q) => {
        const answer = info(saved && saved.answers, question);
        const x = labelWidth + q * (cell + gap);
        const skip = skipped(question);
        add(svg, "rect", { x: x, y: y, width: cell, height: cell, rx: 6, "class": "cell " + (skip ? "skip" : answer ? answer.colour : "empty") });
        add(svg, "text", { x: x + cell / 2, y: y + cell / 2 + 5, "text-anchor": "middle", "class": "mark " + (answer ? answer.colour : "empty") }, skip ? "·" : answer ? answer.symbol : "?");
        let word = (q + 1) + ": " + (skip ? t["skipped-planning"] : answer ? answer.label : t.unanswered);
        const delta = skip ? 0 : change(item.id, question);
        if (delta) {
          add(svg, "text", { x: x + cell + 1, y: y + 10, "class": "delta " + (delta > 0 ? "better" : "worse") }, delta > 0 ? "▲" : "▼");
          word += " (" + t[delta > 0 ? "change-better" : "change-worse"] + ")";
        }
        words.push(word);
      });
      lines.push(itemLabel(item.id) + " — " + words.join(", "));
    });
    desc.textContent = lines.join("; ");
    return svg;
  }

  // --- Action plan -----------------------------------------------------------------------

  // On the combined plan, an item's number is within its topic, so its topic is named too.
  function itemLabel(id) {
    const item = itemsById[id];
    if (!item) { return t["no-item"]; }
    return (data.page === "topic" ? "" : topicsById[item.topic].title + " – ") + item.number + ". " + item.title;
  }
  // A topic's page shows the rows of its items and those of no item; the combined plan all.
  const shownRow = (row) => !row.item || inScope(row.item) || (!!row.origin && inScope(row.origin));

  function sortedRows() {
    const rows = state.plan.map((row, index) => ({ row: row, index: index })).filter((entry) => shownRow(entry.row));
    const rank = (entry) => {
      const priority = entry.row.item ? assess(entry.row.item).priority : null;
      return !entry.row.item ? 7 : priority === null ? 6 : priority === 0 ? 5 : priority;
    };
    const number = (entry) => (itemsById[entry.row.item] ? itemsById[entry.row.item].order : data.items.length);
    const when = (entry) => entry.row.whenDate || entry.row.when.trim() || "\uffff";
    const compare = {
      priority: (a, b) => rank(a) - rank(b) || number(a) - number(b),
      item: (a, b) => number(a) - number(b),
      when: (a, b) => when(a).localeCompare(when(b), data.locale),
      status: (a, b) => STATUSES.indexOf(a.row.status) - STATUSES.indexOf(b.row.status),
    }[state.sort];
    return rows.sort((a, b) => compare(a, b) || a.index - b.index);
  }

  function cell(tr, label, className) {
    const td = el("td", { "class": className || "" });
    td.appendChild(el("span", { "class": "cell-label", "aria-hidden": "true" }, label));
    tr.appendChild(td);
    return td;
  }

  // A column is never narrower than the longest word in it: the table widens that column
  // and narrows the others, so no word is broken in the middle.
  const ruler = document.createElement("canvas").getContext("2d");
  function fitWords(area) {
    if (!ruler || !area.isConnected) { return; }
    const style = getComputedStyle(area);
    ruler.font = style.font;
    const widest = Math.max.apply(null, area.value.split(/\s+/).map((word) => ruler.measureText(word).width).concat([0]));
    area.style.minWidth = Math.ceil(widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 4) + "px";
  }

  function field(td, row, index, column, label, position) {
    const control = el("textarea", { "aria-label": label + " (" + position + ")", rows: "1", "class": "grow", "data-row": String(index), "data-column": column });
    control.value = row[column] || "";
    td.appendChild(control);
    td.appendChild(el("span", { "class": "print-value" }, control.value));
    return control;
  }

  function renderPlan() {
    const body = byId("plan-rows");
    body.textContent = "";
    const labels = {};
    data.columns.forEach((column) => { labels[column.id] = column.label; });
    sortedRows().forEach((entry, position) => {
      const row = entry.row, index = entry.index;
      const tr = el("tr", { id: "plan-row-" + index, "data-row": String(index) });
      cell(tr, labels.item, "item-cell").appendChild(el("span", { "class": "item-name" }, itemLabel(row.item)));
      const badge = el("span");
      priorityBadge(badge, row.item ? assess(row.item).priority : null);
      badge.textContent = row.item ? priorityText(assess(row.item).priority) : "–";
      cell(tr, t["priority-label"], "priority-cell").appendChild(badge);
      COLUMNS.forEach((column) => {
        const td = cell(tr, labels[column], column + "-cell");
        field(td, row, index, column, labels[column], position + 1);
        if (column === "when") {
          const picker = el("input", { type: "date", "aria-label": t["pick-date"] + " (" + (position + 1) + ")", "data-row": String(index), "data-column": "whenDate", "class": "date-picker screen-only" });
          picker.value = row.whenDate || "";
          td.appendChild(picker);
        }
      });
      const statusCell = cell(tr, t["status-label"], "status-cell");
      const select = el("select", { "aria-label": t["status-label"] + " (" + (position + 1) + ")", "data-row": String(index), "data-column": "status", "class": "status-" + row.status });
      STATUSES.forEach((status) => {
        const option = el("option", { value: status }, t[STATUS_TEXT[status]]);
        option.selected = status === row.status;
        select.appendChild(option);
      });
      statusCell.appendChild(select);
      statusCell.appendChild(el("span", { "class": "print-value" }, t[STATUS_TEXT[row.status]]));
      statusCell.appendChild(el("button", { type: "button", "class": "secondary screen-only remove", "data-remove": String(index), "aria-label": t["remove-action"] + " (" + (position + 1) + ")" }, t["remove-action"]));
      body.appendChild(tr);
    });
    body.querySelectorAll("textarea").forEach(fitWords);
    byId("plan-empty").hidden = body.children.length > 0;
    document.querySelectorAll("th[data-sort]").forEach((th) => {
      if (th.getAttribute("data-sort") === state.sort) { th.setAttribute("aria-sort", "ascending"); } else { th.removeAttribute("aria-sort"); }
    });
  }

  const planBody = byId("plan-rows");
  function onPlanEdit(event) {
    const target = event.target;
    const index = target.getAttribute("data-row");
    const column = target.getAttribute("data-column");
    if (index === null || !column) { return; }
    const row = state.plan[Number(index)];
    const tr = target.closest("tr");
    if (column === "whenDate") {
      row.whenDate = target.value;
      if (target.value) { row.when = formatDate(target.value); }
      tr.querySelector("textarea[data-column=when]").value = row.when;
      fitWords(tr.querySelector("textarea[data-column=when]"));
      tr.querySelector(".when-cell .print-value").textContent = row.when;
    } else if (column === "status") {
      row.status = target.value;
      target.className = "status-" + row.status;
      target.parentNode.querySelector(".print-value").textContent = t[STATUS_TEXT[row.status]];
    } else {
      row[column] = target.value;
      target.parentNode.querySelector(".print-value").textContent = target.value;
      fitWords(target);
      if (column === "when" && row.whenDate && target.value !== formatDate(row.whenDate)) {
        row.whenDate = "";
        tr.querySelector(".date-picker").value = "";
      }
      // The item's Action and its row's "What" are one text: editing either keeps both.
      if (column === "what" && row.origin) {
        itemState(row.origin).action = target.value;
        const article = byId("item-" + row.origin);
        if (article) {
          article.querySelector(".action-input").value = target.value;
          article.querySelector(".action .print-text").textContent = target.value;
          renderButton(article);
        }
      }
    }
    save();
    if (event.type === "change") { renderOverview(); }
  }
  planBody.addEventListener("input", onPlanEdit);
  planBody.addEventListener("change", onPlanEdit);
  planBody.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-remove]");
    if (!button) { return; }
    undoable("remove", () => { state.plan.splice(Number(button.getAttribute("data-remove")), 1); });
    refresh();
    feedback(byId("plan-feedback"), t["row-removed"]);
    offerUndo(byId("plan-feedback"));
    byId("add-row").focus();
  });
  document.querySelectorAll("button.sort").forEach((button) => {
    button.addEventListener("click", () => {
      state.sort = button.getAttribute("data-sort");
      save();
      renderPlan();
    });
  });
  byId("add-row").addEventListener("click", () => {
    const item = byId("add-row-item").value;
    state.plan.push({ item: item, origin: "", what: "", who: "", when: "", whenDate: "", monitoring: "", status: "planned" });
    const index = state.plan.length - 1;
    save();
    renderPlan();
    renderOverview();
    byId("plan-row-" + index).querySelector("textarea").focus();
  });

  // --- Files: CSV, answers, baseline and team --------------------------------------------

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type: type }));
    const link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const slug = (value) => value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  // The file's name in the page's language, e.g. "...-aktionsplan.csv".
  function fileName(kind, extension) {
    return [data.toolkit, slug(state.meta.service), state.meta.date, slug(t[kind]) || kind].filter(Boolean).join("-") + extension;
  }

  // RFC 4180 quoting; a leading = + - @ (or tab, carriage return) gets a quote mark so that a
  // spreadsheet shows the text instead of running it as a formula.
  function csvCell(value) {
    let content = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(content)) { content = "'" + content; }
    return '"' + content.replace(/"/g, '""') + '"';
  }

  // Spreadsheets read a CSV with the list separator of their locale: a semicolon where the
  // decimal mark is a comma.
  const separator = byId("csv-separator");
  separator.value = (1.5).toLocaleString(data.locale).indexOf(",") >= 0 ? ";" : ",";

  byId("download-csv").addEventListener("click", () => {
    const labels = {};
    data.columns.forEach((column) => { labels[column.id] = column.label; });
    // The columns after Status came later: a reader of the first ones still finds them in place.
    const header = [labels.item, t["priority-label"]].concat(data.shortQuestions, COLUMNS.map((c) => labels[c]), [t["status-label"], t["csv-when-date"], t["csv-reasons"], t["service-label"], t["date-label"]]);
    const lines = [header];
    sortedRows().forEach((entry) => {
      const row = entry.row;
      const saved = row.item && state.items[row.item];
      const answers = (saved && saved.answers) || {};
      const reasons = considered().filter((q) => info(answers, q) && info(answers, q).reason).map((q) => {
        const n = data.questions.indexOf(q);
        return (n + 1) + ". " + data.shortQuestions[n] + data.colon + " " + ((saved.reasons[q] || "").trim() || t["reason-missing"]);
      });
      lines.push([itemsById[row.item] ? itemsById[row.item].title : "", row.item ? priorityText(assess(row.item).priority) : ""]
        .concat(data.questions.map((q) => (skipped(q) ? t["skipped-planning"] : data.answers[answers[q]] ? data.answers[answers[q]].label : "")))
        .concat(COLUMNS.map((c) => row[c]), [t[STATUS_TEXT[row.status]], row.whenDate, reasons.join("; "), state.meta.service, state.meta.date]));
    });
    const csv = lines.map((line) => line.map(csvCell).join(separator.value)).join("\r\n") + "\r\n";
    download(fileName("file-action-plan", ".csv"), "text/csv;charset=utf-8", "\ufeff" + csv);
    feedback(byId("status"), t["csv-done"]);
  });

  byId("export-answers").addEventListener("click", () => {
    const file = { format: FORMAT, formatVersion: FORMAT_VERSION, toolkit: data.toolkit, contentVersion: data.version, locale: data.locale, savedAt: new Date().toISOString(), state: state };
    download(fileName("file-answers", ".json"), "application/json", JSON.stringify(file, null, 2) + "\n");
    feedback(byId("status"), t["export-done"]);
  });

  function readFiles(input, done) {
    const files = Array.prototype.slice.call(input.files || []);
    input.value = "";
    if (!files.length) { return; }
    Promise.all(files.map((file) => (file.size > MAX_FILE ? Promise.resolve({ name: file.name, result: { error: t["import-too-large"] } })
      : file.text().then((content) => ({ name: file.name, result: readAnswersFile(content) }))))).then(done);
  }
  const failure = (entry) => t["import-failed"] + " " + entry.name + data.colon + " " + entry.result.error;

  byId("import-answers").addEventListener("change", (event) => {
    readFiles(event.target, (entries) => {
      const entry = entries[0];
      if (entry.result.error) { feedback(byId("status"), failure(entry)); return; }
      const held = holdings();
      if (held.length && !window.confirm(fill(t["confirm-replace"], { what: held.join(", ") }))) { feedback(byId("status"), t["load-cancelled"]); return; }
      undoable("import", () => { state = entry.result.state; });
      refresh();
      feedback(byId("status"), t["import-done"]);
      offerUndo(byId("status"));
    });
  });

  function snapshot(entry) {
    const loaded = entry.result.state;
    const items = {};
    Object.keys(loaded.items).forEach((id) => { items[id] = { answers: loaded.items[id].answers }; });
    return { name: loaded.meta.participants || loaded.meta.service || entry.name.replace(/\.json$/i, ""), date: loaded.meta.date || entry.result.savedAt, items: items };
  }

  byId("load-baseline").addEventListener("change", (event) => {
    readFiles(event.target, (entries) => {
      const entry = entries[0];
      if (entry.result.error) { feedback(byId("compare-status"), failure(entry)); return; }
      const old = state.baseline;
      if (old && !window.confirm(fill(t["confirm-baseline"], { name: formatDate(old.date) || old.name }))) { feedback(byId("compare-status"), t["load-cancelled"]); return; }
      undoable("baseline", () => { state.baseline = snapshot(entry); });
      refresh();
      feedback(byId("compare-status"), fill(t["baseline-loaded"], { date: formatDate(state.baseline.date) || state.baseline.name }));
      offerUndo(byId("compare-status"));
    });
  });
  byId("clear-baseline").addEventListener("click", () => {
    undoable("clear-baseline", () => { state.baseline = null; });
    refresh();
    feedback(byId("compare-status"), t["undo-clear-baseline"]);
    offerUndo(byId("compare-status"));
    byId("load-baseline").focus();
  });

  byId("load-team").addEventListener("change", (event) => {
    readFiles(event.target, (entries) => {
      const good = entries.filter((entry) => !entry.result.error);
      const bad = entries.filter((entry) => entry.result.error);
      const team = good.map(snapshot);
      // Members of the same name (or with no name, so the service's) are told apart by file.
      const names = team.map((member) => member.name);
      team.forEach((member, index) => {
        if (names.indexOf(member.name) !== names.lastIndexOf(member.name)) { member.name += " (" + good[index].name + ")"; }
      });
      if (state.team.length && good.length && !window.confirm(fill(t["confirm-team"], { names: state.team.map((m) => m.name).join(", ") }))) { feedback(byId("compare-status"), t["load-cancelled"]); return; }
      if (good.length) { undoable("team", () => { state.team = team; state.settled = {}; }); }
      refresh();
      feedback(byId("compare-status"), [fill(t["team-loaded"], { count: good.length })].concat(bad.map(failure)).join(" "));
      if (good.length) { offerUndo(byId("compare-status")); }
    });
  });
  byId("clear-team").addEventListener("click", () => {
    undoable("clear-team", () => { state.team = []; state.settled = {}; });
    refresh();
    feedback(byId("compare-status"), t["undo-clear-team"]);
    offerUndo(byId("compare-status"));
    byId("load-team").focus();
  });

  function renderTeam() {
    byId("team").hidden = state.team.length === 0;
    byId("clear-team").hidden = state.team.length === 0;
    byId("clear-baseline").hidden = !state.baseline;
    const list = byId("team-list");
    list.textContent = "";
    if (!state.team.length) { return; }
    let open = 0, settled = 0;
    scope.forEach((item) => {
      considered().forEach((question) => {
        const answers = teamAnswers(item.id, question);
        if (!answers.length || !differs(answers)) { return; }
        const key = item.id + "--" + question;
        const current = state.items[item.id] && state.items[item.id].answers[question];
        const done = !!(state.settled[key] && current);
        if (done) { settled += 1; } else { open += 1; }
        const li = el("li", { id: "team-" + key, "class": done ? "settled" : "" });
        const q = data.questions.indexOf(question);
        li.appendChild(el("p", { "class": "team-question" }, itemLabel(item.id) + " — " + (q + 1) + ". " + data.shortQuestions[q]));
        li.appendChild(el("p", {}, answers.map((entry) => entry.name + " – " + data.answers[entry.answer].label).join("; ")));
        const buttons = el("p", { "class": "buttons" });
        const distinct = answers.map((entry) => entry.answer).filter((answer, index, all) => all.indexOf(answer) === index);
        distinct.forEach((answer) => {
          const chosen = done && current === answer;
          const button = el("button", { type: "button", "class": chosen ? "" : "secondary", "aria-pressed": String(chosen), "data-settle": key, "data-answer": answer }, fill(t["team-settle"], { answer: data.answers[answer].label }));
          buttons.appendChild(button);
        });
        li.appendChild(buttons);
        list.appendChild(li);
      });
    });
    byId("team-summary").textContent = fill(t["team-summary"], { members: state.team.map((m) => m.name).join(", "), open: open, settled: settled });
  }

  byId("team-list").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-settle]");
    if (!button) { return; }
    const key = button.getAttribute("data-settle");
    const where = key.split("--");
    const before = assess(where[0]).priority;
    undoable("settle", () => {
      const saved = itemState(where[0]);
      saved.answers[where[1]] = button.getAttribute("data-answer");
      saved.fingerprint = itemsById[where[0]].fingerprint;
      state.settled[key] = true;
    });
    refresh();
    announcePriority(where[0], before);
    feedback(byId("compare-status"), t["undo-settle"]);
    offerUndo(byId("compare-status"));
    const again = document.querySelector("button[data-settle='" + key + "'][aria-pressed=true]");
    if (again) { again.focus(); }
  });

  byId("clear-all").addEventListener("click", () => {
    if (!window.confirm(t["clear-confirm"])) { return; }
    undoable("clear-all", () => { state = emptyState(); });
    document.querySelectorAll(".feedback").forEach((node) => { node.textContent = ""; });
    refresh();
    feedback(byId("status"), t["cleared"]);
    offerUndo(byId("status"));
  });

  // --- Printing --------------------------------------------------------------------------

  // On paper the plan goes by priority, whatever order the screen shows it in; the screen's
  // order comes back once printed.
  let screenSort = "";
  function sortForPaper(printing) {
    if (printing && !screenSort && state.sort !== "priority") { screenSort = state.sort; state.sort = "priority"; renderPlan(); }
    if (!printing && screenSort) { state.sort = screenSort; screenSort = ""; renderPlan(); }
  }

  // The blank form ends with the plan's table to fill in by hand: its headings over empty rows.
  function blankPlan() {
    const table = byId("blank-plan");
    if (!table) { return; }
    const head = table.createTHead().insertRow();
    document.querySelectorAll("#action-plan thead th").forEach((th) => { head.appendChild(el("th", { scope: "col" }, th.textContent)); });
    const body = table.createTBody();
    for (let row = 0; row < 4; row += 1) {
      const tr = body.insertRow();
      head.childNodes.forEach(() => tr.insertCell());
    }
  }

  const MODES = ["print-checklist", "print-plan", "print-summary", "print-blank"];
  MODES.forEach((mode) => {
    const button = byId(mode);
    if (!button) { return; }
    button.addEventListener("click", () => {
      document.body.classList.add(mode);
      setHeader(mode === "print-blank");
      sortForPaper(true);
      window.print();
    });
  });
  window.addEventListener("beforeprint", () => sortForPaper(true));
  window.addEventListener("afterprint", () => {
    document.body.classList.remove.apply(document.body.classList, MODES);
    setHeader(false);
    sortForPaper(false);
  });
  blankPlan();

  // Items away from the screen are laid out only as they come near it (style.css), so the
  // items a smooth jump to a link's target passes grow to their real height on the way and
  // move the target: once the scroll has stopped, the target is put where the jump meant it.
  // A reader who scrolls meanwhile takes over.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && byId(link.getAttribute("href").slice(1));
    if (!target) { return; }
    let stopped = false;
    const stop = () => { stopped = true; };
    ["wheel", "touchstart", "keydown"].forEach((kind) => window.addEventListener(kind, stop, { once: true, passive: true }));
    let last = NaN;
    let still = 0;
    const settle = () => {
      if (stopped) { return; }
      still = window.scrollY === last ? still + 1 : 0;
      last = window.scrollY;
      if (still < 3) { requestAnimationFrame(settle); return; }
      target.scrollIntoView({ block: "start", behavior: "instant" });
    };
    requestAnimationFrame(settle);
  });

  // Fields grow with their text where the browser cannot size them by their content itself.
  if (!(window.CSS && CSS.supports("field-sizing", "content"))) {
    document.addEventListener("input", (event) => {
      const target = event.target;
      if (target.classList && target.classList.contains("grow")) { target.style.height = "auto"; target.style.height = target.scrollHeight + 2 + "px"; }
    });
  }

  function refresh() {
    byId("planning").checked = !!state.planning;
    renderMeta();
    articles.forEach(renderItem);
    renderPlan();
    renderTeam();
    renderOverview();
    renderSummary();
  }

  // Another tab saved: show it; the plan's fields are made anew, so focus goes back to the same one.
  window.addEventListener("storage", (event) => onStorage(event, () => {
    const focused = document.activeElement;
    const column = focused && focused.getAttribute("data-column");
    const place = column ? "[data-row='" + focused.getAttribute("data-row") + "'][data-column='" + column + "']" : "";
    refresh();
    const again = place && document.querySelector(place);
    if (again) { again.focus(); }
  }));

  document.querySelectorAll(".js-only").forEach((node) => { node.hidden = false; });
  document.documentElement.classList.add("js");
  refresh();
  renderUndo();
})();
