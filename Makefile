# Two commands do everything on a fresh machine (see README.md):
#   make serve   set up, build the site from the bundled briefings, and preview it
#   make test    set up (Python packages, Chromium, npm packages) and run every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_TOOLS := node_modules/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LOCK := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-trusted-host \
	--no-emit-find-links

.PHONY: site serve test check golden schema messages bench lint lock clean

site: $(STAMP) $(NPM_TOOLS)          ## check and build site/ (npm: the maps' base map)
	$(PY) build.py build

serve: site                          ## build, then live preview on http://127.0.0.1:8000/
	$(PY) build.py serve

check: $(STAMP)                      ## validate the briefings only
	$(PY) build.py check

test: $(STAMP) $(CHROMIUM) $(NPM_TOOLS)   ## every test: unit, golden, build, browser, lint, types, content
	$(PY) -m tests.suite $(PYTEST_OPTIONS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

golden: $(STAMP)                     ## regenerate tests/golden/ after an intended output change
	$(PY) -m tests.golden

schema: $(STAMP)                     ## regenerate schema/*.schema.json after a model change
	$(PY) build.py schema

messages: $(STAMP)                   ## collect the interface's messages into locale/ after a template change
	$(PY) build.py messages

bench: $(STAMP)                      ## print build figures for 10, 100 and 1,000 briefings
	$(PY) bench/benchmark.py

# Lock with the oldest Python the project supports (Debian 12's 3.11.2: `make clean lock
# PYTHON=/usr/bin/python3` there), or a release that needs a newer one is locked (pymdown-extensions
# 13 needs 3.11.5). CI installs the lock with Debian's own python3 from nothing (.ci/run).
lock: $(STAMP)                       ## re-lock requirements*.txt and package-lock.json (with hashes)
	$(VENV)/bin/pip-compile $(LOCK) -o requirements-pip.txt requirements-pip.in
	$(VENV)/bin/pip-compile $(LOCK) -c requirements-pip.in -o requirements.txt pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK) -c requirements-pip.in --extra dev -o requirements-dev.txt pyproject.toml
	npm install --package-lock-only --no-audit --no-fund

$(STAMP): requirements-pip.txt requirements-dev.txt
	@# WeasyPrint (the briefings' PDFs) typesets with Pango, a system library
	@ldconfig -p | grep -q libpangoft2-1.0 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }
	$(PYTHON) -m venv $(VENV)
	@# The installer first, pinned with its hashes: the pip a venv brings depends on the system
	@# (see requirements-pip.in), and an older one does not install the lock the same way every day.
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(NPM_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf site .site-staging-* .cache $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
