// Drawing on top of vis-network: colours that highlight a focus and dim the rest,
// labels at a readable size whatever the zoom (those that would overlap a more
// important one are left out), and finding the node or line under the pointer in
// screen pixels, for hover and click.

var focus = null;    // {type: "node"|"edge", id, nodes: {id: true}, edges: {id: true}}
var hovered = null;  // {type, id}
var drawnLabels = [];

function rgba(hex, alpha) {
  var n = parseInt(hex.slice(1), 16);
  return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
}

// A colour between two "#rrggbb" colours: t = 0 gives the first, 1 the second.
function mix(a, b, t) {
  var x = parseInt(a.slice(1), 16);
  var y = parseInt(b.slice(1), 16);
  var channel = function (shift) {
    var v = Math.round(((x >> shift) & 255) * (1 - t) + ((y >> shift) & 255) * t);
    return (v < 16 ? "0" : "") + v.toString(16);
  };
  return "#" + channel(16) + channel(8) + channel(0);
}

function clearFocusState() {
  focus = null;
  hovered = null;
}

function neighbours(nodeId) {
  var nodes = {};
  var edges = {};
  nodes[nodeId] = true;
  Object.keys(edgeInfo).forEach(function (id) {
    var e = edgeInfo[id];
    if (e.from === nodeId || e.to === nodeId) {
      edges[id] = true;
      nodes[e.from] = true;
      nodes[e.to] = true;
    }
  });
  return { nodes: nodes, edges: edges };
}

function setFocus(type, id) {
  if (type === "node") {
    var around = neighbours(id);
    focus = { type: type, id: id, nodes: around.nodes, edges: around.edges };
  } else {
    var e = edgeInfo[id];
    var nodes = {};
    nodes[e.from] = true;
    nodes[e.to] = true;
    var edges = {};
    edges[id] = true;
    focus = { type: type, id: id, nodes: nodes, edges: edges };
  }
  paint();
}

function unfocus() {
  focus = null;
  paint();
}

// Colours of every node and line of the view, given the focus.
function paint() {
  var many = Object.keys(edgeInfo).length > 300;
  visNodes.update(Object.keys(nodeInfo).map(function (id) {
    var n = nodeInfo[id];
    var lit = !focus || focus.nodes[id];
    var main = lit ? n.color : rgba(n.color, 0.15);
    var border = lit ? (focus && focus.id === id ? data.colors.focus : "#57606a") : "rgba(87,96,106,0.15)";
    if (n.kind === "hub") {
      return { id: id, color: { background: lit ? "#ffffff" : "rgba(255,255,255,0.15)", border: main }, borderWidth: 3 };
    }
    return {
      id: id,
      color: { background: main, border: border },
      borderWidth: focus && focus.id === id ? 3 : (n.kind === "group" ? 2 : 1)
    };
  }));
  visEdges.update(memberEdges.map(function (m) {
    var lit = !focus || (focus.nodes[m.from] && focus.nodes[m.to]);
    return { id: m.id, color: { color: lit ? "rgba(87,96,106,0.45)" : "rgba(87,96,106,0.06)", inherit: false } };
  }));
  visEdges.update(Object.keys(edgeInfo).map(function (id) {
    var e = edgeInfo[id];
    var base = e.red ? mix(data.colors.edge, data.colors.disputed, Math.max(0.25, e.red)) : data.colors.edge;
    var colour;
    if (!focus) { colour = rgba(base, e.red >= 0.5 ? 0.9 : (many ? 0.35 : 0.7)); }
    else if (focus.edges[id]) { colour = e.red ? base : data.colors.focus; }
    else { colour = rgba(base, 0.06); }
    return { id: id, color: { color: colour, inherit: false } };
  }));
}

// ---- labels ---------------------------------------------------------------------------------------
function labelText(n) {
  return n.kind === "group" ? n.label + " · " + number(n.count) : n.label;
}

function grouping(n) {
  return n.kind === "group" || n.kind === "hub";
}

function labelOrder() {
  var ids = Object.keys(nodeInfo);
  var weight = function (id) {
    if (hovered && hovered.type === "node" && hovered.id === id) { return -3; }
    if (focus && focus.id === id) { return -2; }
    if (focus && focus.nodes[id]) { return -1; }
    if (hovered && hovered.type === "edge") {
      var e = edgeInfo[hovered.id];
      if (e && (e.from === id || e.to === id)) { return -1; }
    }
    return 0;
  };
  return ids.sort(function (a, b) {
    return (weight(a) - weight(b)) || (nodeInfo[a].rank - nodeInfo[b].rank);
  });
}

function overlaps(box, boxes) {
  for (var i = 0; i < boxes.length; i += 1) {
    var o = boxes[i];
    if (box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h) {
      return true;
    }
  }
  return false;
}

