"""The query page that ``kg serve`` shows at ``/``: one self-contained HTML document.

No CDN and no external file: the style and the script are inline, allowed by
their hashes in a Content-Security-Policy that forbids everything else
(``connect-src 'self'`` lets the script post queries to the endpoint). Every
text put into the page is escaped: HTML text with :func:`html.escape`, and the
example queries as JSON inside a non-executed ``<script type="application/json">``
with ``<``, ``>`` and ``&`` written as ``\\u`` escapes. The script writes
results with ``textContent`` only, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["render_page"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
p.note { color: #555; margin: .2rem 0 1rem; }
textarea { width: 100%; box-sizing: border-box; font: 13px/1.4 ui-monospace, monospace; }
.bar { display: flex; gap: .6rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
#status { color: #555; }
table { border-collapse: collapse; margin-top: .6rem; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
pre { background: #f7f7f7; padding: .6rem; overflow: auto; font-size: 13px; }
.error { color: #a00; white-space: pre-wrap; }
"""

_SCRIPT = """
"use strict";
const examples = JSON.parse(document.getElementById("examples").textContent);
const picker = document.getElementById("example");
const editor = document.getElementById("query");
const status = document.getElementById("status");
const output = document.getElementById("output");
examples.forEach((example, index) => {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.name + " \\u2014 " + example.summary;
  picker.append(option);
});
picker.addEventListener("change", () => {
  if (picker.value !== "") editor.value = examples[Number(picker.value)].text;
});
function cell(term) {
  if (term === undefined) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + "@" + term["xml:lang"];
  return term.value;
}
document.getElementById("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "Running\\u2026";
  output.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
      },
      body: editor.value,
    });
    const body = await response.text();
    const took = Math.round(performance.now() - started) + " ms";
    if (!response.ok) {
      status.textContent = response.status + " " + response.statusText + " (" + took + ")";
      const message = document.createElement("div");
      message.className = "error";
      message.textContent = body;
      output.append(message);
      return;
    }
    const cap = response.headers.get("X-SPARQL-MaxRows");
    const cut = cap ? " \\u2014 cut at the limit of " + cap + " rows" : "";
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.textContent = body;
      output.append(pre);
      status.textContent = "Graph (" + took + ")" + cut;
      return;
    }
    const data = JSON.parse(body);
    if (typeof data.boolean === "boolean") {
      const pre = document.createElement("pre");
      pre.textContent = String(data.boolean);
      output.append(pre);
      status.textContent = "Answer (" + took + ")";
      return;
    }
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = name;
      head.append(th);
    }
    const rows = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = rows.insertRow();
      for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
    }
    output.append(table);
    const count = data.results.bindings.length;
    status.textContent = count + (count === 1 ? " row" : " rows") + " (" + took + ")" + cut;
  } catch (error) {
    status.textContent = String(error);
  }
});
"""

_DEFAULT_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>

SELECT ?person ?name WHERE {
  ?person a foaf:Person ;
          rdfs:label ?name .
}
ORDER BY ?name
"""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(examples: Sequence[tuple[str, str, str]], limits: Any) -> tuple[bytes, str]:
    """The query page and its Content-Security-Policy.

    Parameters
    ----------
    examples : sequence of (name, summary, query text)
        The example queries, ready to run.
    limits : kg.sparql.endpoint.Limits
        Shown on the page (time limit, row cap).

    Returns
    -------
    (bytes, str)
        The UTF-8 HTML document and the value of its
        ``Content-Security-Policy`` header.

    Examples
    --------
    >>> from kg.sparql.endpoint import Limits
    >>> page, csp = render_page([("x", "<b>bold</b> & co", "ASK {}")], Limits())
    >>> b"<b>bold" in page, "script-src 'sha256-" in csp
    (False, True)
    """
    data = [{"name": n, "summary": s, "text": t} for n, s, t in examples]
    listing = "".join(
        f"<li><code>{html.escape(name)}</code> \u2014 {html.escape(summary)}</li>"
        for name, summary, _ in examples
    )
    note = (
        f"Read-only. A query may run {limits.time_limit:g} s; answers are cut at "
        f"{limits.max_rows} rows. SERVICE and graphs outside the store are refused."
    )
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL endpoint</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>kg — SPARQL endpoint</h1>
<p class="note">{html.escape(note)} Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol).</p>
<form id="form" action="sparql" method="post">
<div class="bar">
<label for="example">Example:</label>
<select id="example"><option value="">choose an example query…</option></select>
</div>
<textarea id="query" name="query" rows="18" spellcheck="false">{html.escape(_DEFAULT_QUERY)}</textarea>
<div class="bar"><button type="submit">Run</button> <span id="status"></span></div>
</form>
<div id="output"></div>
<details><summary>Example queries</summary><ul>{listing}</ul></details>
<script type="application/json" id="examples">{_json_for_script(data)}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    csp = (
        f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return document.encode("utf-8"), csp
