"""`kg sparql`, the example queries, and binding values without formatting them into queries."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.errors import QueryError, QueryRefusedError
from kg.sparql.run import examples, run_query, serialize
from kg.sparql.syntax import bind, check_query, inspect_query, parse_value, tokenize
from kg.store import EmbeddedStore

from .conftest import HOSTILE_SERVICES, MENTIONS_SERVICE

KG = "https://w3id.org/kg-contacts/ns#"
ID = "https://w3id.org/kg-contacts/id/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
PERSONS = "SELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?p"


def test_list_shows_every_example_on_one_line(run: Callable[..., Result]) -> None:
    result = run("sparql", "--list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "name                       summary\n"
        "-------------------------  "
        "----------------------------------------------------------------------------\n"
        "contacts-per-country-pair  How many contacts each pair of countries had, per year.\n"
        "disputed-claims            Every disputed statement, with each claim for and against "
        "it and its source.\n"
        "last-contact               The last contact of a pair, and every contact that may be "
        "as late.\n"
        "most-contacted             The people a person has spoken to most, with their latest "
        "contact.\n"
        "person-timeline            Every contact of one person, in date order, one row per "
        "counterpart.\n"
        "post-holder                Who held a post on a given day.\n"
    )


@pytest.mark.parametrize("item", examples(), ids=[e.name for e in examples()])
def test_every_example_is_documented_and_its_invocation_answers(
    item: object, run: Callable[..., Result]
) -> None:
    from kg.sparql.run import Example

    assert isinstance(item, Example)
    assert item.summary and not item.summary.startswith("PREFIX")
    assert item.invocation.startswith(f"kg sparql {item.name}")
    declared = {p.name for p in item.parameters}
    assert set(item.example_values) <= declared
    assert {p.name for p in item.parameters if p.required} <= set(item.example_values)
    args = [a for pair in item.example_values.items() for a in ("-p", *pair)]
    result = run("sparql", item.name, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"], "the example answers nothing"


def test_last_contact_example_table(run: Callable[..., Result]) -> None:
    result = run("sparql", "last-contact", "-p", "a", "lecornu", "-p", "b", "shoigu")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "date        earliest    latest      type        status        contact\n"
        "----------  ----------  ----------  ----------  ------------  "
        "---------------------------------\n"
        "2024-04-03  2024-04-03  2024-04-03  phone call  kg:Confirmed  "
        "contact:lecornu-shoigu-2024-04-03\n"
    )


def test_last_contact_keeps_contacts_that_may_be_as_late(run: Callable[..., Result]) -> None:
    result = run(
        "sparql", "last-contact", "-p", "a", "macron", "-p", "b", "putin", "--format", "csv"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "date,earliest,latest,type,status,contact"
    assert [line.split(",")[0] for line in lines[1:]] == ["2022-09", "2022-02/2022-09"]


def test_example_accepts_an_iri_as_well_as_an_id(run: Callable[..., Result]) -> None:
    by_id = run("sparql", "person-timeline", "-p", "person", "macron", "--format", "tsv")
    by_iri = run(
        "sparql", "person-timeline", "-p", "person", f"<{ID}person/macron>", "--format", "tsv"
    )
    assert by_id.exit_code == by_iri.exit_code == 0
    assert by_id.stdout == by_iri.stdout
    assert by_id.stdout.count("\n") == 5


def test_optional_parameter_left_out_means_no_filter(run: Callable[..., Result]) -> None:
    every = run("sparql", "contacts-per-country-pair", "--format", "json")
    russia = run("sparql", "contacts-per-country-pair", "-p", "country", "ru", "--format", "json")
    rows = json.loads(every.stdout)["results"]["bindings"]
    ru_rows = json.loads(russia.stdout)["results"]["bindings"]
    assert len(ru_rows) < len(rows)
    assert all("Russia" in (r["country1"]["value"], r["country2"]["value"]) for r in ru_rows)
    turkey_ukraine = [r for r in rows if r["country1"]["value"] == "Turkey"]
    assert [r["country2"]["value"] for r in turkey_ukraine] == ["Ukraine"]


def test_example_without_its_required_parameters(run: Callable[..., Result]) -> None:
    result = run("sparql", "post-holder", "-p", "post", "ru-minister-defence")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the example query 'post-holder' needs -p date, for instance: "
        "kg sparql post-holder -p post ru-minister-defence -p date 2024-04-03\n"
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-04-03", "Sergei Shoigu"),
        ('"2024-05-20"^^xsd:date', "Andrei Belousov"),
        ('"2024-05-20"^^<http://www.w3.org/2001/XMLSchema#date>', "Andrei Belousov"),
    ],
)
def test_typed_and_plain_values(value: str, expected: str, run: Callable[..., Result]) -> None:
    result = run(
        "sparql", "post-holder", "-p", "post", "ru-minister-defence", "-p", "date", value,
        "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].split(",")[0] == expected


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("json", lambda out: json.loads(out)["head"]["vars"] == ["p"]),
        ("xml", lambda out: ET.fromstring(out).tag.endswith("sparql")),
        ("csv", lambda out: out.splitlines()[0] == "p" and f"{ID}person/lecornu" in out),
        ("tsv", lambda out: out.splitlines()[0] == "?p" and f"<{ID}person/lecornu>" in out),
    ],
)
def test_select_formats(fmt: str, check: Callable[[str], bool], run: Callable[..., Result]) -> None:
    result = run("sparql", PERSONS, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert check(result.stdout)


def test_select_json_is_the_standard_document(store: EmbeddedStore) -> None:
    result = run_query(store.oxigraph, PERSONS)
    parsed = ox.parse_query_results(serialize(result, "json"), ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [s["p"] for s in parsed] == [row[0] for row in result.rows]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json"])
def test_construct_formats_give_the_same_graph(
    fmt: str, run: Callable[..., Result], store: EmbeddedStore
) -> None:
    query = f"CONSTRUCT {{ ?c <{KG}participant> ?p }} WHERE {{ ?c <{KG}participant> ?p }}"
    result = run("sparql", query, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    rdf = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}.get(fmt)
    rdf = rdf or {"xml": ox.RdfFormat.RDF_XML, "json": ox.RdfFormat.JSON_LD}[fmt]
    got = {q.triple for q in ox.parse(result.stdout.encode(), rdf)}
    expected = set(store.oxigraph.query(query, use_default_graph_as_union=True))
    assert got == expected and len(got) > 10


def test_describe_and_ask_as_tables(run: Callable[..., Result]) -> None:
    ask = run("sparql", f"ASK {{ <{ID}person/lecornu> ?p ?o }}")
    assert ask.stdout == "answer\n------\ntrue\n"
    describe = run(
        "sparql",
        f"PREFIX person: <{ID}person/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "DESCRIBE person:lecornu",
    )
    assert describe.exit_code == 0, describe.stderr
    rows = [re.split(r"  +", line) for line in describe.stdout.splitlines()]
    assert rows[0] == ["subject", "predicate", "object"]
    assert ["person:lecornu", "rdfs:label", "Sébastien Lecornu"] in rows


def test_format_that_does_not_fit_the_query(run: Callable[..., Result]) -> None:
    result = run("sparql", PERSONS, "--format", "turtle")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: a SELECT or ASK answer cannot be written as 'turtle'; "
        "use table, json, csv, tsv, xml\n"
    )


def test_malformed_query_is_bad_input_with_the_parser_message(run: Callable[..., Result]) -> None:
    result = run("sparql", "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: malformed query: error at 1:")
    assert "Traceback" not in result.stderr


def test_query_from_a_file_and_from_stdin(
    run: Callable[..., Result], tmp_path: Path, store_dir: Path
) -> None:
    path = tmp_path / "q.rq"
    path.write_text(PERSONS, encoding="utf-8")
    from_file = run("sparql", str(path), "--format", "csv")
    from_stdin = CliRunner().invoke(
        cli, ["--store", str(store_dir), "sparql", "-", "--format", "csv"], input=PERSONS
    )
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout
    assert from_file.stdout.splitlines()[:2] == ["p", f"{ID}person/austin"]


def test_unknown_argument(run: Callable[..., Result]) -> None:
    result = run("sparql", "no-such-example")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'no-such-example' is neither a query, a file nor an example query "
        "(kg sparql --list shows them)\n"
    )


def test_service_refused_on_the_command_line(run: Callable[..., Result]) -> None:
    result = run("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert result.stderr == "Error: SERVICE is not allowed: queries never reach the network here\n"


@pytest.mark.parametrize("template", HOSTILE_SERVICES)
def test_no_spelling_of_service_reaches_the_network(
    template: str, run: Callable[..., Result], listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    result = run("sparql", template.format(port=port))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.endswith("queries never reach the network here\n")
    assert seen == []


@pytest.mark.parametrize("query", MENTIONS_SERVICE)
def test_queries_that_only_mention_service_run(query: str, run: Callable[..., Result]) -> None:
    result = run("sparql", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "results" in json.loads(result.stdout)


def test_update_refused_on_the_command_line(run: Callable[..., Result]) -> None:
    result = run("sparql", "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")
    assert result.exit_code == 2
    assert result.stderr == "Error: the store is read-only: SPARQL Update is not accepted\n"


NESTING_REFUSED = (
    "Error: the query nests brackets ({, ( or [) deeper than 64 levels; "
    "write it with fewer nested groups\n"
)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 200 + "1" + " ]" * 200 + " }",
        "SELECT * WHERE { ?s ?p " + "( " * 200 + "1" + " )" * 200 + " }",
        "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        # hidden from the lexer in what it reads as an IRI, seen by the engine
        "SELECT * WHERE { FILTER(1<2)" + "{" * 3000 + "#>\n" + "}" * 3000 + " }",
        "SELECT * WHERE { FILTER(1<2 " + "(" * 3000 + "#>\n" + ")" * 3000 + ") }",
    ],
    ids=["braces", "blank-nodes", "collections", "parentheses", "hidden-braces", "hidden"],
)
def test_deep_nesting_is_refused_before_the_engine_parses_it(
    query: str, run: Callable[..., Result]
) -> None:
    result = run("sparql", query)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", NESTING_REFUSED)
    with pytest.raises(QueryRefusedError, match="deeper than 64 levels"):
        check_query(query)


def test_nesting_up_to_the_limit_is_answered(run: Callable[..., Result]) -> None:
    query = "ASK " + "{ " * 60 + "?s ?p ?o FILTER((((1 = 1)))) " + "}" * 60
    assert check_query(query).nesting == 64
    result = run("sparql", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["boolean"] is True
    # brackets in strings, IRIs and comments are not nesting
    deep_text = 'SELECT * WHERE { ?s ?p "' + "(" * 10 + '" } # ' + "{" * 10
    assert check_query(deep_text).nesting == 1


# -- binding ----------------------------------------------------------------

VALUE_OF_X = "SELECT ?v WHERE { BIND (?x AS ?v) }"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("plain text", ox.Literal("plain text")),
        ('"quoted"', ox.Literal("quoted")),
        ('"bonjour"@fr', ox.Literal("bonjour", language="fr")),
        ('"5"^^xsd:integer', ox.Literal("5", datatype=ox.NamedNode(XSD_INTEGER))),
        (f"<{ID}person/lecornu>", ox.NamedNode(f"{ID}person/lecornu")),
        ('" } ; DROP ALL # ', ox.Literal('" } ; DROP ALL # ')),
        ('x" } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #', None),
        ('"line\\nbreak \\"quoted\\""', ox.Literal('line\nbreak "quoted"')),
    ],
)  # fmt: skip
def test_bound_value_is_one_term(
    typed: str, expected: ox.Literal | None, store: EmbeddedStore
) -> None:
    result = run_query(store.oxigraph, VALUE_OF_X, {"x": typed})
    assert result.rows == ((expected or ox.Literal(typed),),)


def test_bound_variable_need_not_be_projected_and_is_bound(store: EmbeddedStore) -> None:
    query = (
        "SELECT ?name (BOUND(?who) AS ?known) WHERE { ?who <http://www.w3.org/2000/01/"
        "rdf-schema#label> ?name }"
    )
    result = run_query(store.oxigraph, query, {"who": f"<{ID}person/lecornu>"})
    assert [(r[0].value, r[1].value) for r in result.rows] == [("Sébastien Lecornu", "true")]


def test_bound_variable_is_not_the_subquery_own_variable(store: EmbeddedStore) -> None:
    query = (
        "SELECT ?n ?x WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?x a "
        "<http://xmlns.com/foaf/0.1/Person> } } }"
    )
    result = run_query(store.oxigraph, query, {"x": "anything"})
    (count, value) = result.rows[0]
    assert count is not None and int(count.value) > 5
    assert value == ox.Literal("anything")


def test_binding_into_a_bare_subquery_and_a_construct(store: EmbeddedStore) -> None:
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    bare = f"SELECT ?label WHERE {{ SELECT ?who ?label WHERE {{ ?who {label} ?label }} }}"
    assert run_query(store.oxigraph, bare, {"who": f"<{ID}person/putin>"}).rows == (
        (ox.Literal("Vladimir Putin"),),
    )
    construct = "CONSTRUCT { ?who ?p ?o } WHERE { ?who ?p ?o }"
    graph = run_query(store.oxigraph, construct, {"who": f"<{ID}person/putin>"})
    assert graph.triples and {t.subject for t in graph.triples} == {
        ox.NamedNode(f"{ID}person/putin")
    }


@pytest.mark.parametrize(
    "query, name, message",
    [
        (VALUE_OF_X, "nope", "the query has no variable ?nope to bind"),
        ("CONSTRUCT WHERE { ?x ?p ?o }", "x", "parameters need a query with a WHERE"),
    ],
)
def test_binding_errors(query: str, name: str, message: str, store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match=message.replace("?", r"\?")):
        run_query(store.oxigraph, query, {name: "v"})


def test_bad_iri_value() -> None:
    with pytest.raises(QueryError, match="is not a valid IRI"):
        parse_value("<http://a/b> }>")


def test_bind_puts_values_first_in_the_where_group() -> None:
    query = "PREFIX ex: <http://ex/> SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s"
    bound = bind(query, {"s": parse_value("<http://ex/a>")})
    assert bound == (
        "PREFIX ex: <http://ex/> SELECT ?s (COUNT(?o) AS ?n) WHERE { VALUES (?s) "
        "{ (<http://ex/a>) } ?s ex:p ?o } GROUP BY ?s"
    )


# -- what the lexer sees ----------------------------------------------------


@pytest.mark.parametrize(
    "query, service",
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("select * { service silent <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * { ?s ?p ?o FILTER(?s<?o)SERVICE<http://x/>{?a ?b ?c} }", True),
        ('SELECT * { ?s ?p "SERVICE <http://x/> { }" }', False),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> { }", False),
        ("SELECT * { <http://x/SERVICE> ?p ?o . ?service ?p ex:SERVICE }", False),
        ("SELECT * { ?s ?p '''a ' SERVICE '' b''' }", False),
    ],
)
def test_service_is_seen_only_where_it_is_a_keyword(query: str, service: bool) -> None:
    assert inspect_query(query).uses_service is service


def test_from_graphs_are_resolved_and_checked() -> None:
    query = "PREFIX g: <https://w3id.org/kg-contacts/id/graph/> SELECT * FROM g:curated FROM NAMED <http://elsewhere/x> { ?s ?p ?o }"
    shape = inspect_query(query)
    assert shape.datasets == ((False, f"{ID}graph/curated"), (True, "http://elsewhere/x"))
    with pytest.raises(QueryRefusedError, match="FROM <http://elsewhere/x> is not a graph"):
        check_query(query, graphs=[f"{ID}graph/curated"])


@pytest.mark.parametrize(
    "query, form",
    [
        ("PREFIX a: <http://a/> BASE <http://b/> ask {}", "ASK"),
        ("# comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://a/>", "DESCRIBE"),
        ("INSERT DATA { <http://a/> <http://a/> <http://a/> }", "UPDATE"),
        ("PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }", "UPDATE"),
        ("LOAD <http://example.org/data.ttl>", "UPDATE"),
        ("SELEC ?x {}", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    assert inspect_query(query).form == form


def test_tokens_keep_iris_strings_and_prefixed_names_whole() -> None:
    tokens = tokenize("SELECT ?x { ?x ex:a.b 'it\\'s' ; <http://a/#b> 1.5e3 } # c")
    assert [t.text for t in tokens] == [
        "SELECT", "?x", "{", "?x", "ex:a.b", "'it\\'s'", ";", "<http://a/#b>", "1.5e3", "}",
    ]  # fmt: skip
