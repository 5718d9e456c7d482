#!/usr/bin/env python3
"""Entry point: `python build.py check|build|serve|new|schema`. See README.md."""

import sys

from briefing_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
