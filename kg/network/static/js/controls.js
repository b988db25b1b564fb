// The controls: filters (dates, types, statuses, sources, countries) with the number
// of contacts each value would show, finding a person, and moving between views.

var view = { stack: [], note: "", iterations: 0 };
var body = document.body;
var statusLine = byId("kg-status");

// ---- moving between views --------------------------------------------------------------------------
// Only the latest view asked for is finished: a filter changed while a layout runs
// replaces it.
var renders = 0;

function render(v, refine, then) {
  body.setAttribute("data-kg-state", "layout");
  hideCard();
  var keep = refine ? focusKey() : null;
  renders += 1;
  var ticket = renders;
  showView(v, refine, function () {
    if (ticket !== renders) { return; }
    byId("kg-back").disabled = view.stack.length === 0;
    byId("kg-trail").textContent = view.stack.map(viewTitle).concat([viewTitle(current)]).join(" › ");
    byId("kg-note").textContent = view.note;
    byId("kg-view-countries").setAttribute("aria-pressed", String(current.kind === "countries" && !current.expanded.length));
    byId("kg-view-people").setAttribute("aria-pressed", String(current.kind === "people"));
    renderLegend();
    if (keep && restoreFocus(keep)) { showPanel(focus); } else { showHint(); }
    if (then) { then(); }
    body.setAttribute("data-kg-state", "ready");
  });
}

function go(v, then) {
  if (current && sameView(current, v)) { if (then) { then(); } return; }
  if (current) { view.stack.push(current); }
  render(v, false, then);
}

function back() {
  if (!view.stack.length) { return; }
  render(view.stack.pop(), false);
}

// Open a country into its people, and show them: the opened country and its people fill the view.
function expand(g) {
  var opened = current.kind === "countries" ? current.expanded.slice() : [];
  if (opened.indexOf(g) === -1) { opened.push(g); }
  go({ kind: "countries", expanded: opened }, function () {
    var hub = groupId(g);
    var members = memberEdges.filter(function (m) { return m.from === hub; }).map(function (m) { return m.to; });
    if (members.length) { fitNodes(members.concat([hub])); }
  });
}

function collapse(g) {
  go({ kind: "countries", expanded: current.expanded.filter(function (c) { return c !== g; }) });
}

function focusKey() {
  if (!focus) { return null; }
  if (focus.type === "node") { return { type: "node", id: focus.id }; }
  var e = edgeInfo[focus.id];
  return { type: "edge", from: e.from, to: e.to };
}

function restoreFocus(key) {
  if (key.type === "node") {
    if (!nodeInfo[key.id]) { return false; }
    setFocus("node", key.id);
    return true;
  }
  var found = Object.keys(edgeInfo).filter(function (id) {
    return edgeInfo[id].from === key.from && edgeInfo[id].to === key.to;
  })[0];
  if (!found) { return false; }
  setFocus("edge", found);
  return true;
}

function select(hit) {
  if (!hit) { unfocus(); showHint(); return; }
  setFocus(hit.type, hit.id);
  showPanel(hit);
}

// ---- filters ------------------------------------------------------------------------------------------
var fromInput = byId("kg-from");
var toInput = byId("kg-to");
var counters = { types: [], statuses: {}, publishers: [], contested: null };

function checkbox(field, label, checked, onChange) {
  var wrap = el("label");
  var box = el("input");
  box.type = "checkbox";
  box.checked = checked;
  box.addEventListener("change", function () { onChange(box.checked); apply(); });
  wrap.appendChild(box);
  wrap.appendChild(document.createTextNode(" " + label + " "));
  var count = el("span", "kg-count-badge", "");
  wrap.appendChild(count);
  field.appendChild(wrap);
  return { box: box, count: count };
}

