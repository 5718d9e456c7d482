"""Atom feeds of the briefings (site-wide, per topic, per place), made with feedgen; each edition
publishes its own, with the editors' translations into its language where they gave them.

Links are absolute (the site's address from mkdocs.yml), each entry's id is its briefing's
published address, which stays the same as long as the briefing's id does, and every date comes
from the data (the as-of date, the latest correction), never from the build's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from feedgen.feed import FeedGenerator

from . import markup, model
from .link import Site
from .validate import BriefingBundle

NEWEST = 50  # entries per feed: a reader's feed holds the recent briefings, the site holds them all


def atom(site: Site, name: str, title: str, briefings: list[BriefingBundle], self_url: str,
         page_url: str, url_of: Callable[[Any], str], language: str) -> dict[str, str]:
    """A feed of `briefings` (newest first) in the site's `language`, as {"text": Atom XML}."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": name})
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language(language)
    shown = briefings[:NEWEST]
    feed.updated(_moment(max((b.briefing.updated for b in shown), default=site.build_date)))
    for bundle in reversed(shown):  # feedgen puts the entry added last first
        head = bundle.briefing
        title, summary, takeaways = (model.translation(head, field, language) or getattr(head, field)
                                     for field in ("title", "summary", "takeaways"))
        entry = feed.add_entry()
        address = url_of(bundle)
        entry.id(address)
        entry.title(title)
        entry.link(href=address, rel="alternate")
        entry.published(_moment(head.as_of))
        entry.updated(_moment(head.updated))
        items = "".join(f"<li>{markup.inline(t)}</li>" for t in takeaways)
        # Inline Markdown rendered and sanitised (nh3): the same HTML the page shows.
        entry.content(f"<p>{markup.inline(summary)}</p><ul>{items}</ul>", type="html")
    return {"text": feed.atom_str(pretty=True).decode("utf-8")}


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
