"""Open data: the whole record as JSON (with its JSON Schema) and the main tables as CSV.

A newsroom or a researcher can reuse the record without scraping pages: `data/record.json` holds
the registry and every briefing exactly as validated, `data/record.schema.json` describes it,
and `data/claims.csv`, `quotes.csv`, `figures.csv`, `control.csv`, `positions.csv` and `versions.csv`
(a row per term of each version of a document) hold one row per item, each
with the address of the item on the site. The licence line comes from mkdocs.yml (`copyright`).
The CSV files are UTF-8 with a byte-order mark: spreadsheet programs that guess the encoding
otherwise read Cyrillic as garbage, and every CSV reader that knows UTF-8 ("utf-8-sig") skips it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from . import model
from .link import Site
from .views import SiteInfo

FORMAT_VERSION = 1


class RegistryExport(BaseModel):
    people: list[model.Person]
    organisations: list[model.Organisation]
    places: list[model.Place]
    sources: list[model.Source]
    issues: list[model.DiplomacyIssue]
    topics: list[model.Topic]
    documents: list[model.Document] = Field(default_factory=list, description="Documents negotiated over, "
                                            "with their terms.")


class BriefingExport(BaseModel):
    url: str = Field(description="Where the briefing is published.")
    briefing: model.Briefing
    situation: model.Situation
    quotes: list[model.Quote]
    positions: list[model.Position]
    versions: list[model.Version] = Field(default_factory=list, description="Versions of documents it reports, "
                                          "with what each says of each term.")


class Record(BaseModel):
    """The whole record of the site, as its briefings and registry hold it."""

    format: str = Field(default="briefing-site record", description="What this file is.")
    version: int = Field(default=FORMAT_VERSION, description="The version of this format.")
    site: str = Field(description="The site's name.")
    url: str = Field(description="The site's address.")
    licence: str = Field(description="Under which terms the record may be reused.")
    as_of: str = Field(description="The newest briefing's as-of date, YYYY-MM-DD.")
    registry: RegistryExport
    briefings: list[BriefingExport] = Field(description="Every briefing, newest first.")


def schema() -> dict[str, str]:
    return {"text": json.dumps(Record.model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"}


def record(site: Site, info: SiteInfo, url_of: Callable[[Any], str]) -> dict[str, str]:
    data = Record(
        site=info.name, url=info.url, licence=info.licence, as_of=site.build_date.isoformat(),
        registry=RegistryExport(people=[*site.people.values()], organisations=[*site.organisations.values()],
                                places=[*site.places.values()], sources=[*site.sources.values()],
                                issues=[*site.issues.values()], topics=[*site.topics.values()],
                                documents=[*site.documents.values()]),
        briefings=[BriefingExport(url=url_of(b), briefing=b.briefing, situation=b.situation, quotes=b.quotes,
                                  positions=b.positions, versions=b.versions) for b in site.briefings],
    )
    return {"text": json.dumps(data.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n"}


def table(site: Site, kind: str, url_of: Callable[[Any], str]) -> dict[str, str]:
    """One CSV table: claims, quotes, figures or control."""
    header, rows = TABLES[kind](site, url_of)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return {"text": "\ufeff" + out.getvalue()}  # the byte-order mark: see the module's notes


def _cell(value: Any) -> str:
    """A value as a CSV cell; text a spreadsheet would run as a formula (=, +, -, @ first) is quoted."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(map(str, value))
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _claims(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    header = ["briefing", "as_of", "id", "topic", "claimant", "statement", "date", "status", "credibility",
              "sources", "corroborated_by", "contradicted_by", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, c.id, c.topic, c.claimant, c.statement, c.date, c.status.value,
             c.credibility, c.sources, c.corroborated_by, c.contradicted_by, url_of(c)]
            for b in site.briefings for c in b.situation.claims]
    return header, rows


def _quotes(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    header = ["briefing", "as_of", "id", "speaker", "role", "text", "translated", "original", "medium", "date",
              "source", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, q.id, q.speaker, q.role, q.text, q.translated, q.original,
             q.medium.value, q.date, q.source, url_of(q)] for b in site.briefings for q in b.quotes]
    return header, rows


def _figures(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    header = ["briefing", "as_of", "id", "label", "value", "upper", "unit", "qualifier", "subject", "claimant",
              "date", "topic", "sources", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, f.id, f.label, f.value, f.upper, f.unit, f.qualifier, f.subject,
             f.claimant, f.date, f.topic, f.sources, url_of(f)] for b in site.briefings for f in b.situation.figures]
    return header, rows


def _control(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    header = ["briefing", "as_of", "id", "place", "part", "status", "date", "claimant", "sources", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, c.id, c.place, c.part, c.status.value, c.date, c.claimant, c.sources,
             url_of(c)] for b in site.briefings for c in b.situation.control]
    return header, rows


def _positions(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    header = ["briefing", "as_of", "id", "actor", "issue", "document", "term", "stance", "date", "according_to",
              "summary", "conditions", "updates", "sources", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, p.id, p.actor, p.issue, p.document, p.term, p.stance.value, p.date,
             p.according_to, p.summary, " | ".join(p.conditions), p.updates, p.sources, url_of(p)]
            for b in site.briefings for p in b.positions]
    return header, rows


def _terms(site: Site, url_of: Callable[[Any], str]) -> tuple[list[str], list[list[Any]]]:
    """One row per term of each version: what each version of a document says of each term."""
    header = ["briefing", "as_of", "document", "version", "label", "version_date", "points", "revises", "term",
              "value", "amount", "according_to", "sources", "url"]
    rows = [[b.briefing.id, b.briefing.as_of, v.document, v.id, v.label, v.date, v.points, v.revises, t.term,
             t.value, t.amount, t.according_to or v.according_to, t.sources or v.sources, url_of(v)]
            for b in site.briefings for v in b.versions for t in v.terms]
    rows += [[b.briefing.id, b.briefing.as_of, v.document, v.id, v.label, v.date, v.points, v.revises, None, None,
              None, v.according_to, v.sources, url_of(v)] for b in site.briefings for v in b.versions if not v.terms]
    return header, rows


TABLES = {"claims": _claims, "quotes": _quotes, "figures": _figures, "control": _control,
          "positions": _positions, "versions": _terms}
