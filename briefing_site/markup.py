"""How text from YAML reaches a page: escaped, never interpreted.

Every value a template prints goes through `plain()` unless a filter has already made it
safe (`inline()`), so text from YAML can never become HTML, script, Markdown structure or
a template. The generated Markdown therefore reads the same under any Markdown engine.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

# Characters that Markdown (or its common extensions) could read as structure: emphasis,
# links, headings, tables, admonitions, attribute lists, HTML. Written as numeric entities
# they show as themselves and mean nothing to any Markdown engine.
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_{}\[\]()<>#+!|~^=:$&]")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])")


def _entity(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def plain(value: object) -> Markup:
    """Plain text: shown exactly as written, on one line, in any Markdown context."""
    text = " ".join(str(value).split())  # no newline can start a heading, list or fence
    return Markup(_guard_start(_MARKDOWN_SPECIALS.sub(_entity, text)))


def _guard_start(text: str) -> str:
    """A value placed at a line start must not begin a list ('- ', '1. ')."""
    text = text.replace("-", "&#45;", 1) if text.startswith("-") else text
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}&#{ord(m.group(3))};", text)


# What Markdown would read as a block at the start of the text, and so drop or restructure: a
# heading, a list item, a rule ('---', '_ _ _'), a link reference definition ('[1]: https://…').
_BLOCK_START = re.compile(r"#|[-+*]\s|[-*_]{3}|([-*_])(\s*\1){2,}\s*$|\[[^\]]*\]:")
_ALLOWED_TAGS = {"em", "strong", "code", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_md = markdown.Markdown(extensions=[], output_format="html")


def inline(value: object) -> Markup:
    """Inline Markdown: *italic*, **bold**, `code`, [links](https://…); all else literal."""
    return _inline(str(value))


# The same text is shown on many pages (a claim on its briefing, its topic, each entry it names,
# the feeds): converted and sanitised once per build, not once per page.
@functools.lru_cache(maxsize=65536)
def _inline(value: str) -> Markup:
    text = " ".join(value.split())
    text = html.escape(text, quote=False)  # raw HTML in the source stays text
    if _BLOCK_START.match(text) or _LINE_START.match(text):
        text = "\\" + text if not text[:1].isdigit() else _LINE_START.sub(r"\1\2\\\3", text)
    _md.reset()
    rendered = _md.convert(text)  # one paragraph: block syntax at the start was escaped above
    cleaned = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(_guard_start(_Reescape.run(cleaned).strip()))


class _Reescape(HTMLParser):
    """Re-serialise sanitised HTML with every text character entity-escaped, so that the
    site's own Markdown pass sees tags and entities only, never Markdown syntax."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropped_link = False
        self.in_code = False

    @classmethod
    def run(cls, fragment: str) -> str:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return "".join(parser.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:  # nh3 already removed them; <p> wrappers are dropped here
            return
        if tag == "a" and not _WEB_URL.match(dict(attrs).get("href") or ""):
            self.dropped_link = True  # relative, protocol-relative or scheme-less: keep the words only
            return
        rendered = "".join(f' {k}="{_attribute_value(v or "")}"' for k, v in attrs)
        self.out.append(f"<{tag}{rendered}>")
        self.in_code = self.in_code or tag == "code"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.dropped_link:
            self.dropped_link = False
        elif tag in _ALLOWED_TAGS:
            self.out.append(f"</{tag}>")
            self.in_code = self.in_code and tag != "code"

    def handle_data(self, data: str) -> None:
        if self.in_code:  # a code span escapes what `inline` had escaped already: 'a &lt; b' → 'a < b'
            data = html.unescape(data)
        self.out.append(_MARKDOWN_SPECIALS.sub(_entity, data.replace("\n", " ")))


def _attribute_value(value: str) -> str:
    """Entity-escape an attribute value for Markdown and for HTML (quotes included)."""
    return _MARKDOWN_SPECIALS.sub(_entity, value).replace('"', "&#34;").replace("'", "&#39;")


def attr(value: object) -> Markup:
    """A value inside an HTML attribute (e.g. an id or title)."""
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)
# Link words that read as an address: 'https://…', 'www.…', or a host name with a path.
_LOOKS_LIKE_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/:]\S*)?$", re.I)


def _host(address: str) -> str:
    text = address.strip()
    if not _WEB_URL.match(text):
        text = "http://" + text
    try:
        host = urllib.parse.urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def disguised_links(text: str) -> list[tuple[str, str]]:
    """The links of inline Markdown `text` whose words read as an address on another host than the
    one they lead to ('[https://www.president.gov.ua/…](https://evil.example/…)'): (words, address)."""
    if "](" not in text:
        return []
    found = []
    for words, href in _Links.run(markdown.markdown(html.escape(text, quote=False))):
        shown = " ".join(words.split())
        if _LOOKS_LIKE_ADDRESS.match(shown) and _host(shown) != _host(href):
            found.append((shown, href))
    return found


class _Links(HTMLParser):
    """Each link of an HTML fragment: its words and its address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.open: list[tuple[list[str], str]] = []

    @classmethod
    def run(cls, fragment: str) -> list[tuple[str, str]]:
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return parser.links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.open.append(([], dict(attrs).get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open:
            words, href = self.open.pop()
            self.links.append(("".join(words), href))

    def handle_data(self, data: str) -> None:
        for words, _ in self.open:
            words.append(data)


def external_link(url: object, label: object = None) -> Markup:
    """A link to an http(s) address, showing the address or `label`; any other scheme is shown
    as inert text."""
    text = str(url).strip()
    if not _WEB_URL.match(text) or any(c in text for c in "\"'<> \t\n"):
        return plain(text)
    shown = plain(text if label is None else label)
    return Markup(f'<a href="{attr(text)}" rel="noopener noreferrer nofollow">{shown}</a>')
