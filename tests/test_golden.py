"""The fixture project renders to exactly the reviewed Markdown in tests/golden/.

If this fails after an intended change, run `make golden` and review the diff.
"""

from __future__ import annotations

from .golden import GOLDEN, fixture_pages, fixture_pages_elsewhere


def test_rendered_markdown_matches_golden_files() -> None:
    pages = fixture_pages()
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed: run 'make golden' and review"
    for rel, text in pages.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/{rel}: run 'make golden' and review the diff"


def test_rendering_is_deterministic() -> None:
    """Byte for byte the same in processes with other hash seeds (set iteration order, say), other
    folders and another moment."""
    here = fixture_pages()
    assert len(here) > 30
    elsewhere = fixture_pages_elsewhere("4242")
    assert sorted(elsewhere) == sorted(here)
    assert [path for path in here if here[path] != elsewhere[path]] == []
