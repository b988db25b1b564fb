"""``kg extract``: propose contact records from a news article, for review."""

from __future__ import annotations

import click

from kg.cli.support import Settings, format_option, output_option, pass_settings, write_output

__all__ = ["COMMANDS"]


@click.command()
@click.argument("article", metavar="ARTICLE.txt")
@click.option(
    "--published",
    required=True,
    metavar="DATE",
    help="Publication day, YYYY-MM-DD (relative dates count from it).",
)
@click.option("--publisher", metavar="NAME", help="Publisher, by name or id (AFP, afp).")
@click.option("--title", metavar="T", help="Title of the article (default: its first line).")
@output_option(what="the candidate records")
@format_option("records")
@pass_settings
def extract(settings: Settings, article: str, published: str, publisher: str | None,
            title: str | None, output: str | None, fmt: str) -> None:  # fmt: skip
    """Read a news article (plain text) and propose contact records to review.

    Participants are resolved to the people, countries and posts of the data
    (or proposed as new people); dates are resolved against --published at
    the precision the text gives. Every candidate cites its sentences and
    their character offsets. Nothing is written into the data: check the
    file, then move it under data/ and run `kg build`. Statements that there
    was no contact, and announced or offered talks, are listed apart.

    \b
    Examples:
        kg extract article.txt --published 2024-04-03 --publisher AFP -o candidates.yaml
        kg extract article.txt --published 2024-04-03 --format json
    """
    from kg.extract.run import run_extract

    text = run_extract(settings.inputs(), article, published, publisher, title, fmt)
    write_output(output, text, "candidate records; review them before moving the file under data/")


COMMANDS = [extract]
