// Starting the page: the network, pointer handling, the first view, and `window.kgGraph`,
// what the browser tests and the benchmark read.

var container = byId("kg-network");
var started = performance.now();
var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, data.options);

network.on("afterDrawing", function (ctx) {
  drawHovered(ctx);
  drawLabels(ctx);
});

function pointerHit(params) {
  return hitTest(params.pointer.DOM.x, params.pointer.DOM.y);
}

network.on("click", function (params) { select(pointerHit(params)); });
network.on("doubleClick", function (params) {
  var hit = pointerHit(params);
  if (!hit || hit.type !== "node") { return; }
  var n = nodeInfo[hit.id];
  if (n.kind === "group") { expand(n.ref); } else if (n.kind === "hub") { collapse(n.ref); } else { go({ kind: "person", person: n.ref }); }
});
network.on("dragStart", hideCard);

var pending = null;
container.addEventListener("mousemove", function (event) {
  var box = container.getBoundingClientRect();
  pending = { x: event.clientX - box.left, y: event.clientY - box.top };
  window.requestAnimationFrame(function () {
    if (!pending || body.getAttribute("data-kg-state") !== "ready") { return; }
    var point = pending;
    pending = null;
    var hit = hitTest(point.x, point.y);
    var changed = (hit ? hit.type + hit.id : "") !== (hovered ? hovered.type + hovered.id : "");
    hovered = hit;
    container.style.cursor = hit ? "pointer" : "";
    if (hit) { showCard(hit, point.x, point.y); } else { hideCard(); }
    if (changed) { network.redraw(); }
  });
});
container.addEventListener("mouseleave", function () {
  pending = null;
  hideCard();
  if (hovered) { hovered = null; network.redraw(); }
});

var api = {
  network: network, nodes: function () { return visNodes; }, edges: function () { return visEdges; },
  apply: apply, find: find, back: back, go: go, expand: expand, select: select, reset: reset,
  hitTest: hitTest, settleMs: null, shown: null,
  view: function () { return { kind: current.kind, expanded: (current.expanded || []).map(groupId), person: current.kind === "person" ? people[current.person].id : null, note: view.note }; },
  visibleNodeIds: function () { return Object.keys(nodeInfo).sort(); },
  visibleEdgeIds: function () { return Object.keys(edgeInfo); },
  edgeList: function () {
    return Object.keys(edgeInfo).map(function (id) {
      var e = edgeInfo[id];
      return [e.from, e.to, e.contacts.length];
    }).sort();
  },
  edgeBetween: function (a, b) {
    return Object.keys(edgeInfo).filter(function (id) {
      var e = edgeInfo[id];
      return (e.from === a && e.to === b) || (e.from === b && e.to === a);
    })[0] || null;
  },
  node: function (id) { return nodeInfo[id] ? { id: id, kind: nodeInfo[id].kind, count: nodeInfo[id].count, label: nodeInfo[id].label, color: nodeInfo[id].color } : null; },
  focused: function () { return focus ? { type: focus.type, id: focus.id, nodes: Object.keys(focus.nodes).sort() } : null; },
  labels: function () { return drawnLabels.slice(); },
  expandCountry: function (name) { var g = countryNamed(name); if (g !== null) { expand(g); } return g !== null; },
  colourOf: function (countryId) {
    var found = countries.filter(function (c) { return c.id === countryId; })[0];
    return found ? found.color : null;
  }
};
Object.defineProperty(api, "shown", {
  get: function () { return { nodes: state.participants, contacts: state.total }; }
});
window.kgGraph = api;

updateCounts();
render(startView(), false, function () {
  api.settleMs = Math.round(performance.now() - started);
  api.iterations = view.iterations;
});
