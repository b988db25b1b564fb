"""The whole query layer against a SPARQL 1.1 server instead of the embedded store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import last_contact
from kg.store import CURATED_GRAPH, Inputs, open_store
from kg.store.remote import RemoteStore
from tests.sparql_server import sparql_server


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, ox.Store]]:
    with sparql_server() as running:
        yield running


def test_open_uploads_then_answers_like_the_embedded_store(
    server: tuple[str, ox.Store], store_dir: Path
) -> None:
    url, backing = server
    remote = open_store(url, Inputs.default())
    assert isinstance(remote, RemoteStore)
    embedded = open_store(store_dir, Inputs.default())
    for a, b in [("Lecornu", "Shoigu"), ("Macron", "Putin"), ("France", "Russia")]:
        assert last_contact(remote, a, b) == last_contact(embedded, a, b)
    curated = sum(
        1 for _ in backing.quads_for_pattern(None, None, None, ox.NamedNode(CURATED_GRAPH))
    )
    assert curated > 500


def test_unchanged_inputs_are_not_uploaded_again(server: tuple[str, ox.Store]) -> None:
    url, backing = server
    open_store(url, Inputs.default())
    before = len(backing)
    marker = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                     ox.Literal("kept"), ox.NamedNode(CURATED_GRAPH))  # fmt: skip
    backing.add(marker)
    open_store(url, Inputs.default())
    assert marker in backing and len(backing) == before + 1
    backing.remove(marker)


def test_bad_data_leaves_the_server_as_it_was(
    server: tuple[str, ox.Store], data_copy: Path
) -> None:
    url, backing = server
    open_store(url, Inputs.default())
    before = set(backing)
    people = data_copy / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\n  - {id: x}\n", encoding="utf-8")
    kept = open_store(url, Inputs(data_copy, bundled_ontology_dir()))
    assert kept.warning is not None and "problem" in kept.warning
    assert set(backing) == before


def test_cli_with_a_store_url(
    server: tuple[str, ox.Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = server
    monkeypatch.delenv("KG_DATA", raising=False)
    result = CliRunner().invoke(
        cli, ["--store", url, "last-contact", "Lavrov", "Blinken", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["last"]["id"] == "lavrov-blinken-2023-04"


def test_unreachable_server_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_DATA", raising=False)
    result = CliRunner().invoke(
        cli, ["--store", "http://127.0.0.1:9/sparql", "last-contact", "A", "B"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot reach the SPARQL server at http://127.0.0.1:9/sparql"
    )


def test_bound_values_are_never_formatted(server: tuple[str, ox.Store]) -> None:
    url, _ = server
    remote = RemoteStore(url)
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    rows = remote.select("SELECT ?name WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name }",
                         {"name": hostile})  # fmt: skip
    assert rows == []
    assert Path(bundled_data_dir()).is_dir()


def test_graph_store_protocol_loads_the_same_graphs(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    requests: list[str] = []
    with sparql_server(requests) as (url, backing):
        graph_store = url.replace("/sparql", "/graph-store")
        monkeypatch.setenv("KG_STORE_GRAPH_URL", graph_store)
        remote = open_store(url, Inputs.default())
        assert last_contact(remote, "Macron", "Putin") == last_contact(
            open_store(store_dir, Inputs.default()), "Macron", "Putin"
        )
        assert any(path.startswith("/graph-store?graph=") for path in requests)
        assert len(backing) > 500


def test_kg_sparql_on_a_store_url(
    server: tuple[str, ox.Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = server
    monkeypatch.delenv("KG_DATA", raising=False)
    run = CliRunner().invoke
    example = run(cli, ["--store", url, "sparql", "last-contact", "-p", "a", "macron",
                        "-p", "b", "putin", "--format", "csv"])  # fmt: skip
    assert example.exit_code == 0, example.output
    assert example.stdout.splitlines()[1].startswith("2022-09,")
    hostile = run(cli, ["--store", url, "sparql", "SELECT ?n WHERE { ?p rdfs:label ?n FILTER (?n = ?q) }",
                        "-p", "q", 'x" ) } DROP ALL #'])  # fmt: skip
    assert hostile.exit_code == 0, hostile.output
    ask = run(cli, ["--store", url, "sparql", "ASK { ?c a kg:PhoneCall }", "--format", "json"])
    assert json.loads(ask.stdout)["boolean"] is True
    graph = run(cli, ["--store", url, "sparql", "--format", "nt",
                      "CONSTRUCT { ?c a kg:Visit } WHERE { ?c a kg:Visit }"])  # fmt: skip
    assert graph.stdout.strip().endswith("<https://w3id.org/kg-contacts/ns#Visit> .")
    for bad in ["SELECT WHERE {", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"]:
        refused = run(cli, ["--store", url, "sparql", bad])
        assert refused.exit_code == 2 and refused.stderr.startswith("Error: "), refused.output


def test_server_booleans_read_as_true_and_false() -> None:
    from kg.store.remote import canonical_results

    virtuoso = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
               "value": "1"}}]}}).encode()  # fmt: skip
    parsed = json.loads(canonical_results(virtuoso))
    assert parsed["results"]["bindings"][0]["x"]["value"] == "true"
