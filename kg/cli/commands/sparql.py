"""``kg sparql`` and ``kg serve``: SPARQL for users, on the command line and over HTTP.

The library behind them is :mod:`kg.sparql.run` (running a query with bound
values, standard result formats) and :mod:`kg.sparql.endpoint` (the server); both
are imported only when a command runs.
"""

from __future__ import annotations

import click

from kg.cli.support import BadInput, Settings, format_option, pass_settings
from kg.errors import QueryError
from kg.store import EmbeddedStore

__all__ = ["COMMANDS", "sparql", "serve"]


@click.command("sparql")
@click.argument("query", metavar="QUERY-OR-FILE", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help=(
        'Bind ?NAME to VALUE: <iri>, "literal", "literal"@lang, "2024-04-03"^^xsd:date, '
        "or plain text (a string). Repeatable."
    ),
)
@format_option("results", "graph")
@click.option("--list", "list_examples", is_flag=True, help="List the example queries and exit.")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE clauses (federated queries that reach other servers).",
)
@pass_settings
def sparql(
    settings: Settings,
    query: str | None,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    list_examples: bool,
    allow_service: bool,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store.

    QUERY-OR-FILE is the query itself, a file holding it ('-' reads standard
    input) or the name of an example query (see --list). Values given with -p
    are bound to the query's variables, never pasted into its text. Formats:
    table (for people); json, xml, csv, tsv (SPARQL results); turtle, nt,
    jsonld, rdfxml for CONSTRUCT and DESCRIBE.

    \b
    Examples:
        kg sparql --list
        kg sparql last-contact -p a lecornu -p b shoigu
        kg sparql 'SELECT ?name WHERE { ?p a foaf:Person ; rdfs:label ?name }'
        kg sparql my-query.rq -p date '"2024-04-03"^^xsd:date' --format json
    """
    import sys

    from kg.output import formats
    from kg.output import text as render
    from kg.sparql import run as user_sparql

    if list_examples:
        rows = [{"name": e.name, "summary": e.summary} for e in user_sparql.examples()]
        click.echo(render.render_rows(rows, ["name", "summary"], "table"))
        return
    if query is None:
        raise BadInput("give a query, a file holding one, or an example name (kg sparql --list)")
    if query == "-":
        text = sys.stdin.read()
    else:
        try:
            text = user_sparql.load_user_query(query, [name.lstrip("?$") for name, _ in params])
        except QueryError as exc:
            hint = " (kg sparql --list shows them)" if "is neither" in str(exc) else ""
            raise BadInput(f"{exc}{hint}") from exc
    store = settings.open()
    if isinstance(store, EmbeddedStore) and allow_service:
        result = user_sparql.run_query(store.oxigraph, text, params, allow_service=True)
    elif isinstance(store, EmbeddedStore):
        from kg.sparql.workers import run_isolated

        result = run_isolated(store.path, text, tuple(params))
    else:
        result = user_sparql.run_remote(store, text, params, allow_service=allow_service)
    kind = "graph" if result.form in ("CONSTRUCT", "DESCRIBE") else "results"
    resolved = formats.resolve(fmt, kind)
    if resolved.deprecated:
        click.echo(
            f"Warning: --format {resolved.deprecated} for a graph is now {resolved.name}; "
            "the old name will stop working in a later release.",
            err=True,
        )
    output = formats.render(resolved.name, kind, result)
    text = output.decode("utf-8") if isinstance(output, bytes) else output
    click.echo(text, nl=not text.endswith("\n"))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0: any free port.",
)
@click.option(
    "--time-limit",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped.",
)
@click.option(
    "--max-rows",
    default=10000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or triples) returned at most; the rest is cut and the answer says so.",
)
@click.option(
    "--workers",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes: queries that can run at the same time.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help=(
        "Let pages of ORIGIN (such as https://example.org, or * for any) query the "
        "endpoint from a browser. Repeatable; off by default."
    ),
)
@pass_settings
def serve(
    settings: Settings,
    host: str,
    port: int,
    time_limit: float,
    max_rows: int,
    workers: int,
    cors: tuple[str, ...],
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint, with a query page.

    The endpoint is at /sparql (SPARQL 1.1 Protocol: GET or POST, results in
    JSON, XML, CSV, TSV, Turtle or N-Triples by content negotiation; a GET
    without a query gets its service description), the query page with the
    example queries at /. Updates, SERVICE and graphs outside the store are
    refused; each query runs in a worker process that is stopped at the time
    limit. When the store is rebuilt, queries run on the new build. Listens on
    127.0.0.1 unless told otherwise; logs one line per request on stderr.
    Ctrl-C stops it.

    \b
    Examples:
        kg serve
        kg serve --port 7878 --time-limit 10 --max-rows 50000
        kg serve --cors https://yasgui.example.org
    """
    from kg.sparql import endpoint

    limits = endpoint.Limits(time_limit=time_limit, max_rows=max_rows, workers=workers)
    endpoint.serve(
        _embedded_path(settings.open()),
        host=host,
        port=port,
        limits=limits,
        cors=cors,
        on_ready=_announce,
    )


def _embedded_path(store: object) -> str:
    """The build folder of the embedded store; the server opens builds itself.

    A SPARQL server given as --store is refused: it answers SPARQL itself.
    """
    if not isinstance(store, EmbeddedStore):
        raise BadInput("this command needs the embedded store; send SPARQL to that server itself")
    return store.path


def _announce(url: str) -> None:
    click.echo(f"SPARQL endpoint at {url}/sparql, query page at {url}/ (Ctrl-C stops)", err=True)


#: The commands this module adds to ``kg``.
COMMANDS = [sparql, serve]
