// The side panel (what is focused: a person, a country, a pair, with their contacts
// in time order and who says what) and the legend, which follow every filter.

var panel = byId("kg-panel");

function button(text, action, className) {
  var b = el("button", className || "kg-link", text);
  b.type = "button";
  b.addEventListener("click", action);
  return b;
}

function statementLine(statement, contact) {
  var line = el("div", "kg-row-line");
  if (statement.status === "disputed") {
    line.appendChild(el("span", "kg-disputed", "⚠ " + (statement.what === "occurred" ? "" : statementLabel(statement) + ": ")));
    line.appendChild(el("span", "kg-disputed-text", supportText(statement, contact)));
  } else {
    line.appendChild(el("span", "kg-muted", statement.what === "occurred" ? "status: " : statementLabel(statement) + ": "));
    line.appendChild(el("span", "", supportText(statement, contact)));
  }
  return line;
}

// One contact, as a row: when, what, with whom, its status and who says so, the rest of
// what is said about it (disputed statements first), and its sources.
function contactRow(contact, exclude) {
  var row = el("li", "kg-row");
  var head = el("div", "kg-row-head");
  head.appendChild(el("span", "kg-date", dateText(contact)));
  head.appendChild(document.createTextNode(" · " + types[contact.type].label));
  row.appendChild(head);
  var others = contact.who.filter(function (p) { return !exclude || !exclude[p]; });
  if (others.length) {
    row.appendChild(el("div", "kg-row-line", "with " + others.map(function (p) { return people[p].name; }).join(", ")));
  }
  row.appendChild(statementLine(occurred(contact), contact));
  var said = contact.says.filter(function (s) { return s.what !== "occurred"; });
  said.sort(function (a, b) { return (a.status === "disputed" ? 0 : 1) - (b.status === "disputed" ? 0 : 1); });
  var plain = said.filter(function (s) { return s.status !== "disputed" && s.what === "topic"; });
  said.forEach(function (s) {
    if (s.status === "disputed" || s.what !== "topic") { row.appendChild(statementLine(s, contact)); }
  });
  if (plain.length) {
    row.appendChild(el("div", "kg-row-line", "topics: " + plain.map(function (s) {
      return s.value + " (" + s.status + ")";
    }).join("; ")));
  }
  contact.sources.forEach(function (s) {
    row.appendChild(el("div", "kg-row-line kg-muted", "source: " + sourceText(s)));
  });
  row.appendChild(el("div", "kg-row-line kg-id", contact.id));
  return row;
}

// A list of contacts, a page at a time.
function contactList(indices, exclude) {
  var box = el("div");
  var list = el("ol", "kg-rows");
  box.appendChild(list);
  var shown = 0;
  var more = null;
  var step = data.limits.panel_rows;
  function next() {
    indices.slice(shown, shown + step).forEach(function (i) { list.appendChild(contactRow(contacts[i], exclude)); });
    shown = Math.min(indices.length, shown + step);
    if (more) { more.remove(); more = null; }
    if (shown < indices.length) {
      more = button("Show " + number(Math.min(step, indices.length - shown)) + " more of " +
        number(indices.length - shown), next, "kg-more");
      box.appendChild(more);
    }
  }
  next();
  return box;
}

function panelHead(title, subtitle) {
  panel.replaceChildren();
  var close = button("×", function () { unfocus(); showHint(); }, "kg-close");
  close.title = "Close";
  panel.appendChild(close);
  panel.appendChild(el("h2", "", title));
  if (subtitle) { panel.appendChild(el("p", "kg-muted", subtitle)); }
}

function showHint() {
  panel.replaceChildren();
  panel.appendChild(el("h2", "", "Details"));
  panel.appendChild(el("p", "kg-muted", current && current.kind === "countries" ?
    "Click a country, a person or a line to list its contacts here; double-click a country to show its people, a person to show their contacts." :
    "Click a person or a line to list its contacts here; double-click a person to show their contacts."));
}

function shownOf(list) {
  return list.filter(function (i) { return state.shown[i]; });
}

function personPanel(p) {
  var person = people[p];
  var about = person.kind;
  if (person.countries.length) {
    about += " · " + person.countries.map(function (c) { return countries[c].name; }).join(", ");
  }
  panelHead(person.name, about);
  person.posts.forEach(function (post) { panel.appendChild(el("div", "kg-post", post)); });
  var mine = shownOf(person.contacts);
  var partners = {};
  mine.forEach(function (i) { contacts[i].who.forEach(function (q) { if (q !== p) { partners[q] = true; } }); });
  panel.appendChild(el("p", "kg-count", plural(mine.length, "contact") + " shown, with " +
    plural(Object.keys(partners).length, "counterpart")));
  var actions = el("div", "kg-actions");
  if (!(current.kind === "person" && current.person === p)) {
    actions.appendChild(button("Show their contacts", function () { go({ kind: "person", person: p }); }, "kg-action"));
  }
  panel.appendChild(actions);
  var exclude = {};
  exclude[p] = true;
  panel.appendChild(contactList(mine, exclude));
}

