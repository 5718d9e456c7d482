"""The project's settings: mkdocs.yml and the environment, read once into one typed object.

Nothing else in the generator reads mkdocs.yml: the command line makes a project's Settings once
(`Project.settings`) and every stage takes what it needs from them, the build's forked child
included, which inherits them. The engine itself (MkDocs) reads the file again when it builds;
that is the engine's business (engine.py hands it what each edition changes).

An edition is the site in one interface language: the primary one (PRIMARY, the language the
templates and mkdocs.yml are written in) at the site's root, and each language listed under
`extra.translations` as a second site under /<code>/, built from docs/<code>/. Adding a language
takes its entry there and its catalogue (locale/<code>/LC_MESSAGES/messages.po); nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .caches import Caches, for_project
from .problems import UsageError

PRIMARY = "en"  # the language of the templates and of mkdocs.yml: the primary edition's code
CONFIG = "mkdocs.yml"
LOCAL_URL = "http://127.0.0.1:8000/"  # where a site is served when no address is set


@dataclass(frozen=True)
class Edition:
    """One interface language of the site, as mkdocs.yml configures it."""

    code: str  # "en", "uk"
    primary: bool
    prefix: str  # where its pages are under the site's root: "" or "uk/"
    docs: Path  # where its Markdown is written: docs/ or docs/uk/
    own: Mapping[str, Any] = field(default_factory=dict)  # extra.translations.<code>: its name, site name, …

    @property
    def language_name(self) -> str:
        """The language's own name for itself ("Українська"); the primary one's is English."""
        return str(self.own.get("language_name") or ("English" if self.primary else self.code))


# GitHub Pages refuses a site larger than 1 GB: the default host limit a build measures the site
# against (pipeline.site_size), in bytes. mkdocs.yml's extra.size_limit_mb sets another.
DEFAULT_SIZE_LIMIT = 1000 * 1000 * 1000


@dataclass(frozen=True)
class Settings:
    """What mkdocs.yml and the environment say, as the generator uses it."""

    root: Path
    config: Mapping[str, Any]  # mkdocs.yml's plain keys, as read (for what the engine is handed back)
    site_url: str  # always ends in "/": SITE_URL, else site_url ("/" if neither is set)
    site_name: str
    description: str
    licence: str
    theme_language: str
    use_directory_urls: bool
    editions: tuple[Edition, ...]  # the primary one first
    markdown: tuple[list[str], dict[str, Any]]  # the engine's Markdown extensions and their settings
    nav: list[Any]
    caches: Caches
    size_limit: int = DEFAULT_SIZE_LIMIT  # bytes the site's host accepts (extra.size_limit_mb in mkdocs.yml)

    @property
    def primary(self) -> Edition:
        return self.editions[0]

    @property
    def generated_in_docs(self) -> set[str]:
        """The names at the top of docs/ that each translation's Markdown takes (docs/uk/)."""
        return {edition.code for edition in self.editions[1:]}


def read(root: Path, environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings of the project at `root`. A project without mkdocs.yml (a repository of
    briefings alone, checked with the published pre-commit hook) has the defaults."""
    path = root / CONFIG
    config = _read_config(path) if path.is_file() else {}
    url = str(config.get("site_url") or "") if path.is_file() else LOCAL_URL
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    listed = (extra or {}).get("translations") or {}
    docs = root / str(config.get("docs_dir") or "docs")
    editions = [Edition(PRIMARY, True, "", docs)]
    editions += [Edition(str(code), False, f"{code}/", docs / str(code), own if isinstance(own, dict) else {})
                 for code, own in (listed.items() if isinstance(listed, dict) else []) if str(code) != PRIMARY]
    return Settings(root=root, config=config, site_url=url if url.endswith("/") else url + "/",
                    site_name=str(config.get("site_name") or "Briefings"),
                    description=str(config.get("site_description") or ""),
                    licence=str(config.get("copyright") or ""),
                    theme_language=str((theme or {}).get("language") or PRIMARY),
                    use_directory_urls=bool(config.get("use_directory_urls", True)),
                    editions=tuple(editions), markdown=_markdown_dialect(config),
                    nav=list(config.get("nav") or []), caches=for_project(root, environ),
                    size_limit=_size_limit(extra.get("size_limit_mb") if extra else None))


def _size_limit(megabytes: Any) -> int:
    """extra.size_limit_mb as bytes: a positive number of megabytes (10^6 bytes), else the default."""
    if megabytes is None:
        return DEFAULT_SIZE_LIMIT
    if isinstance(megabytes, bool) or not isinstance(megabytes, (int, float)) or not 0 < megabytes < 10**9:
        raise UsageError(f"extra.size_limit_mb in mkdocs.yml: expected a positive number of megabytes, "
                         f"e.g. 1000 for GitHub Pages' 1 GB; got {str(megabytes)[:40]!r}")
    return int(megabytes * 1000 * 1000)


def _markdown_dialect(config: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions the engine converts pages with (markdown_extensions), as
    Python-Markdown takes them: names, and each one's settings."""
    names: list[str] = []
    settings: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                # Settings given as Python objects (!!python/name: …) are the engine's to read; the
                # configuration reader here leaves them out, and the extension's defaults apply.
                settings[name] = {k: v for k, v in (options or {}).items() if v is not None}
        else:
            names.append(str(entry))
    return names, settings


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV [NAME, default]`: the first variable that is set, else the default."""
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else []
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if v in os.environ), default)


def _read_config(path: Path) -> dict[str, Any]:
    class _Loader(yaml.SafeLoader):
        """mkdocs.yml may carry !!python/name tags for the engine; we read a few plain keys."""

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_constructor("!ENV", _env_tag)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None
    return data if isinstance(data, dict) else {}
