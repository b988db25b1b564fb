// The views: what vis-network is given to draw. Each view is built from the
// shown contacts (model.js) in a few milliseconds, so every filter rebuilds it:
//
// - "countries": one node per country (its officials, and itself where it took part
//   as a state), sized by its contacts, with one line per pair of countries; a
//   country can be opened into its people ("expanded");
// - "people": the people with the most contacts (all of them in a small network);
// - "person": one person, everyone they had contact with, and the lines between them.
//
// Positions are remembered by node id, per kind of view, so a country keeps its place
// when it is opened and a filter only refines the layout.

var GOLDEN = Math.PI * (3 - Math.sqrt(5));
var memory = { countries: {}, people: {}, person: {} };
var remembered = memory.countries;
var nodeInfo = {};   // vis node id -> {id, kind: "group"|"hub"|"person", ref, count, size, color, rank}
var edgeInfo = {};   // vis edge id -> {id, from, to, contacts: [...], disputed, contested}
var current = null;  // the view being shown: {kind, expanded, person}
var memberEdges = []; // the dotted lines tying the people of an opened country to it
var visNodes = new vis.DataSet([]);
var visEdges = new vis.DataSet([]);

function groupId(group) {
  return group === NO_COUNTRY ? "country/" : "country/" + countries[group].id;
}

function personNodeId(p) { return people[p].id; }

var personByNodeId = {};
people.forEach(function (person, i) { personByNodeId[person.id] = i; });
var groupByNodeId = {};
groupByNodeId[groupId(NO_COUNTRY)] = NO_COUNTRY;
countries.forEach(function (c, i) { groupByNodeId[groupId(i)] = i; });

function sameView(a, b) {
  return a.kind === b.kind && a.person === b.person &&
    (a.expanded || []).join(",") === (b.expanded || []).join(",");
}

function viewTitle(v) {
  if (v.kind === "person") { return people[v.person].name; }
  if (v.kind === "people") { return "People"; }
  if (!v.expanded.length) { return "Countries"; }
  return "Countries, " + v.expanded.map(groupName).join(", ") + " opened";
}

// Aggregate the shown contacts over the nodes `keyOf` maps participants to (null: left out).
function aggregate(keyOf, keep) {
  var counts = {};
  var pairs = {};
  var order = [];
  contacts.forEach(function (c, i) {
    if (!state.shown[i] || (keep && !keep(c))) { return; }
    var keys = [];
    c.who.forEach(function (p) {
      var key = keyOf(p);
      if (key !== null && keys.indexOf(key) === -1) { keys.push(key); }
    });
    keys.forEach(function (k) { counts[k] = (counts[k] || 0) + 1; });
    keys.sort();
    for (var a = 0; a < keys.length; a += 1) {
      for (var b = a + 1; b < keys.length; b += 1) {
        var id = keys[a] + "\u0000" + keys[b];
        var pair = pairs[id];
        if (!pair) {
          pair = pairs[id] = { from: keys[a], to: keys[b], contacts: [], disputed: 0, contested: 0 };
          order.push(id);
        }
        pair.contacts.push(i);
        if (c.status === "disputed") { pair.disputed += 1; }
        if (c.contested) { pair.contested += 1; }
      }
    }
  });
  order.sort();
  return { counts: counts, pairs: order.map(function (id) { return pairs[id]; }) };
}

function spiral(rank, spacing) {
  var r = spacing * Math.sqrt(rank);
  return { x: r * Math.cos(rank * GOLDEN), y: r * Math.sin(rank * GOLDEN) };
}

function byCount(counts) {
  return function (a, b) { return (counts[b] - counts[a]) || (a < b ? -1 : a > b ? 1 : 0); };
}

function nodeSize(count, max, small, large) {
  return small + (large - small) * Math.pow(count / Math.max(max, 1), 0.4);
}

function personNode(p, count, max) {
  var person = people[p];
  return {
    id: personNodeId(p), kind: "person", ref: p, count: count,
    size: nodeSize(count, max, 5, 22),
    color: groupColor(person.group),
    shape: person.kind === "country" ? "diamond" : person.kind === "person" ? "dot" : "triangle",
    label: person.name
  };
}