types.forEach(function (type, i) {
  var made = checkbox(byId("kg-types"), type.label, true, function (on) { filters.types[i] = on; });
  made.box.setAttribute("data-type", type.id);
  counters.types.push(made);
});
STATUSES.forEach(function (s) {
  var made = checkbox(byId("kg-statuses"), s, true, function (on) { filters.statuses[s] = on; });
  made.box.setAttribute("data-status", s);
  counters.statuses[s] = made;
});
counters.contested = checkbox(byId("kg-statuses"), "only where something is disputed", false,
  function (on) { filters.contested = on; });
counters.contested.box.setAttribute("data-contested", "");
var publisherField = byId("kg-publishers");
data.publishers.forEach(function (name, i) {
  var made = checkbox(publisherField, name, true, function (on) { filters.publishers[i] = on; });
  made.box.setAttribute("data-publisher", String(i));
  counters.publishers.push(made);
});

function updateCounts() {
  var f = state.facets;
  counters.types.forEach(function (c, i) { c.count.textContent = "(" + number(f.types[i] || 0) + ")"; });
  STATUSES.forEach(function (s) { counters.statuses[s].count.textContent = "(" + number(f.statuses[s] || 0) + ")"; });
  counters.contested.count.textContent = "(" + number(f.contested) + ")";
  counters.publishers.forEach(function (c, i) { c.count.textContent = "(" + number(f.publishers[i] || 0) + ")"; });
  dropState("kg-types-state", counters.types.filter(function (c) { return c.box.checked; }).length, types.length);
  var statusText = STATUSES.filter(function (s) { return filters.statuses[s]; });
  var statusState = byId("kg-statuses-state");
  statusState.textContent = (statusText.length === STATUSES.length ? "all" : statusText.join(", ") || "none") +
    (filters.contested ? ", something disputed" : "");
  statusState.classList.toggle("kg-narrowed", statusText.length !== STATUSES.length || filters.contested);
  dropState("kg-publishers-state", counters.publishers.filter(function (c) { return c.box.checked; }).length, data.publishers.length);
  renderChips();
  statusLine.textContent = plural(state.participants, "participant") + " and " +
    plural(state.total, "contact") + " shown";
}

function dropState(id, on, all) {
  var state = byId(id);
  state.textContent = on === all ? "all" : number(on) + " of " + number(all);
  state.classList.toggle("kg-narrowed", on !== all);
}

function readDate(input, side) {
  var text = input.value.trim();
  if (!text) { filters[side] = ""; input.classList.remove("kg-invalid"); return true; }
  var bounds = dayBounds(text);
  if (!bounds) {
    input.classList.add("kg-invalid");
    statusLine.textContent = "“" + text + "” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD";
    return false;
  }
  input.classList.remove("kg-invalid");
  filters[side] = side === "from" ? bounds[0] : bounds[1];
  return true;
}

[[fromInput, "from"], [toInput, "to"]].forEach(function (pair) {
  var onChange = function () { if (readDate(pair[0], pair[1])) { apply(); } };
  pair[0].addEventListener("change", onChange);
  pair[0].addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); onChange(); }
  });
});

// ---- countries ---------------------------------------------------------------------------------------
var countryInput = byId("kg-country");
var countryNames = byId("kg-country-names");
countries.forEach(function (country) {
  var option = el("option");
  option.value = country.name;
  countryNames.appendChild(option);
});

function countryNamed(text) {
  var wanted = fold(text);
  if (!wanted) { return null; }
  var exact = countries.filter(function (c) { return c.folded === wanted; });
  if (exact.length) { return exact[0].index; }
  var partial = countries.filter(function (c) { return c.folded.indexOf(wanted) === 0; });
  return partial.length === 1 ? partial[0].index : null;
}

function addCountry(g) {
  if (filters.countries.indexOf(g) === -1) { filters.countries.push(g); }
  apply();
}