function drawLabels(ctx) {
  var scale = network.getScale();
  var positions = network.getPositions();
  var width = container.clientWidth;
  var height = container.clientHeight;
  // Large nodes are obstacles too: no label is written over one.
  var boxes = [];
  Object.keys(nodeInfo).forEach(function (id) {
    var r = nodeInfo[id].size * scale;
    if (r < 9 || !positions[id] || (focus && !focus.nodes[id])) { return; }
    var c = network.canvasToDOM(positions[id]);
    boxes.push({ x: c.x - r * 0.8, y: c.y - r * 0.8, w: r * 1.6, h: r * 1.6 });
  });
  drawnLabels = [];
  ctx.save();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  labelOrder().some(function (id) {
    var n = nodeInfo[id];
    var lit = !focus || focus.nodes[id];
    if (!lit) { return false; }
    var at = positions[id];
    if (!at) { return false; }
    var strong = (focus && focus.id === id) || (hovered && hovered.id === id);
    var px = strong ? 15 : grouping(n) ? Math.round(12 + 3 * n.size / 40) : 12;
    var font = (strong || grouping(n) ? "600 " : "") + px + "px system-ui, sans-serif";
    ctx.font = font;
    var text = labelText(n);
    var textWidth = ctx.measureText(text).width;
    var centre = network.canvasToDOM({ x: at.x, y: at.y });
    var radius = n.size * scale;
    var w = textWidth + 4;
    var h = px + 3;
    // Below the node, else above, right, left or on a diagonal: the first place where it is alone.
    var side = radius * 0.72;
    var places = [
      { x: centre.x - w / 2, y: centre.y + radius + 2 },
      { x: centre.x - w / 2, y: centre.y - radius - 2 - h },
      { x: centre.x + radius + 3, y: centre.y - h / 2 },
      { x: centre.x - radius - 3 - w, y: centre.y - h / 2 },
      { x: centre.x + side + 2, y: centre.y + side + 1 },
      { x: centre.x + side + 2, y: centre.y - side - 1 - h },
      { x: centre.x - side - 2 - w, y: centre.y + side + 1 },
      { x: centre.x - side - 2 - w, y: centre.y - side - 1 - h }
    ];
    var box = null;
    for (var i = 0; i < places.length && !box; i += 1) {
      var candidate = { x: places[i].x, y: places[i].y, w: w, h: h };
      if (candidate.x < 0 || candidate.x + w > width || candidate.y < 0 || candidate.y + h > height) { continue; }
      if (strong || !overlaps(candidate, boxes)) { box = candidate; }
    }
    if (!box && strong) { box = { x: places[0].x, y: places[0].y, w: w, h: h }; }
    if (!box) { return false; }
    boxes.push(box);
    var size = px / scale;
    ctx.font = (strong || grouping(n) ? "600 " : "") + size + "px system-ui, sans-serif";
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = "#1f2328";
    var topLeft = network.DOMtoCanvas({ x: box.x + w / 2, y: box.y + 2 });
    ctx.strokeText(text, topLeft.x, topLeft.y);
    ctx.fillText(text, topLeft.x, topLeft.y);
    drawnLabels.push({ id: id, text: text, px: px, x: box.x, y: box.y, w: box.w, h: box.h });
    return boxes.length >= 400;
  });
  ctx.restore();
}

function drawHovered(ctx) {
  if (!hovered || hovered.type !== "edge" || !edgeInfo[hovered.id]) { return; }
  var e = edgeInfo[hovered.id];
  var positions = network.getPositions([e.from, e.to]);
  var scale = network.getScale();
  ctx.save();
  ctx.strokeStyle = e.red ? mix(data.colors.edge, data.colors.disputed, Math.max(0.4, e.red)) : data.colors.focus;
  ctx.lineWidth = Math.max(e.width, 3 / scale);
  ctx.beginPath();
  ctx.moveTo(positions[e.from].x, positions[e.from].y);
  ctx.lineTo(positions[e.to].x, positions[e.to].y);
  ctx.stroke();
  ctx.restore();
}

// ---- what is under the pointer ------------------------------------------------------------------
function segmentDistance(p, a, b) {
  var dx = b.x - a.x;
  var dy = b.y - a.y;
  var t = dx || dy ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy) : 0;
  t = Math.max(0, Math.min(1, t));
  var x = a.x + t * dx - p.x;
  var y = a.y + t * dy - p.y;
  return Math.sqrt(x * x + y * y);
}

