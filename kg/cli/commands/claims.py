"""Commands about claims and roles: ``kg claims``, ``kg disputes``, ``kg who-held``, ``kg check``."""

from __future__ import annotations

import click

from kg.cli.support import Settings, exit_with, format_option, pass_settings

__all__ = ["COMMANDS"]

CLAIM_COLUMNS = (
    "contact", "statement", "value", "status", "stance", "by",
    "source", "publisher", "published", "quote",
)  # fmt: skip
DISPUTE_COLUMNS = (
    "contact", "date", "statement", "value", "affirmed_by", "denied_by", "sources",
)  # fmt: skip
HOLDER_COLUMNS = (
    "post", "on", "id", "name", "start", "end", "certain",
    "source_publisher", "source_title", "source_url",
)  # fmt: skip
WARNING_COLUMNS = ("file", "line", "record", "message")


@click.command()
@click.argument("contact_or_a")
@click.argument("b", required=False)
@format_option()
@pass_settings
def claims(settings: Settings, contact_or_a: str, b: str | None, fmt: str) -> None:
    """Every claim about a contact: stance, who says it, in which document.

    With one argument, the contact with that id; with two, the last contact
    between A and B (as `kg last-contact A B` finds it). Exit code 1 when the
    pair has no recorded contact.

    \b
    Examples:
        kg claims lecornu-shoigu-2024-04-03
        kg claims Lecornu Shoigu --format json
    """
    from kg.output import text as render
    from kg.query import claims as library

    store = settings.open()
    if b is None:
        rows = library.contact_claims(store, contact_or_a)
    else:
        contact, rows = library.pair_claims(store, contact_or_a, b)
        if contact is None:
            click.echo(f"No recorded contact between {contact_or_a} and {b}.")
            exit_with(1)
    click.echo(render.render_rows([r._asdict() for r in rows], CLAIM_COLUMNS, fmt))


@click.command()
@format_option()
@pass_settings
def disputes(settings: Settings, fmt: str) -> None:
    """Every disputed statement in the graph, with who affirms and who denies it.

    \b
    Example:
        kg disputes
    """
    from kg.output import text as render
    from kg.query import claims as library

    found = library.disputes(settings.open())
    click.echo(render.render_rows([d._asdict() for d in found], DISPUTE_COLUMNS, fmt))


@click.command("who-held")
@click.argument("post")
@click.option("--on", "on", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@format_option("answer", "rows", default="text")
@pass_settings
def who_held(settings: Settings, post: str, on: str, fmt: str) -> None:
    """Who held POST on DATE, according to the recorded tenures?

    POST resolves like a person's name ("Russian defence minister", "French
    Minister of the Armed Forces", any case, defense or defence). For a month
    or a year, everyone who held it at some point is listed. Exit code 1 when
    nobody is recorded.

    \b
    Examples:
        kg who-held "Russian defence minister" --on 2024-04-03
        kg who-held "Russian defence minister" --on 2024-05 --format json
    """
    from kg.output import text as render
    from kg.query import posts

    answer = posts.who_held(settings.open(), post, on)
    if fmt == "text":
        click.echo(render.who_held_text(answer))
    else:
        rows = [{"post": answer.post.name, "on": on, **h._asdict()} for h in answer.holders]
        click.echo(render.render_rows(rows, HOLDER_COLUMNS, fmt))
    if not answer.holders:
        exit_with(1)


@click.command()
@format_option()
@pass_settings
def check(settings: Settings, fmt: str) -> None:
    """Check the data without building, and list warnings about roles.

    Errors (what `kg build` would refuse) exit with code 1. Warnings do not:
    a participant described by a post they did not hold on the contact's
    date, or a person with no recorded post at that date (country- and
    post-level questions cannot count them).

    \b
    Example:
        kg check
        kg --data ./data check --format json
    """
    from kg.output import text as render
    from kg.records.curated import check_data

    inputs = settings.inputs()
    warnings = check_data(inputs.data_dir, inputs.ontology_dir)
    rows = [
        {"file": w.path, "line": w.line, "record": w.record, "message": w.message} for w in warnings
    ]
    if fmt == "table" and not rows:
        click.echo("No problems and no warnings.")
        return
    click.echo(render.render_rows(rows, WARNING_COLUMNS, fmt))


COMMANDS = [claims, disputes, who_held, check]