function groupNode(g, count, max) {
  return {
    id: groupId(g), kind: "group", ref: g, count: count,
    size: nodeSize(count, max, 7, 40), color: groupColor(g), shape: "dot",
    label: groupName(g)
  };
}

// ---- the three views -------------------------------------------------------------------------
// An opened country stays as a small hub its people are tied to, so they gather around it.
function countriesView(v) {
  var open = {};
  v.expanded.forEach(function (g) { open[g] = true; });
  var result = aggregate(function (p) {
    var g = people[p].group;
    return open[g] ? personNodeId(p) : groupId(g);
  });
  var max = 0;
  var maxPerson = 0;
  Object.keys(result.counts).forEach(function (k) {
    if (personByNodeId[k] === undefined) { max = Math.max(max, result.counts[k]); }
    else { maxPerson = Math.max(maxPerson, result.counts[k]); }
  });
  var nodes = Object.keys(result.counts).sort(byCount(result.counts)).map(function (k) {
    return personByNodeId[k] === undefined ?
      groupNode(groupByNodeId[k], result.counts[k], max) :
      personNode(personByNodeId[k], result.counts[k], maxPerson);
  });
  var groups = nodes.filter(function (n) { return n.kind === "group"; }).length;
  var links = [];
  var hubs = [];
  v.expanded.forEach(function (g) {
    var members = nodes.filter(function (n) { return n.kind === "person" && people[n.ref].group === g; });
    if (!members.length) { return; }
    var count = 0;
    state.shown.forEach(function (s, i) {
      if (s && contacts[i].who.some(function (p) { return people[p].group === g; })) { count += 1; }
    });
    var hub = groupNode(g, count, Math.max(max, count));
    hub.kind = "hub";
    hub.size = 9;
    hub.label = groupName(g) + " (opened)";
    hubs.push(hub);
    members.forEach(function (n) { links.push({ from: hub.id, to: n.id }); });
  });
  var note = plural(groups, "country", "countries");
  if (v.expanded.length) { note += " and " + plural(nodes.length - groups, "person", "people"); }
  return { nodes: hubs.concat(nodes), pairs: result.pairs, links: links, note: note };
}

function peopleView() {
  var limit = data.limits.people_view;
  var ranked = [];
  people.forEach(function (p, i) { if (state.perPerson[i]) { ranked.push(i); } });
  ranked.sort(function (a, b) {
    return (state.perPerson[b] - state.perPerson[a]) || (people[a].folded < people[b].folded ? -1 : 1);
  });
  var top = {};
  ranked.slice(0, limit).forEach(function (p) { top[p] = true; });
  var result = aggregate(function (p) { return top[p] ? personNodeId(p) : null; });
  var max = ranked.length ? state.perPerson[ranked[0]] : 1;
  var nodes = ranked.slice(0, limit).map(function (p) { return personNode(p, state.perPerson[p], max); });
  var note = ranked.length > limit ?
    "the " + number(limit) + " of " + plural(ranked.length, "participant") + " with the most contacts" :
    plural(ranked.length, "participant");
  return { nodes: nodes, pairs: result.pairs, note: note };
}

function personView(v) {
  var centre = v.person;
  var around = {};
  around[centre] = 0;
  state.shown.forEach(function (s, i) {
    if (!s || contacts[i].who.indexOf(centre) === -1) { return; }
    contacts[i].who.forEach(function (p) { around[p] = (around[p] || 0) + 1; });
  });
  var result = aggregate(function (p) { return around[p] !== undefined ? personNodeId(p) : null; });
  var ids = Object.keys(around).map(Number);
  var max = 1;
  ids.forEach(function (p) { if (p !== centre) { max = Math.max(max, around[p]); } });
  var nodes = ids.map(function (p) {
    var node = personNode(p, p === centre ? state.perPerson[p] : around[p], max);
    if (p === centre) { node.size = 24; }
    return node;
  });
  nodes.sort(function (a, b) {
    if (a.ref === centre || b.ref === centre) { return a.ref === centre ? -1 : 1; }
    return (people[a.ref].group - people[b.ref].group) || (b.count - a.count) ||
      (people[a.ref].folded < people[b.ref].folded ? -1 : 1);
  });
  return {
    nodes: nodes, pairs: result.pairs,
    note: plural(nodes.length - 1, "counterpart") + " of " + people[centre].name
  };
}

