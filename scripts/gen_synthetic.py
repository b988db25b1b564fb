#!/usr/bin/env python3
"""Generate a synthetic bulk file of contacts (JSON Lines, see kg/importers/jsonl.py), with a fixed seed.

The same arguments always give the same bytes. The file holds, in this order:

- 60 countries, each with a ministry of foreign affairs; 12 news agencies;
- about 200 news articles (the sources of claims and tenures);
- 30 posts per country (head of state, head of government, foreign and
  defence ministers, 8 other ministers, 18 other officials);
- ``--people`` officials (default 5,000), each holding one or two posts for
  a few years between 2000 and 2025 (post holders follow each other);
- ``--contacts`` contacts (default 10,000) between them.

Realism where the benchmarks need it:

- **skew**: participants are drawn with Zipf-like weights (the k-th most
  active official is picked with weight 1/k^0.9), so a few people take part
  in a large share of all contacts, as heads of state and foreign ministers do;
- **date precision**: 70% known to the day, 14% to the month, 8% to the
  year, 8% intervals (a few days, or a range of months);
- **claims**: every contact has a claim that it occurred; 55% are reported
  by one agency (reported), 30% affirmed by both sides' ministries
  (confirmed), 10% affirmed by one side and denied by the other (disputed),
  5% only denied (denied); some carry topic or initiator claims;
- **types**: mostly phone calls and meetings, some visits (visitor / host),
  video calls, third-location meetings, negotiation rounds; 12% have 3 to 6
  participants (multilateral meetings).

Usage: python scripts/gen_synthetic.py --contacts 100000 --out /tmp/syn-100k.jsonl
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import sys
from typing import Any, TextIO

SEED = 20240403
COUNTRIES = 60
POSTS_PER_COUNTRY = 30
AGENCIES = 12
ARTICLES = 200
ZIPF = 0.9
START = dt.date(2000, 1, 1)
END = dt.date(2025, 6, 30)
TOPICS = (
    "war-in-ukraine",
    "ukraine-peace-talks",
    "terrorism",
    "counter-terrorism-cooperation",
    "russian-invasion-threat",
)
TYPES = (
    ("phone-call", 40),
    ("meeting", 25),
    ("visit", 12),
    ("video-call", 8),
    ("third-location-meeting", 8),
    ("negotiation-round", 7),
)
LEVELS = (
    ["head-of-state", "head-of-government", "foreign-minister", "defence-minister"]
    + ["minister"] * 8
    + ["other"] * 18
)
SYLLABLES = "ka lo mi ne ru sa te vo zi an el or ur is ba do fe gu".split()


def dump(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def iso(day: dt.date) -> str:
    return day.isoformat()


def edtf(rng: random.Random, day: dt.date) -> str:
    """A date around ``day`` at a mixed precision."""
    roll = rng.random()
    if roll < 0.70:
        return iso(day)
    if roll < 0.84:
        return day.strftime("%Y-%m")
    if roll < 0.92:
        return str(day.year)
    if roll < 0.97:
        return f"{iso(day)}/{iso(min(day + dt.timedelta(days=rng.randint(1, 3)), END))}"
    later = min(day.month + rng.randint(1, 3), 12)
    return f"{day.strftime('%Y-%m')}/{day.year}-{later:02d}"


def generate(out: TextIO, contacts: int, people: int, seed: int = SEED) -> None:
    """Write the whole bulk file to ``out``."""
    rng = random.Random(seed)
    countries = [f"syn-c{i:02d}" for i in range(COUNTRIES)]
    country_names = {c: f"{word(rng, 2)}ia" for c in countries}
    for c in countries:
        dump(out, {"record": "country", "id": c, "name": country_names[c]})
        dump(
            out,
            {
                "record": "organisation",
                "id": f"{c}-mfa",
                "name": f"Foreign Ministry of {country_names[c]}",
                "country": c,
            },
        )
    agencies = [f"syn-agency-{i:02d}" for i in range(AGENCIES)]
    for a in agencies:
        dump(out, {"record": "organisation", "id": a, "name": f"{word(rng, 2)} News Agency"})
    articles = [f"syn-article-{i:03d}" for i in range(ARTICLES)]
    for i, s in enumerate(articles):
        published = START + dt.timedelta(days=rng.randrange((END - START).days))
        dump(
            out,
            {
                "record": "source",
                "id": s,
                "title": f"Report {i} on diplomatic contacts",
                "publisher": agencies[i % AGENCIES],
                "published": iso(published),
            },
        )
    posts: list[tuple[str, str]] = []  # (post id, country)
    for c in countries:
        for j, level in enumerate(LEVELS):
            post = f"{c}-post-{j:02d}"
            posts.append((post, c))
            dump(
                out,
                {
                    "record": "post",
                    "id": post,
                    "name": f"{country_names[c]} {level.replace('-', ' ')} {j}",
                    "country": c,
                    "level": level,
                    "organisation": f"{c}-mfa" if level == "foreign-minister" else None,
                },
            )
    # Each post is held by successive people; each person holds one or two posts.
    span = (END - START).days
    person_ids = [f"syn-p{i:04d}" for i in range(people)]
    country_of: dict[str, str] = {}
    holders = itertools.cycle(range(len(posts)))
    for pid in person_ids:
        post, country = posts[next(holders)]
        country_of[pid] = country
        start = START + dt.timedelta(days=rng.randrange(span - 400))
        end = start + dt.timedelta(days=rng.randint(365, 365 * 8))
        tenures = [
            {
                "post": post,
                "start": iso(start),
                **({"end": iso(end)} if end < END else {}),
                "source": rng.choice(articles),
            }
        ]
        if rng.random() < 0.2 and end < END:
            second = posts[rng.randrange(len(posts))]
            if second[1] == country and second[0] != post:
                tenures.append(
                    {
                        "post": second[0],
                        "start": iso(end + dt.timedelta(days=1)),
                        "source": articles[0],
                    }
                )
        name = f"{word(rng, 2)} {word(rng, 3)}"
        dump(out, {"record": "person", "id": pid, "name": name, "tenures": tenures})
    # Zipf-like activity: the k-th official in a shuffled order has weight 1/k^ZIPF.
    order = person_ids[:]
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1 / (k + 1) ** ZIPF for k in range(len(order))))
    total = cumulative[-1]
    type_names = [t for t, _ in TYPES]
    type_cumulative = list(itertools.accumulate(w for _, w in TYPES))

    def pick() -> str:
        return order[bisect.bisect_left(cumulative, rng.random() * total)]

    for n in range(contacts):
        size = 2 if rng.random() < 0.88 else rng.randint(3, 6)
        chosen: list[str] = []
        while len(chosen) < size:
            candidate = pick()
            if candidate not in chosen:
                chosen.append(candidate)
        if size > 2:
            kind = "multilateral-meeting"
        else:
            kind = type_names[
                bisect.bisect_left(type_cumulative, rng.random() * type_cumulative[-1])
            ]
        participants: list[Any] = list(chosen)
        if kind == "visit":
            participants = [{"id": chosen[0], "role": "visitor"}, {"id": chosen[1], "role": "host"}]
        day = START + dt.timedelta(days=rng.randrange(span))
        claims = []
        side_a, side_b = f"{country_of[chosen[0]]}-mfa", f"{country_of[chosen[1]]}-mfa"
        roll = rng.random()
        if roll < 0.55:
            claims.append(
                {"about": "occurred", "by": rng.choice(agencies), "source": rng.choice(articles)}
            )
        elif roll < 0.85:
            source = rng.choice(articles)
            claims.append({"about": "occurred", "by": side_a, "source": source})
            claims.append({"about": "occurred", "by": side_b, "source": source})
        elif roll < 0.95:
            source = rng.choice(articles)
            claims.append({"about": "occurred", "by": side_a, "source": source})
            claims.append({"about": "occurred", "stance": "denies", "by": side_b, "source": source})
        else:
            claims.append(
                {
                    "about": "occurred",
                    "stance": "denies",
                    "by": side_b,
                    "source": rng.choice(articles),
                }
            )
        if rng.random() < 0.15:
            claims.append(
                {
                    "about": {"topic": rng.choice(TOPICS)},
                    "by": side_a,
                    "source": claims[0]["source"],
                }
            )
        if rng.random() < 0.05:
            claims.append(
                {"about": {"initiator": chosen[0]}, "by": side_b, "source": claims[0]["source"]}
            )
        dump(
            out,
            {
                "record": "contact",
                "id": f"syn-{n:07d}",
                "type": kind,
                "date": edtf(rng, day),
                "participants": participants,
                "claims": claims,
            },
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", help="output file (default: stdout)")
    args = parser.parse_args()
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            generate(out, args.contacts, args.people, args.seed)
    else:
        generate(sys.stdout, args.contacts, args.people, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