function renderChips() {
  var chips = byId("kg-country-chips");
  chips.replaceChildren();
  filters.countries.forEach(function (g) {
    var chip = el("span", "kg-chip", countries[g].name + " (" + number(state.facets.countries[g] || 0) + ") ");
    chip.setAttribute("data-country", countries[g].id);
    var remove = button("×", function () {
      filters.countries = filters.countries.filter(function (c) { return c !== g; });
      apply();
    }, "kg-chip-remove");
    remove.title = "Remove " + countries[g].name;
    chip.appendChild(remove);
    chips.appendChild(chip);
  });
}

function onCountry() {
  var g = countryNamed(countryInput.value);
  if (g === null) {
    if (countryInput.value.trim()) { statusLine.textContent = "No country is called “" + countryInput.value + "”"; }
    return;
  }
  countryInput.value = "";
  addCountry(g);
}
countryInput.addEventListener("change", onCountry);
countryInput.addEventListener("keydown", function (event) {
  if (event.key === "Enter") { event.preventDefault(); onCountry(); }
});

function apply(then) {
  state = evaluate();
  updateCounts();
  render(current, true, then);
}

// ---- find a person ----------------------------------------------------------------------------------------
var findInput = byId("kg-find");
var names = byId("kg-names");
var seenNames = {};
people.forEach(function (person) {
  if (seenNames[person.name]) { return; }
  seenNames[person.name] = true;
  var option = el("option");
  option.value = person.name;
  names.appendChild(option);
});

function focusNode(id) {
  setFocus("node", id);
  showPanel({ type: "node", id: id });
  fitNodes(Object.keys(focus.nodes));
}

function find(text) {
  var wanted = fold(text);
  if (!wanted) { return null; }
  var candidates = people.filter(function (p, i) { return state.perPerson[i] > 0; });
  var exact = candidates.filter(function (p) { return p.folded === wanted; });
  var partial = candidates.filter(function (p) { return p.folded.indexOf(wanted) !== -1; });
  var match = exact[0] || partial[0];
  if (!match) {
    statusLine.textContent = "No one shown is called “" + text + "”";
    unfocus();
    return null;
  }
  var id = personNodeId(match.index);
  var found = "Found " + match.name + (partial.length > 1 ? " (" + partial.length + " matches)" : "");
  if (nodeInfo[id]) {
    focusNode(id);
  } else {
    go({ kind: "person", person: match.index }, function () { focusNode(id); });
  }
  statusLine.textContent = found;
  return id;
}

byId("kg-find-button").addEventListener("click", function () { find(findInput.value); });
findInput.addEventListener("keydown", function (event) {
  if (event.key === "Enter") { event.preventDefault(); find(findInput.value); }
});
byId("kg-controls").addEventListener("submit", function (event) { event.preventDefault(); });

function reset() {
  resetFilters();
  fromInput.value = "";
  toInput.value = "";
  [fromInput, toInput].forEach(function (input) { input.classList.remove("kg-invalid"); });
  counters.types.forEach(function (c) { c.box.checked = true; });
  STATUSES.forEach(function (s) { counters.statuses[s].box.checked = true; });
  counters.contested.box.checked = false;
  counters.publishers.forEach(function (c) { c.box.checked = true; });
  findInput.value = "";
  focus = null;
  state = evaluate();
  updateCounts();
  view.stack = [];
  render(startView(), false);
}
byId("kg-reset").addEventListener("click", reset);
byId("kg-back").addEventListener("click", back);
byId("kg-fit").addEventListener("click", function () { fitNodes(null); });
byId("kg-view-countries").addEventListener("click", function () { go({ kind: "countries", expanded: [] }); });
byId("kg-view-people").addEventListener("click", function () { go({ kind: "people" }); });
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || event.target.tagName === "INPUT") { return; }
  if (focus) { unfocus(); showHint(); } else { back(); }
});

// A large network opens on its countries, unless it has no two countries to show.
function startView() {
  var groups = Object.keys(state.perGroup).length;
  return state.participants > data.limits.people_view && groups > 1 ?
    { kind: "countries", expanded: [] } : { kind: "people" };
}