// ---- starting positions ------------------------------------------------------------------------
function placeCountries(built) {
  var free = built.nodes.filter(function (n) { return !remembered[n.id]; });
  var placed = {};
  var rank = 0;
  free.forEach(function (n) {
    if (n.kind !== "person") { placed[n.id] = spiral(rank, 120); rank += 1; }
  });
  // A newly shown person starts between their country and the places of their counterparts,
  // where the forces would take them anyway.
  var pull = {};
  built.pairs.forEach(function (pair) {
    [[pair.from, pair.to], [pair.to, pair.from]].forEach(function (ends) {
      var there = remembered[ends[1]];
      if (!there || remembered[ends[0]]) { return; }
      var p = pull[ends[0]] = pull[ends[0]] || { x: 0, y: 0, w: 0 };
      p.x += there.x * pair.contacts.length;
      p.y += there.y * pair.contacts.length;
      p.w += pair.contacts.length;
    });
  });
  var around = {};
  free.forEach(function (n) {
    if (n.kind !== "person") { return; }
    var gid = groupId(people[n.ref].group);
    var home = remembered[gid] || placed[gid] || { x: 0, y: 0 };
    var p = pull[n.id] || { x: 0, y: 0, w: 0 };
    var k = around[gid] = (around[gid] || 0) + 1;
    var step = spiral(k, 34);
    placed[n.id] = {
      x: home.x + step.x + 0.2 * ((3 * home.x + p.x) / (3 + p.w) - home.x),
      y: home.y + step.y + 0.2 * ((3 * home.y + p.y) / (3 + p.w) - home.y)
    };
  });
  return placed;
}

function placePeople(built) {
  var groups = {};
  var sizes = {};
  built.nodes.forEach(function (n) {
    var g = people[n.ref].group;
    (groups[g] = groups[g] || []).push(n);
    sizes[g] = (sizes[g] || 0) + 1;
  });
  var order = Object.keys(groups).sort(function (a, b) { return (sizes[b] - sizes[a]) || (a - b); });
  var placed = {};
  var done = 0;
  // Where the overview has placed the countries, their people start there: the countries'
  // layout already says who is close to whom.
  order.forEach(function (g, number) {
    var known = memory.countries[groupId(Number(g))];
    var reach = number ? 70 * Math.sqrt(done + sizes[g] / 2) : 0;
    var cx = known ? 1.5 * known.x : reach * Math.cos(number * GOLDEN);
    var cy = known ? 1.5 * known.y : reach * Math.sin(number * GOLDEN);
    done += sizes[g];
    groups[g].forEach(function (n, rank) {
      var step = spiral(rank, 42);
      placed[n.id] = remembered[n.id] || { x: cx + step.x, y: cy + step.y };
    });
  });
  return placed;
}

