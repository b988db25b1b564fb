// Behaviour of the page written by `kg graph`: filters, search, tooltips, legend.
// Every piece of data reaches the page through textContent or a vis-network
// canvas label, never through innerHTML, so names and titles stay text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var contacts = data.contacts;
  var people = data.people;
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  var infoById = {};
  data.nodes.forEach(function (node, i) { infoById[node.id] = people[i]; });
  var nameOf = function (id) { return infoById[id].name; };

  // ---- tooltips: DOM elements built with textContent --------------------------------
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function contactBlock(contact) {
    var block = el("div", "kg-tip-contact");
    var when = contact.date + " (known to the " + contact.precision + ")";
    if (contact.series) { when += ", a series"; }
    block.appendChild(el("div", "kg-tip-line", when + " · " + contact.type_label));
    var status = el("div", "kg-tip-line");
    status.appendChild(el("span", "kg-muted", "status: "));
    if (contact.status === "disputed") {
      status.appendChild(el("span", "kg-disputed", "⚠ disputed"));
    } else {
      status.appendChild(el("span", "", contact.status));
    }
    block.appendChild(status);
    if (contact.topics.length) {
      var topics = el("div", "kg-tip-line");
      topics.appendChild(el("span", "kg-muted", "topics: "));
      contact.topics.forEach(function (topic, i) {
        if (i) { topics.appendChild(document.createTextNode("; ")); }
        if (topic.status === "disputed") {
          topics.appendChild(el("span", "kg-disputed", "⚠ " + topic.label + " (disputed)"));
        } else {
          topics.appendChild(el("span", "", topic.label));
        }
      });
      block.appendChild(topics);
    }
    contact.sources.forEach(function (source) {
      var line = el("div", "kg-tip-line");
      line.appendChild(el("span", "kg-muted", "source: "));
      var text = source.publisher + ", “" + source.title + "”";
      if (source.published) { text += ", " + source.published; }
      line.appendChild(el("span", "", text));
      block.appendChild(line);
    });
    return block;
  }

  function edgeTip(edge, shown) {
    var tip = el("div", "kg-tip");
    tip.appendChild(el("div", "kg-tip-head", nameOf(edge.from) + " — " + nameOf(edge.to)));
    tip.appendChild(el("div", "kg-muted", plural(shown.length, "contact")));
    shown.slice(0, data.tooltip_limit).forEach(function (i) { tip.appendChild(contactBlock(contacts[i])); });
    if (shown.length > data.tooltip_limit) {
      tip.appendChild(el("div", "kg-muted",
        "… and " + (shown.length - data.tooltip_limit) + " more; narrow the dates to see them"));
    }
    return tip;
  }

  function nodeTip(info, count) {
    var tip = el("div", "kg-tip");
    tip.appendChild(el("div", "kg-tip-head", info.name));
    var about = info.kind;
    if (info.countries.length) { about += " · " + info.countries.join(", "); }
    tip.appendChild(el("div", "kg-muted", about));
    info.posts.forEach(function (post) { tip.appendChild(el("div", "kg-tip-line", post)); });
    tip.appendChild(el("div", "kg-tip-line", plural(count, "contact")));
    return tip;
  }

  // ---- the network ---------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = null;
  var api = {
    network: null, nodes: nodes, edges: edges, apply: apply, find: find,
    settleMs: null, shown: null,
    visibleNodeIds: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; });
    },
    visibleEdgeIds: function () {
      return edges.get({ filter: function (e) { return !e.hidden; } }).map(function (e) { return e.id; });
    }
  };

  // ---- filters -------------------------------------------------------------------------
  var fromInput = byId("kg-from");
  var toInput = byId("kg-to");
  var typeBoxes = [];
  var typesField = byId("kg-types");
  data.types.forEach(function (type) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = type.id;
    box.setAttribute("data-type", type.id);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + type.label + " (" + type.count + ")"));
    typesField.appendChild(label);
    typeBoxes.push(box);
  });
  [fromInput, toInput].forEach(function (input) {
    input.min = data.range.min;
    input.max = data.range.max;
  });
  var status = byId("kg-status");

  function shownContacts() {
    var from = fromInput.value;
    var to = toInput.value;
    var types = {};
    typeBoxes.forEach(function (box) { if (box.checked) { types[box.value] = true; } });
    return contacts.map(function (c) {
      return (!from || c.latest >= from) && (!to || c.earliest <= to) && types[c.type] === true;
    });
  }

  function apply() {
    var shown = shownContacts();
    var counts = {};
    var total = 0;
    contacts.forEach(function (c, i) {
      if (!shown[i]) { return; }
      total += 1;
      c.participants.forEach(function (id) { counts[id] = (counts[id] || 0) + 1; });
    });
    var edgeUpdates = data.edges.map(function (edge, j) {
      var list = data.edge_contacts[j].filter(function (i) { return shown[i]; });
      if (!list.length) { return { id: edge.id, hidden: true }; }
      var disputed = list.some(function (i) { return contacts[i].status === "disputed"; });
      var contested = disputed || list.some(function (i) {
        return contacts[i].topics.some(function (t) { return t.status === "disputed"; });
      });
      return {
        id: edge.id, hidden: false, value: list.length, dashes: disputed,
        color: contested ? data.colors.disputed : data.colors.edge, title: edgeTip(edge, list)
      };
    });
    var visible = 0;
    var nodeUpdates = data.nodes.map(function (node) {
      var count = counts[node.id] || 0;
      if (!count) { return { id: node.id, hidden: true }; }
      visible += 1;
      return { id: node.id, hidden: false, value: count, title: nodeTip(infoById[node.id], count) };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    status.textContent = plural(visible, "participant") + " and " + plural(total, "contact") + " shown";
    api.shown = { nodes: visible, contacts: total };
  }

  // ---- find a person ---------------------------------------------------------------------
  var names = byId("kg-names");
  var seen = {};
  people.forEach(function (info) {
    if (seen[info.name]) { return; }
    seen[info.name] = true;
    var option = el("option");
    option.value = info.name;
    names.appendChild(option);
  });

  function find(text) {
    var wanted = fold(text);
    if (!wanted) { return null; }
    var candidates = data.nodes.filter(function (node) { return !nodes.get(node.id).hidden; });
    var exact = candidates.filter(function (node) { return fold(infoById[node.id].name) === wanted; });
    var partial = candidates.filter(function (node) {
      return fold(infoById[node.id].name).indexOf(wanted) !== -1;
    });
    var match = exact[0] || partial[0];
    if (!match) {
      status.textContent = "No one shown is called “" + text + "”";
      network.unselectAll();
      return null;
    }
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: 1.2, animation: false });
    status.textContent = "Found " + infoById[match.id].name +
      (partial.length > 1 ? " (" + partial.length + " matches)" : "");
    return match.id;
  }

  var findInput = byId("kg-find");
  byId("kg-find-button").addEventListener("click", function () { find(findInput.value); });
  findInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); find(findInput.value); }
  });
  byId("kg-reset").addEventListener("click", function () {
    fromInput.value = data.range.min;
    toInput.value = data.range.max;
    typeBoxes.forEach(function (box) { box.checked = true; });
    findInput.value = "";
    network.unselectAll();
    apply();
    network.fit({ animation: false });
  });
  [fromInput, toInput].forEach(function (input) { input.addEventListener("change", apply); });
  typeBoxes.forEach(function (box) { box.addEventListener("change", apply); });
  byId("kg-controls").addEventListener("submit", function (event) { event.preventDefault(); });

  // ---- legend ------------------------------------------------------------------------------
  var legend = byId("kg-legend");
  function section(title) {
    legend.appendChild(el("h2", "", title));
    var list = el("ul");
    legend.appendChild(list);
    return list;
  }
  function item(list, mark, text) {
    var li = el("li");
    li.appendChild(mark);
    li.appendChild(el("span", "", text));
    list.appendChild(li);
  }
  var kindMarks = { person: "●", country: "◆", organisation: "▲" };
  var kinds = section("Nodes");
  data.kinds.forEach(function (kind) {
    item(kinds, el("span", "kg-mark", kindMarks[kind] || "●"), kind);
  });
  item(kinds, el("span", "kg-mark", "⬤"), "larger: more contacts");
  var lines = section("Lines");
  item(lines, el("span", "kg-line"), "contacts between two participants");
  item(lines, el("span", "kg-line kg-thick"), "thicker: more contacts");
  item(lines, el("span", "kg-line kg-red"), "red: a disputed statement (a topic, or the contact)");
  item(lines, el("span", "kg-line kg-red kg-dashed"), "dashed: the contact itself is disputed");
  item(lines, el("span", "kg-mark kg-disputed", "⚠"), "marks what is disputed, in tooltips");
  var colours = section("Colour: country");
  data.countries.forEach(function (country) {
    var swatch = el("span", "kg-swatch");
    swatch.style.backgroundColor = country.color;
    item(colours, swatch, country.name + " (" + country.count + ")");
  });

  fromInput.value = data.range.min;
  toInput.value = data.range.max;
  apply();
  var started = performance.now();
  var container = byId("kg-network");
  network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var body = document.body;
  api.network = network;
  window.kgGraph = api;
  var settled = function () {
    if (body.getAttribute("data-kg-state") === "ready") { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    api.settleMs = Math.round(performance.now() - started);
    body.setAttribute("data-kg-state", "ready");
  };
  if (data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    network.once("afterDrawing", settled);
  }
})();
