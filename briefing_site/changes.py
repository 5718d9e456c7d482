"""What a pull request changes on the site, computed from the data of its base and its head.

An editor reviewing a colleague's pull request should see what readers will see change
(briefings added or edited, claims whose status moved, figures that changed, new registry
entries, pages added or removed, warnings) without reading YAML diffs. `compare` works on two
linked sites and the page lists rendered from them; `as_markdown` writes the summary that the
pull-request workflow puts on the run's summary page and attaches to the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .link import Site
from .problems import Problem
from .render import amount
from .validate import BriefingBundle

REGISTRY_KINDS = ("people", "organisations", "places", "sources", "issues")


@dataclass(frozen=True)
class StatusChange:
    briefing: str
    claim: str
    statement: str
    before: str
    after: str


@dataclass(frozen=True)
class FigureChange:
    briefing: str
    figure: str
    label: str
    before: str  # "" when the figure is new
    after: str  # "" when the figure was removed


@dataclass(frozen=True)
class ControlChange:
    briefing: str
    control: str
    where: str  # 'Kupiansk (northern districts)'
    claimant: str
    before: str  # "" when the control claim is new
    after: str  # "" when it was removed


@dataclass
class Summary:
    """Every difference a reader of the site would notice, grouped as a reviewer reads them."""

    briefings_added: list[str] = field(default_factory=list)
    briefings_removed: list[str] = field(default_factory=list)
    briefings_changed: list[str] = field(default_factory=list)
    claims_added: list[tuple[str, str]] = field(default_factory=list)  # (briefing, claim id)
    claims_removed: list[tuple[str, str]] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    control_changes: list[ControlChange] = field(default_factory=list)
    figure_changes: list[FigureChange] = field(default_factory=list)
    registry_added: dict[str, list[str]] = field(default_factory=dict)  # kind → ids
    registry_removed: dict[str, list[str]] = field(default_factory=dict)
    registry_changed: dict[str, list[str]] = field(default_factory=dict)
    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.briefings_added, self.briefings_removed, self.briefings_changed, self.claims_added,
                        self.claims_removed, self.status_changes, self.control_changes, self.figure_changes,
                        self.registry_added, self.registry_removed, self.registry_changed, self.pages_added,
                        self.pages_removed, self.warnings))


def compare(base: Site, head: Site, base_pages: Iterable[str], head_pages: Iterable[str]) -> Summary:
    """The differences between two linked sites and their rendered page lists."""
    summary = Summary(warnings=[p for p in head.problems if p.severity == "warning"])
    old = {b.briefing.id: b for b in base.briefings}
    new = {b.briefing.id: b for b in head.briefings}
    summary.briefings_added = sorted(new.keys() - old.keys())
    summary.briefings_removed = sorted(old.keys() - new.keys())
    for ident in sorted(old.keys() & new.keys()):
        if _dump(old[ident]) != _dump(new[ident]):
            summary.briefings_changed.append(ident)
        _compare_claims(old[ident], new[ident], summary)
        _compare_control(old[ident], new[ident], head, summary)
        _compare_figures(old[ident], new[ident], summary)
    for ident in summary.briefings_added:
        _compare_control(None, new[ident], head, summary)
        summary.claims_added += [(ident, c.id) for c in new[ident].situation.claims]
        summary.figure_changes += [FigureChange(ident, f.id, f.label, "", amount(f))
                                   for f in new[ident].situation.figures]
    for kind in REGISTRY_KINDS:
        before, after = getattr(base, kind), getattr(head, kind)
        added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
        changed = sorted(k for k in before.keys() & after.keys() if before[k].model_dump() != after[k].model_dump())
        for target, ids in ((summary.registry_added, added), (summary.registry_removed, removed),
                            (summary.registry_changed, changed)):
            if ids:
                target[kind] = ids
    pages_before, pages_after = set(base_pages), set(head_pages)
    summary.pages_added = sorted(pages_after - pages_before)
    summary.pages_removed = sorted(pages_before - pages_after)
    return summary


def _dump(bundle: BriefingBundle) -> tuple[object, ...]:
    return (bundle.briefing.model_dump(), bundle.situation.model_dump(), [q.model_dump() for q in bundle.quotes],
            [p.model_dump() for p in bundle.positions])


def _compare_claims(old: BriefingBundle, new: BriefingBundle, summary: Summary) -> None:
    before = {c.id: c for c in old.situation.claims}
    after = {c.id: c for c in new.situation.claims}
    ident = new.briefing.id
    summary.claims_added += [(ident, c) for c in sorted(after.keys() - before.keys())]
    summary.claims_removed += [(ident, c) for c in sorted(before.keys() - after.keys())]
    for cid in sorted(before.keys() & after.keys()):
        if before[cid].status != after[cid].status:
            summary.status_changes.append(StatusChange(ident, cid, after[cid].statement,
                                                       before[cid].status.value, after[cid].status.value))


def _compare_control(old: BriefingBundle | None, new: BriefingBundle, site: Site, summary: Summary) -> None:
    before = {c.id: c for c in old.situation.control} if old else {}
    after = {c.id: c for c in new.situation.control}
    for cid in sorted(before.keys() | after.keys()):
        was, now = before.get(cid), after.get(cid)
        if was is not None and now is not None and (was.status, was.part, was.place) == (now.status, now.part,
                                                                                          now.place):
            continue
        shown = now or was
        assert shown is not None
        place = site.places.get(shown.place)
        where = (place.name if place else shown.place) + (f" ({shown.part})" if shown.part else "")
        summary.control_changes.append(ControlChange(new.briefing.id, cid, where, shown.claimant,
                                                     was.status.value if was else "", now.status.value if now else ""))


def _compare_figures(old: BriefingBundle, new: BriefingBundle, summary: Summary) -> None:
    before = {f.id: f for f in old.situation.figures}
    after = {f.id: f for f in new.situation.figures}
    ident = new.briefing.id
    for fid in sorted(before.keys() | after.keys()):
        was = amount(before[fid]) if fid in before else ""
        now = amount(after[fid]) if fid in after else ""
        if was != now:
            label = (after.get(fid) or before[fid]).label
            summary.figure_changes.append(FigureChange(ident, fid, label, was, now))


def as_markdown(summary: Summary, *, base_ok: bool = True) -> str:
    """The summary for a pull request's review, in plain Markdown (readable as text too).

    The summary is shown on the run's page by GitHub, which reads it as GitHub Markdown: headings,
    links, images, HTML, @mentions and bare addresses would all be live. Its structure is set here;
    every value that comes from the pull request (ids, names, statements, amounts, file names,
    warnings) is one clipped line in a code span (`_code`), where GitHub makes nothing of it."""
    lines = ["# What this pull request changes on the site", ""]
    if not base_ok:
        lines += ["The base branch did not check clean, so everything is compared with an empty site.", ""]
    if summary.empty:
        return "\n".join([*lines, "Nothing a reader would see changes.", ""])

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend([f"## {title}", "", *(f"- {item}" for item in items), ""])

    section("Briefings added", [_code(b) for b in summary.briefings_added])
    section("Briefings removed", [_code(b) for b in summary.briefings_removed])
    section("Briefings changed", [_code(b) for b in summary.briefings_changed])
    section("Claims whose status changed",
            [f"{_code(c.briefing)} / {_code(c.claim)}: {_code(c.before)} → **{_code(c.after)}** "
             f"({_code(c.statement)})" for c in summary.status_changes])
    section("Who controls what", [_control_line(c) for c in summary.control_changes])
    section("Claims added", [f"{_code(b)} / {_code(c)}" for b, c in summary.claims_added])
    section("Claims removed", [f"{_code(b)} / {_code(c)}" for b, c in summary.claims_removed])
    section("Figures changed", [_figure_line(f) for f in summary.figure_changes])
    for title, table in (("Registry entries added", summary.registry_added),
                         ("Registry entries removed", summary.registry_removed),
                         ("Registry entries changed", summary.registry_changed)):
        section(title, [f"{kind}: " + ", ".join(_code(i) for i in ids) for kind, ids in table.items()])
    section("Pages added", [_code(p) for p in summary.pages_added])
    section("Pages removed", [_code(p) for p in summary.pages_removed])
    section("Warnings", [f"{_code(f'{w.file}:{w.line}:{w.column}')} {_code(w.field)}: {_code(w.message, 300)}"
                         for w in summary.warnings])
    return "\n".join(lines)


def _control_line(change: ControlChange) -> str:
    return _before_after(f"{_code(change.briefing)} / {_code(change.control)}: {_code(change.where)}, according to "
                         f"{_code(change.claimant)}", change.before, change.after)


def _figure_line(change: FigureChange) -> str:
    return _before_after(f"{_code(change.briefing)} / {_code(change.figure)} ({_code(change.label)})", change.before,
                         change.after)


def _before_after(where: str, before: str, after: str) -> str:
    """One change: new, removed, or from one value to another ("" stands for none)."""
    if not before:
        return f"{where}: new, **{_code(after)}**"
    if not after:
        return f"{where}: removed (was {_code(before)})"
    return f"{where}: {_code(before)} → **{_code(after)}**"


def _code(text: str, limit: int = 120) -> str:
    """`text` as one GitHub Markdown code span: one line (every run of white space or control
    characters a single space), at most `limit` characters, fenced by more backticks than it holds
    in a row, so that nothing in it is read as Markdown, HTML, a link, a mention or the span's end."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    if not flat:
        return "` `"
    fence = "`" * (max(map(len, re.findall(r"`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}" if "`" in flat else f"{fence}{flat}{fence}"