// The node under the DOM point (x, y) of the network's container, else the nearest line
// within a few pixels of it, else null. What the focus dims lies beneath what it
// highlights: a dimmed node or line is found only where no highlighted one is.
function hitTest(x, y) {
  var scale = network.getScale();
  var p = network.DOMtoCanvas({ x: x, y: y });
  var positions = network.getPositions();
  var best = null;
  var bestScore = Infinity;
  var behind = function (lit) { return focus && !lit ? 1e9 : 0; };
  Object.keys(nodeInfo).forEach(function (id) {
    var at = positions[id];
    var dx = at.x - p.x;
    var dy = at.y - p.y;
    var d = Math.sqrt(dx * dx + dy * dy);
    var reach = Math.max(nodeInfo[id].size, 5 / scale) + 2 / scale;
    var score = d + behind(focus && focus.nodes[id]);
    if (d <= reach && score < bestScore) { best = id; bestScore = score; }
  });
  if (best !== null) { return { type: "node", id: best }; }
  Object.keys(edgeInfo).forEach(function (id) {
    var e = edgeInfo[id];
    var d = segmentDistance(p, positions[e.from], positions[e.to]);
    var reach = e.width / 2 + 5 / scale;
    var score = d + behind(focus && focus.edges[id]);
    if (d <= reach && score < bestScore) { best = id; bestScore = score; }
  });
  return best === null ? null : { type: "edge", id: best };
}

// ---- the hover card: a short summary, always inside the drawing ----------------------------------
var hoverCard = byId("kg-hover");

function nodeName(id) {
  var n = nodeInfo[id];
  return n ? n.label : id;
}

function cardFor(hit) {
  var card = document.createDocumentFragment();
  if (hit.type === "node") {
    var n = nodeInfo[hit.id];
    card.appendChild(el("div", "kg-card-head", n.label));
    if (grouping(n)) {
      card.appendChild(el("div", "kg-muted",
        plural(state.perGroup[n.ref] || 0, "participant") + " · " + plural(n.count, "contact")));
      card.appendChild(el("div", "kg-hint", n.kind === "hub" ?
        "its people are around it · double-click: close it" : "click: details · double-click: show its people"));
    } else {
      var person = people[n.ref];
      var about = person.kind;
      if (person.countries.length) {
        about += " · " + person.countries.map(function (c) { return countries[c].name; }).join(", ");
      }
      card.appendChild(el("div", "kg-muted", about));
      person.posts.slice(0, 3).forEach(function (post) { card.appendChild(el("div", "", post)); });
      if (person.posts.length > 3) { card.appendChild(el("div", "kg-muted", "… " + plural(person.posts.length - 3, "more post"))); }
      var count = current.kind === "person" && n.ref !== current.person ?
        plural(n.count, "contact") + " with " + people[current.person].name :
        plural(state.perPerson[n.ref], "contact") + " shown";
      card.appendChild(el("div", "", count));
      card.appendChild(el("div", "kg-hint", "click: details · double-click: show their contacts"));
    }
    return card;
  }
  var e = edgeInfo[hit.id];
  card.appendChild(el("div", "kg-card-head", nodeName(e.from) + " — " + nodeName(e.to)));
  var first = contacts[e.contacts[0]];
  var last = contacts[e.contacts[e.contacts.length - 1]];
  var span = e.contacts.length === 1 ? first.date : "from " + first.date + " to " + last.date;
  card.appendChild(el("div", "kg-muted", plural(e.contacts.length, "contact") + ", " + span));
  var disputed = [];
  e.contacts.forEach(function (i) {
    disputedStatements(contacts[i]).forEach(function (s) { disputed.push([contacts[i], s]); });
  });
  disputed.slice(0, 3).forEach(function (pair) {
    var line = el("div", "kg-card-line");
    line.appendChild(el("span", "kg-disputed", "⚠ " + statementLabel(pair[1]) + " (" + pair[0].date + "): "));
    line.appendChild(el("span", "", supportText(pair[1], pair[0])));
    card.appendChild(line);
  });
  if (disputed.length > 3) {
    card.appendChild(el("div", "kg-muted", "… and " + plural(disputed.length - 3, "more disputed statement")));
  }
  card.appendChild(el("div", "kg-hint", "click: every contact, in the panel"));
  return card;
}

function showCard(hit, x, y) {
  hoverCard.replaceChildren(cardFor(hit));
  hoverCard.hidden = false;
  var stage = byId("kg-stage").getBoundingClientRect();
  var box = container.getBoundingClientRect();
  var left = box.left - stage.left + x + 16;
  var top = box.top - stage.top + y + 16;
  var w = hoverCard.offsetWidth;
  var h = hoverCard.offsetHeight;
  if (left + w > stage.width - 4) { left = Math.max(4, box.left - stage.left + x - 16 - w); }
  if (top + h > stage.height - 4) { top = Math.max(4, box.top - stage.top + y - 16 - h); }
  hoverCard.style.left = left + "px";
  hoverCard.style.top = top + "px";
}

function hideCard() {
  hoverCard.hidden = true;
}
