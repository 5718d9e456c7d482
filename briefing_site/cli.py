"""The command line: `python build.py check|build|serve|new|changes|schema`.

The only place that prints problems and picks exit codes:
0 clean (warnings allowed), 1 content errors or a failed build, 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import signal
import sys
from pathlib import Path

import jinja2

from . import engine, pipeline
from .changes import as_markdown
from .problems import BriefingError, BuildError, ContentError, Problem, UsageError, visible

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
# `python build.py …` in a checkout, `briefing-site …` once installed with pip.
PROG = "briefing-site" if Path(sys.argv[0]).name == "briefing-site" else "build.py"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Build a searchable briefing site from YAML briefings.")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current folder)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="validate every briefing; report every problem")
    build = sub.add_parser("build", help="check, render, and build the site into site/")
    for command in (check, build):
        command.add_argument("--format", choices=["text", "github"], default=None,
                             help="'github' prints workflow annotations (default under GITHUB_ACTIONS=true)")
    build.add_argument("--no-search", action="store_true", help="skip the search index (faster)")
    build.add_argument("--no-pdf", action="store_true",
                       help="skip the briefings' PDFs and their links (faster; not for publishing)")
    build.add_argument("--publish", action="store_true",
                       help="a build for readers: refuse to build unless site_url (SITE_URL) is a real address")
    build.add_argument("--theme", choices=engine.THEMES, default=engine.DEFAULT_THEME,
                       help="'mkdocs' builds with the engine's own built-in theme instead of Material "
                            "(to check that the pages stand without Material)")
    serve = sub.add_parser("serve", help="live preview; re-renders when YAML or templates change")
    serve.add_argument("--port", type=int, default=8000)
    new = sub.add_parser("new", help="scaffold a new dated briefing")
    new.add_argument("slug", nargs="?", default="briefing", help="short name, e.g. 'kupiansk'")
    new.add_argument("--date", type=dt.date.fromisoformat, default=None, help="as-of date (default: today)")
    new.add_argument("--title", default=None, help="headline")
    changes = sub.add_parser("changes", help="summarise what this checkout changes on the site against another one")
    changes.add_argument("--base", type=Path, required=True,
                         help="project folder of the base (e.g. a checkout of the pull request's target)")
    changes.add_argument("--output", type=Path, default=None, help="write the Markdown summary here (default: stdout)")
    schema = sub.add_parser("schema", help="regenerate the JSON Schemas in schema/")
    sub.add_parser("messages", help="collect the interface's messages into locale/ (after a template change)")
    schema.add_argument("--check", action="store_true", help="exit 1 if they are stale, writing nothing")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = pipeline.Project(args.root.resolve())
    # `check` from the command line (not a call from Python, such as the tests', which go on
    # running) leaves its objects to the process's end, as mypy does: at 1,000 briefings the first
    # cyclic collection after loading (about a million objects, none in cycles worth freeing) and
    # freeing them one by one at exit were a third of a cached check.
    quick = argv is None and args.command == "check"
    if quick:
        gc.disable()
    code = _run(args, project)
    if quick:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _run(args: argparse.Namespace, project: pipeline.Project) -> int:
    try:
        return _dispatch(args, project)
    except ContentError as err:
        _print_problems(err.problems, _format(args))
        count = sum(1 for p in err.problems if p.severity == "error")
        print(f"{count} error(s); nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as err:
        print(visible(f"build failed: {err}", lines=True), file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as err:
        print(visible(f"{PROG}: error: {err}"), file=sys.stderr)
        return EXIT_USAGE
    except BriefingError as err:  # pragma: no cover - every subclass is handled above
        print(f"{PROG}: {err}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except jinja2.TemplateError as err:  # someone edited templates/: say where, not "a bug"
        where = f"{err.filename}:{err.lineno}: " if isinstance(err, jinja2.TemplateSyntaxError) else ""
        print(f"{PROG}: template error: {visible(where)}{visible(str(err.message or err))}\n    hint: the "
              "templates in templates/ were changed; fix the template (the YAML is not the cause); nothing was "
              "built", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as err:  # the machine's fault: a full disk, a read-only or unreadable folder
        where = f": {visible(str(err.filename))}" if err.filename else ""
        print(f"{PROG}: error: {visible(str(err.strerror or err))}{where}\n"
              "    hint: check that the folder exists, is readable and writable, and that the disk has "
              "space; this is not caused by the YAML. The previous site is unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    except Exception as err:  # a bug of ours, not the editor's: say so without a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(err).__name__}: {err}\n"
              "    hint: this is a bug in the generator, not in your YAML; rerun with BRIEFING_DEBUG=1 "
              "and report the output", file=sys.stderr)
        return EXIT_CONTENT


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _say(message: str) -> None:
    """The preview's messages: lines of its own (a problem and its hint), every control character of
    what they quote made visible (a problem's text is already, by Problem.format)."""
    print(visible(message, lines=True), file=sys.stderr, flush=True)


def _dispatch(args: argparse.Namespace, project: pipeline.Project) -> int:
    if args.command == "check":
        site, warnings = pipeline.check(project)
        _print_problems(warnings, _format(args))
        print(f"ok: {len(site.briefings)} briefing(s), {len(warnings)} warning(s)", file=sys.stderr)
        return EXIT_OK
    if args.command == "build":
        # A plain kill or a closed terminal stops the build as Ctrl-C does: the engine is stopped and
        # the staging folder removed, and the previous site stays as it was.
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGHUP, _interrupt)
        if args.publish and args.no_pdf:
            raise UsageError("a published build makes every briefing's PDF: leave out --no-pdf")
        outcome = pipeline.build(project, search=not args.no_search, theme=args.theme, publish=args.publish,
                                 printouts=not args.no_pdf)
        _print_problems(outcome.warnings, _format(args))
        print(f"built {project.site} from {outcome.briefings} briefing(s), {len(outcome.warnings)} warning(s)",
              file=sys.stderr)
        share = outcome.size / outcome.limit
        print(f"site size: {outcome.size / 1e6:,.1f} MB, {share:.0%} of the host's limit of "
              f"{outcome.limit / 1e6:,.0f} MB (extra.size_limit_mb in mkdocs.yml)", file=sys.stderr)
        if outcome.near_limit:
            print(f"warning: the site has reached {share:.0%} of what its host accepts "
                  f"({outcome.size / 1e6:,.1f} of {outcome.limit / 1e6:,.0f} MB); a site over the limit is "
                  "refused, and the briefings stop being published\n"
                  "    hint: build without the PDFs of the oldest briefings (--no-pdf makes none), move the oldest "
                  "briefings to an archive site of their own, or publish on a host with a larger limit and "
                  "set extra.size_limit_mb to it; docs/benchmarks.md says what each kind of page costs",
                  file=sys.stderr)
        url = project.settings.site_url
        if pipeline.is_local(url):
            print(f"this build is for viewing on this machine: its links and cite lines use {url}; for readers, "
                  "set SITE_URL and build with --publish", file=sys.stderr)
        return EXIT_OK
    if args.command == "changes":
        if not args.base.is_dir():
            raise UsageError(f"no project folder at {args.base}")
        summary, base_ok = pipeline.changes(pipeline.Project(args.base.resolve()), project)
        text = as_markdown(summary, base_ok=base_ok)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if args.command == "serve":
        from .serve import serve

        return serve(project, args.port, _say)
    if args.command == "new":
        from .scaffold import scaffold

        created = scaffold(project, args.slug, args.date or dt.date.today(), args.title)
        print(f"created {created.relative_to(project.root)}; fill in the placeholders, then run "
              "'python build.py check'", file=sys.stderr)
        return EXIT_OK
    if args.command == "schema":
        from .schema import stale_schemas, write_schemas

        if args.check:
            stale = stale_schemas(project.root)
            for name in stale:
                print(f"schema/{name} is stale: run 'python build.py schema'", file=sys.stderr)
            return EXIT_CONTENT if stale else EXIT_OK
        changed = write_schemas(project.root)
        print(f"{len(changed)} schema file(s) updated", file=sys.stderr)
        return EXIT_OK
    if args.command == "messages":
        from .i18n import CatalogueError, update

        try:
            updated = update(project.root, project.settings.nav)
        except CatalogueError as err:
            raise UsageError(str(err)) from None
        for catalogue in updated:
            untranslated = catalogue_gaps(catalogue)
            print(f"updated {catalogue.relative_to(project.root)}: {untranslated} message(s) to translate",
                  file=sys.stderr)
        return EXIT_OK
    raise UsageError(f"unknown command {args.command}")  # pragma: no cover


def catalogue_gaps(catalogue: Path) -> int:
    from .i18n import untranslated

    return len(untranslated(catalogue))


def _format(args: argparse.Namespace) -> str:
    chosen = getattr(args, "format", None)
    if chosen:
        return str(chosen)
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _print_problems(problems: list[Problem], fmt: str) -> None:
    for problem in problems:  # GitHub reads workflow commands from standard output
        if fmt == "github":
            print(problem.format_github())
        else:
            print(problem.format(), file=sys.stderr)