function groupPanel(g, count) {
  panelHead(groupName(g), plural(state.perGroup[g] || 0, "participant") + " · " + plural(count, "contact") + " shown");
  var actions = el("div", "kg-actions");
  if (current.kind === "countries" && current.expanded.indexOf(g) === -1) {
    actions.appendChild(button("Show its people", function () { expand(g); }, "kg-action"));
  } else if (current.kind === "countries") {
    actions.appendChild(button("Close it", function () { collapse(g); }, "kg-action"));
  }
  if (g !== NO_COUNTRY && filters.countries.indexOf(g) === -1) {
    actions.appendChild(button("Only contacts of " + groupName(g), function () { addCountry(g); }, "kg-action"));
  }
  panel.appendChild(actions);
  var members = [];
  people.forEach(function (person, i) { if (person.group === g && state.perPerson[i]) { members.push(i); } });
  members.sort(function (a, b) { return (state.perPerson[b] - state.perPerson[a]) || (people[a].folded < people[b].folded ? -1 : 1); });
  panel.appendChild(el("h3", "", "Its people, the busiest first"));
  var list = el("ul", "kg-people");
  members.slice(0, 30).forEach(function (i) {
    var li = el("li");
    li.appendChild(button(people[i].name, function () { go({ kind: "person", person: i }); }));
    li.appendChild(el("span", "kg-muted", " " + number(state.perPerson[i])));
    list.appendChild(li);
  });
  if (members.length > 30) { list.appendChild(el("li", "kg-muted", "… and " + plural(members.length - 30, "more"))); }
  panel.appendChild(list);
  var mine = [];
  state.shown.forEach(function (s, i) {
    if (s && contacts[i].who.some(function (p) { return people[p].group === g; })) { mine.push(i); }
  });
  panel.appendChild(el("h3", "", "Contacts, in time order"));
  panel.appendChild(contactList(mine, null));
}

function pairPanel(edgeId) {
  var e = edgeInfo[edgeId];
  var disputed = e.contacts.filter(function (i) { return contacts[i].contested; }).length;
  var subtitle = plural(e.contacts.length, "contact") + " shown";
  if (disputed) { subtitle += ", " + number(disputed) + " with something disputed"; }
  panelHead(nodeName(e.from) + " — " + nodeName(e.to), subtitle);
  var pair = {};
  [e.from, e.to].forEach(function (id) { if (personByNodeId[id] !== undefined) { pair[personByNodeId[id]] = true; } });
  var list = e.contacts.slice();
  var exclude = Object.keys(pair).length === 2 ? pair : null;
  panel.appendChild(contactList(list, exclude));
}

function showPanel(hit) {
  if (!hit) { showHint(); return; }
  if (hit.type === "edge") { pairPanel(hit.id); return; }
  var n = nodeInfo[hit.id];
  if (grouping(n)) { groupPanel(n.ref, n.count); } else { personPanel(n.ref); }
}

// ---- legend ------------------------------------------------------------------------------------------
var legend = byId("kg-legend");

function section(title) {
  legend.appendChild(el("h3", "", title));
  var list = el("ul");
  legend.appendChild(list);
  return list;
}

function item(list, mark, text) {
  var li = el("li");
  li.appendChild(mark);
  li.appendChild(el("span", "", text));
  list.appendChild(li);
  return li;
}

function swatch(colour) {
  var mark = el("span", "kg-swatch");
  mark.style.backgroundColor = colour;
  return mark;
}

function renderLegend() {
  legend.replaceChildren();
  var nodes = section("Nodes");
  if (current.kind === "countries") {
    item(nodes, el("span", "kg-mark", "●"), "a country: its officials, and itself where it took part as a state; the number counts its contacts");
  }
  item(nodes, el("span", "kg-mark", "•"), "a person");
  item(nodes, el("span", "kg-mark", "◆"), "a country taking part as a state");
  item(nodes, el("span", "kg-mark", "▲"), "an organisation");
  item(nodes, el("span", "kg-mark", "⬤"), "larger: more contacts");
  var lines = section("Lines");
  item(lines, el("span", "kg-line"), "contacts between the two, thicker for more");
  item(lines, el("span", "kg-line kg-red"), "red: something about them is disputed (who affirms, who denies: hover or click)");
  item(lines, el("span", "kg-line kg-red kg-dashed"), "dashed: a contact itself is disputed");
  var colours = section("Colour: country (participants shown)");
  var other = 0;
  countries.forEach(function (country, g) {
    var count = state.perGroup[g] || 0;
    if (!country.color) { other += count; return; }
    if (!count) { return; }
    item(colours, swatch(country.color), country.name + " (" + number(count) + ")").setAttribute("data-country", country.id);
  });
  if (other) { item(colours, swatch(data.colors.other), "other countries (" + number(other) + ")"); }
  if (state.perGroup[NO_COUNTRY]) {
    item(colours, swatch(data.colors.none), "no country (" + number(state.perGroup[NO_COUNTRY]) + ")");
  }
}
