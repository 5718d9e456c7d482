"""A deterministic synthetic corpus for benchmarks and scale tests.

`generate(root, n, seed)` writes a project (briefings/, templates/, docs/, mkdocs.yml, copied
from this repository) whose briefings/ holds `n` briefing folders shaped like the bundled one
(about 10 claims, 10 quotes, 8 positions, 15 events and 15 figures, a few background items)
and a registry that grows with `n` (hundreds of people, places, organisations and sources at
n = 1,000, with Cyrillic aliases). Same `n` and seed, same bytes. Valid against the real model:
`build.py check` passes with no errors and no warnings.

    python bench/corpus.py 1000 bench/out/corpus-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script (python bench/corpus.py N DIR), the repository is not
    sys.path.insert(0, str(REPO))
from briefing_site.link import name_skeleton  # noqa: E402  (after the path is set)

ARTICLE = REPO / "tests" / "data" / "kupiansk-article.txt"
LAST_DAY = dt.date(2026, 6, 30)  # the newest briefing's as-of date; the oldest is n - 1 days earlier

MEDIA = ["telegram-post", "x-post", "interview", "wire-report", "news-article", "map", "statement",
         "analysis", "broadcast", "document"]
STATUSES = ["disputed", "unverified", "denied", "refuted"]  # see Corpus.claim: the earned ones are left out
STANCES = ["supports", "opposes", "considering", "conditional", "unclear"]
ORG_KINDS = ["military", "government", "administration", "media", "monitor", "research", "party", "other"]
COUNTRIES = ["Ukraine", "Russia", "United States", "Poland", "Germany", "France", "United Kingdom", "Belarus"]
UNITS = ["people", "miles", "troops", "pieces of hardware", "drones", "km", "waves", "missiles", "villages",
         "square miles", "tanks"]
QUALIFIERS = [None, None, "about", "nearly", "more than", "less than", "up to", "at least"]
ROLES = ["Military analyst", "Spokesperson", "Regional governor", "Deputy defence minister", "Commander",
         "Member of parliament", "Foreign minister", "Mayor", "Head of the city military administration",
         "Envoy", "Adviser to the president", "Press secretary", "War correspondent", "Researcher"]
FIRST = ["Andriy", "Olena", "Sergei", "Kira", "Mykola", "Iryna", "Pavlo", "Oksana", "Dmitry", "Anna",
         "Yuriy", "Tetiana", "Oleksandr", "Maria", "Viktor", "Natalia", "Ivan", "Larysa", "Michael", "Sarah",
         "Roman", "Svitlana", "Bohdan", "Halyna", "Taras", "Yulia", "Maksym", "Daria", "Artem", "Vira"]
SYLLABLES = ["ko", "va", "len", "shen", "ba", "ro", "dy", "ne", "pa", "lyu", "chu", "ta", "mi", "sko", "vi",
             "za", "hor", "ly", "ty", "bor", "da", "nyk", "ra", "be", "se", "din", "gan", "kup", "yan", "tro"]
SURNAME_ENDS = ["enko", "chuk", "ov", "ova", "sky", "ska", "yuk", "ich", "in", "ina", "ko", "ets"]
PLACE_ENDS = ["ivka", "ske", "ne", "ivske", "opil", "horod", "ychi", "yany", "ove", "ka"]
ORG_FORMS = ["{} Brigade", "{} Regional Administration", "{} Monitor", "{} Institute", "{} Daily", "{} News",
             "{} Party", "{} Command", "{} Centre for Strategy", "{} Volunteer Group"]
TOPICS = ["Control of {}", "The assault on {}", "Casualties near {}", "Shelling of {}", "Evacuation of {}",
          "Supply lines to {}", "Air defence over {}"]
# Latin → Cyrillic (Ukrainian) letter by letter, longest match first: enough for plausible aliases.
CYRILLIC = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
            ("ya", "я"), ("ye", "є"), ("yi", "ї"), ("a", "а"), ("b", "б"), ("v", "в"), ("h", "г"), ("g", "ґ"),
            ("d", "д"), ("e", "е"), ("z", "з"), ("y", "и"), ("i", "і"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
            ("c", "к"), ("w", "в"), ("x", "кс"), ("j", "й"), ("q", "к")]


def cyrillic(latin: str) -> str:
    out, i, low = [], 0, latin.lower()
    while i < len(low):
        for lat, cyr in CYRILLIC:
            if low.startswith(lat, i):
                out.append(cyr.upper() if latin[i].isupper() else cyr)
                i += len(lat)
                break
        else:
            out.append(latin[i])
            i += 1
    return "".join(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")


class Deck:
    """Draws ids in shuffled rounds, so every entry is used before any is used twice."""

    def __init__(self, items: list[str], rng: random.Random):
        self.items, self.rng, self.pile = list(items), rng, list[str]()

    def draw(self) -> str:
        if not self.pile:
            self.pile = self.items[:]
            self.rng.shuffle(self.pile)
        return self.pile.pop()

    def some(self, low: int, high: int) -> list[str]:
        picked: list[str] = []
        for _ in range(self.rng.randint(low, high)):
            ident = self.draw()
            if ident not in picked:
                picked.append(ident)
        return picked


class Prose:
    """Sentences from a word-bigram chain over the bundled article, with names mixed in."""

    def __init__(self, rng: random.Random, names: list[str]):
        self.rng, self.names = rng, names
        words = ARTICLE.read_text(encoding="utf-8").replace("“", "").replace("”", "").replace('"', "").split()
        self.chain: dict[str, list[str]] = {}
        for a, b in itertools.pairwise(words):
            self.chain.setdefault(a, []).append(b)
        self.starts = [w for w in words if w[:1].isupper()]

    def sentence(self, low: int = 8, high: int = 20) -> str:
        word = self.rng.choice(self.starts)
        out = [word]
        for _ in range(self.rng.randint(low, high) - 1):
            nxt = self.chain.get(word)
            word = self.rng.choice(nxt) if nxt else self.rng.choice(self.starts)
            out.append(self.rng.choice(self.names) if self.rng.random() < 0.06 else word)
        text = " ".join(out).rstrip(".,;:–-")
        return text[0].upper() + text[1:] + "."

    def sentences(self, count: int) -> str:
        return " ".join(self.sentence() for _ in range(count))


class Corpus:
    def __init__(self, n: int, seed: int):
        self.n, self.rng = n, random.Random(seed)
        self.taken: set[str] = set()
        self.names_taken: set[str] = set()
        self.first_day = LAST_DAY - dt.timedelta(days=n - 1)
        self.people = [self.person(i) for i in range(20 + n * 2 // 5)]
        self.organisations = [self.organisation(i) for i in range(12 + n * 3 // 20)]
        self.places = self.make_places(10 + n // 5)
        self.issues = [self.issue(i) for i in range(6 + n // 100)]
        self.topics: dict[str, dict[str, Any]] = {}
        actors = [p["id"] for p in self.people] + [o["id"] for o in self.organisations]
        names = [p["name"] for p in self.people] + [p["name"] for p in self.places]
        self.prose = Prose(self.rng, names)
        self.sources_so_far: list[str] = []
        self.sources = [self.source(i, actors) for i in range(20 + n * 3 // 5)]
        self.decks = {
            "actor": Deck(actors, self.rng),
            "person": Deck([p["id"] for p in self.people], self.rng),
            "place": Deck([p["id"] for p in self.places], self.rng),
            "source": Deck([s["id"] for s in self.sources], self.rng),
            "issue": Deck([i["id"] for i in self.issues], self.rng),
        }
        self.names = {e["id"]: e["name"] for e in [*self.people, *self.organisations, *self.places]}

    # -- the registry ------------------------------------------------------------------

    def unique(self, base: str) -> str:
        ident, k = slug(base), 2
        while ident in self.taken:
            ident, k = f"{slug(base)}-{k}", k + 1
        self.taken.add(ident)
        return ident

    def distinct(self, *names: str) -> bool:
        """Whether none of `names` is (or looks like) a name already given: the check refuses
        two entries that share a name, so a drawn name that collides is drawn again."""
        keys = {name_skeleton(n) for n in names}
        if keys & self.names_taken:
            return False
        self.names_taken |= keys
        return True

    def word(self, ends: list[str], syllables: int = 2) -> str:
        stem = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))
        return (stem + self.rng.choice(ends)).capitalize()

    def person(self, i: int) -> dict[str, Any]:
        name = f"{self.rng.choice(FIRST)} {self.word(SURNAME_ENDS)}"
        while not self.distinct(name, cyrillic(name), name.replace("y", "i")):
            name = f"{self.rng.choice(FIRST)} {self.word(SURNAME_ENDS)}"
        entry: dict[str, Any] = {"id": self.unique(name.split()[-1]), "name": name,
                                 "aliases": [cyrillic(name), name.replace("y", "i")],
                                 "role": self.rng.choice(ROLES), "country": self.rng.choice(COUNTRIES)}
        if i % 3 == 0:
            entry["description"] = f"Often quoted on the *{self.rng.choice(TOPICS).format('front')}*."
        return entry

    def organisation(self, i: int) -> dict[str, Any]:
        name = self.rng.choice(ORG_FORMS).format(self.word(PLACE_ENDS, 1))
        while not self.distinct(name, cyrillic(name)):
            name = self.rng.choice(ORG_FORMS).format(self.word(PLACE_ENDS, 1))
        return {"id": self.unique(name), "name": name, "aliases": [cyrillic(name)],
                "kind": ORG_KINDS[i % len(ORG_KINDS)], "country": self.rng.choice(COUNTRIES)}

    def make_places(self, count: int) -> list[dict[str, Any]]:
        regions = max(3, count // 8)
        places: list[dict[str, Any]] = []
        for i in range(count):
            name = self.word(PLACE_ENDS) + (" region" if i < regions else "")
            while not self.distinct(name, cyrillic(name), name.replace("i", "y")):
                name = self.word(PLACE_ENDS) + (" region" if i < regions else "")
            entry: dict[str, Any] = {"id": self.unique(name), "name": name,
                                     "aliases": [cyrillic(name), name.replace("i", "y")],
                                     "kind": "region" if i < regions else "city", "country": "Ukraine"}
            if i >= regions:
                entry["region"] = places[i % regions]["id"]
                entry["coordinates"] = {"lat": round(self.rng.uniform(46, 52), 4),
                                        "lon": round(self.rng.uniform(30, 40), 4)}
            places.append(entry)
        return places

    def issue(self, i: int) -> dict[str, Any]:
        verb = self.rng.choice(["Freezing", "Negotiating", "Monitoring", "Funding", "Guaranteeing"])
        name = f"{verb} {self.rng.choice(['the front line', 'a ceasefire', 'prisoner exchanges', 'grain exports'])}"
        return {"id": self.unique(f"{name}-{i}"), "name": f"{name} ({i + 1})", "aliases": [cyrillic(name)],
                "description": f"Positions on *{name.lower()}*."}

    def source(self, i: int, actors: list[str]) -> dict[str, Any]:
        day = self.first_day + dt.timedelta(days=self.rng.randrange(max(1, self.n)))
        entry: dict[str, Any] = {
            "id": self.unique(f"source-{day.isoformat()}-{i}"), "publisher": actors[i % len(actors)],
            "title": self.prose.sentence(6, 14).rstrip("."), "medium": self.rng.choice(MEDIA),
            "date": day, "reliability": self.rng.choice("ABCDEF"),
            "url": f"https://example.org/{day.isoformat()}/{i}",
        }
        if i % 4 == 1:
            entry["via"] = self.sources_so_far[-1]
        self.sources_so_far.append(entry["id"])
        if i % 5 == 0:
            entry["note"] = self.prose.sentence(8, 16)
        return entry

    # -- one briefing ------------------------------------------------------------------

    def briefing(self, k: int) -> tuple[str, dict[str, Any]]:
        rng, d = self.rng, self.decks
        as_of = self.first_day + dt.timedelta(days=k)
        place = d["place"].draw()
        folder = f"{as_of.isoformat()}-{slug(self.names[place])}"[:64].strip("-")
        day = lambda back: as_of - dt.timedelta(days=rng.randint(0, back))  # noqa: E731
        quotes = [self.quote(j, day) for j in range(rng.randint(8, 12))]
        figures = [self.figure(j, day) for j in range(rng.randint(13, 17))]
        events = [self.event(j, day, figures) for j in range(rng.randint(13, 17))]
        claims = [self.claim(j, day, quotes, place) for j in range(rng.randint(8, 12))]
        positions = [self.position(j, quotes, as_of) for j in range(rng.randint(6, 10))]
        background = [{"date": f"{as_of - dt.timedelta(days=rng.randint(60, 3000)):%Y-%m}",
                       "place": d["place"].draw(), "text": self.prose.sentences(2), "sources": d["source"].some(1, 2)}
                      for _ in range(rng.randint(3, 5))]
        head = {"id": folder, "title": f"{self.names[place]}: {self.prose.sentence(8, 14).rstrip('.')}",
                "as_of": as_of, "summary": self.prose.sentences(3),
                "takeaways": [self.prose.sentences(1) for _ in range(5)],
                "places": [place, *d["place"].some(0, 2)], "sources": d["source"].some(1, 2)}
        head["places"] = list(dict.fromkeys(head["places"]))
        files = {"briefing.yaml": {"briefing": head},
                 "situation.yaml": {"situation": {"events": events, "claims": claims, "figures": figures,
                                                  "background": background}},
                 "quotes.yaml": {"quotes": quotes}, "diplomacy.yaml": {"positions": positions}}
        return folder, files

    def quote(self, j: int, day: Callable[[int], dt.date]) -> dict[str, Any]:
        speaker = self.decks["actor"].draw()
        entry = {"id": f"quote-{j + 1}-{speaker}"[:60].strip("-"), "speaker": speaker,
                 "text": self.prose.sentences(self.rng.randint(1, 3)), "role": self.rng.choice(ROLES),
                 "medium": self.rng.choice(MEDIA), "date": day(3), "source": self.decks["source"].draw(),
                 "context": self.prose.sentence(), "topics": [self.rng.choice(["ceasefire", "assault", "aid"])]}
        if j % 3 == 0:
            entry["translated"] = True
        return entry

    def figure(self, j: int, day: Callable[[int], dt.date]) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": f"figure-{j + 1}", "label": self.prose.sentence(4, 8).rstrip("."),
                                 "value":
                                 self.rng.choice([self.rng.randint(2, 90000), round(self.rng.uniform(1, 99), 1)]),
                                 "unit": self.rng.choice(UNITS), "sources": self.decks["source"].some(1, 2)}
        if (q := self.rng.choice(QUALIFIERS)) is not None:
            entry["qualifier"] = q
        if j % 2 == 0:
            entry["as_reported"] = self.prose.sentence(3, 7).rstrip(".")
            entry["subject"] = self.decks["place"].draw()
        if j % 3 == 0:
            entry["claimant"] = self.decks["actor"].draw()
            entry["date"] = day(5)
        return entry

    def event(self, j: int, day: Callable[[int], dt.date], figures: list[dict[str, Any]]) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": f"event-{j + 1}", "date": day(6), "summary": self.prose.sentences(2),
                                 "actors": self.decks["actor"].some(1, 3), "sources": self.decks["source"].some(1, 2)}
        if j % 2 == 0:
            entry["places"] = [self.decks["place"].draw()]
        if j % 4 == 0:
            start = entry["date"] - dt.timedelta(days=6)
            entry["date"] = f"{start.isoformat()}/{entry['date'].isoformat()}"  # a week, as reported
            entry["date_note"] = "Reported as a weekday; the exact date is inferred."
        if j % 5 == 0:
            entry["figures"] = [figures[j % len(figures)]["id"]]
        return entry

    def claim(self, j: int, day: Callable[[int], dt.date], quotes: list[dict[str, Any]], place: str) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": f"claim-{j + 1}", "topic": self.topic(TOPICS[j % 4].format(self.names[place])),
            "claimant": self.decks["actor"].draw(), "statement": self.prose.sentences(self.rng.randint(1, 2)),
            "date": day(4), "status": self.rng.choice(STATUSES), "credibility": self.rng.randint(1, 6),
            "sources": self.decks["source"].some(1, 2),
        }
        # No corroborated_by and no confirmed/corroborated status: drawn at random they would break
        # the consistency checks (support from the claimant's own side, earned on E/F sources only).
        if j % 3 == 0:
            entry["contradicted_by"] = self.decks["source"].some(1, 1)
            entry["quote"] = quotes[j % len(quotes)]["id"]
        if j % 4 == 0:
            entry["note"] = self.prose.sentence()
        return entry

    def topic(self, name: str) -> str:
        """The id of the registry topic called `name`, registering it on first use."""
        ident = slug(name)[:64].strip("-")
        self.topics.setdefault(ident, {"id": ident, "name": name})
        return ident

    def position(self, j: int, quotes: list[dict[str, Any]], as_of: dt.date) -> dict[str, Any]:
        # Stated on the briefing's day or up to a week before (no draw, so the rest of the corpus is unchanged).
        entry: dict[str, Any] = {"id": f"position-{j + 1}", "issue": self.decks["issue"].draw(),
                                 "actor": self.decks["actor"].draw(), "stance": self.rng.choice(STANCES),
                                 "date": as_of - dt.timedelta(days=j % 7),
                                 "summary": self.prose.sentence(), "sources": self.decks["source"].some(1, 2)}
        if j % 3 == 0:
            entry["quote"] = quotes[j % len(quotes)]["id"]
        return entry


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, allow_unicode=True, sort_keys=False, width=110, Dumper=_Dumper)


class _Dumper(yaml.SafeDumper):
    """Block style throughout, like an editor would write it, and no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def briefing_files(n: int, seed: int) -> Iterator[tuple[str, str]]:
    """(relative path under briefings/, YAML text) for the whole corpus."""
    corpus = Corpus(n, seed)
    folders = [corpus.briefing(k) for k in range(n)]  # drawn before the registry is dumped: decks are shared
    registry = {"people": corpus.people, "organisations": corpus.organisations, "places": corpus.places,
                "sources": corpus.sources, "issues": corpus.issues,
                "topics": sorted(corpus.topics.values(), key=lambda t: t["id"])}
    for name, entries in registry.items():
        yield f"registry/{name}.yaml", dump({name: entries})
    for folder, files in folders:
        for name, data in files.items():
            yield f"{folder}/{name}", dump(data)


def generate(root: Path, n: int, seed: int = 1) -> Path:
    """Write a complete project with `n` synthetic briefings into `root` (replacing its briefings/)."""
    from briefing_site.pipeline import Project, generated_in_docs

    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "docs", "schema", "overrides", "locale"):
        if (root / name).exists():
            shutil.rmtree(root / name)
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns(
            *generated_in_docs(Project(REPO))) if name == "docs" else None)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    briefings = root / "briefings"
    if briefings.exists():
        shutil.rmtree(briefings)
    for rel, text in briefing_files(n, seed):
        target = briefings / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of briefings")
    p.add_argument("target", type=Path, help="project folder to create")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    generate(args.target, args.n, args.seed)
    print(f"{args.n} briefings written to {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