// One person at the centre, their counterparts on rings around them, grouped by country.
function placeAround(built) {
  var placed = {};
  var others = built.nodes.slice(1);
  placed[built.nodes[0].id] = { x: 0, y: 0 };
  var ring = 0;
  var start = 0;
  while (start < others.length) {
    var radius = 170 + ring * 110;
    var room = Math.max(8, Math.floor(2 * Math.PI * radius / 70));
    var members = others.slice(start, start + room);
    members.forEach(function (n, k) {
      var angle = 2 * Math.PI * k / members.length + ring * 0.35 - Math.PI / 2;
      placed[n.id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
    });
    start += room;
    ring += 1;
  }
  return placed;
}

// ---- handing a view to vis-network ---------------------------------------------------------------
function edgeWidth(count, max) {
  return 1 + 6 * Math.sqrt(count / Math.max(max, 1));
}

function buildView(v) {
  if (v.kind === "person") { return personView(v); }
  if (v.kind === "people") { return peopleView(); }
  return countriesView(v);
}

// Build `v` and draw it; `refine` keeps remembered positions free to move (after a filter).
function showView(v, refine, done) {
  current = v;
  remembered = memory[v.kind];
  var built = buildView(v);
  var placed = v.kind === "person" ? placeAround(built) :
    v.kind === "people" ? placePeople(built) : placeCountries(built);
  nodeInfo = {};
  edgeInfo = {};
  var rank = 0;
  var nodes = built.nodes.map(function (n) {
    n.rank = rank;
    rank += 1;
    nodeInfo[n.id] = n;
    var at = v.kind === "person" ? placed[n.id] : remembered[n.id] || placed[n.id];
    var keep = v.kind === "countries" && !refine && remembered[n.id] && v.expanded.length > 0;
    return {
      id: n.id, shape: n.shape, size: n.size, x: at.x, y: at.y, fixed: keep ? true : false,
      borderWidth: n.kind === "group" ? 2 : 1
    };
  });
  // Busier nodes are heavier: they push the others further away, which leaves room for
  // their labels (vis-network's Barnes-Hut forces are equal and opposite, so it comes to rest).
  nodes.forEach(function (n) { n.mass = Math.max(1, n.size / 10); });
  var maxEdge = 1;
  built.pairs.forEach(function (pair) { maxEdge = Math.max(maxEdge, pair.contacts.length); });
  var edges = built.pairs.map(function (pair, i) {
    var id = "e" + i;
    // Between two people, one disputed statement makes the line red (dashed when a contact
    // itself is disputed); between countries, the redder the line, the larger the share.
    var grouped = personByNodeId[pair.from] === undefined || personByNodeId[pair.to] === undefined;
    edgeInfo[id] = {
      id: id, from: pair.from, to: pair.to, contacts: pair.contacts,
      disputed: pair.disputed, contested: pair.contested,
      red: grouped ? pair.contested / pair.contacts.length : (pair.contested ? 1 : 0),
      width: edgeWidth(pair.contacts.length, maxEdge)
    };
    return {
      id: id, from: pair.from, to: pair.to, width: edgeInfo[id].width,
      dashes: !grouped && pair.disputed > 0
    };
  });
  memberEdges = (built.links || []).map(function (link, i) {
    return {
      id: "m" + i, from: link.from, to: link.to, width: 1, length: 30, dashes: [2, 4],
      color: { color: "rgba(87,96,106,0.45)", inherit: false }
    };
  });
  view.note = built.note;
  visNodes = new vis.DataSet(nodes);
  visEdges = new vis.DataSet(edges.concat(memberEdges));
  clearFocusState();
  paint();
  network.setData({ nodes: visNodes, edges: visEdges });
  var settle = function () {
    var positions = network.getPositions();
    if (v.kind !== "person") {
      Object.keys(positions).forEach(function (id) { remembered[id] = positions[id]; });
    }
    fitNodes(null);
    if (done) { done(); }
  };
  // A person's view is laid out by construction; a view seen before keeps its layout.
  var seen = nodes.every(function (n) { return remembered[n.id]; });
  if (v.kind === "person" || nodes.length < 2 || (seen && !refine)) {
    settle();
    return;
  }
  // Iteration budgets: vis-network stops earlier when every node has come to rest.
  var free = nodes.filter(function (n) { return !n.fixed; }).length;
  var budget = refine ? 200 : free < nodes.length ? Math.min(200, 80 + free / 2) : Math.min(1200, 300 + 6 * free);
  runPhysics(budget, settle);
}

// Fit the view to `ids` (all nodes when null), leaving room around them for labels.
function fitNodes(ids) {
  network.fit(ids ? { nodes: ids, animation: false } : { animation: false });
  network.moveTo({ scale: Math.min(1.5, network.getScale() * 0.88), animation: false });
}

function runPhysics(iterations, done) {
  network.setOptions({ physics: { enabled: true } });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    view.iterations = network.physics.stabilizationIterations;
    done();
  });
  network.stabilize(iterations);
}
