# socialguard: the two set-up commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DJANGO_TESTS := tests/web tests/permissions tests/orgs tests/workflow tests/audit tests/security tests/inbox tests/connections tests/outbox tests/rechecks tests/api tests/policy_pages tests/training tests/dashboard tests/scans/test_scan_database_archive.py tests/e2e
# The pure core and the CLI without servers, PDFs or databases: contributors' fast path (`make test-fast`).
FAST_TESTS := tests/test_batch.py tests/test_engine.py tests/test_layers.py tests/test_textmatch.py tests/test_docs_roles.py tests/detectors tests/policy tests/cli/test_check.py tests/cli/test_classify.py tests/cli/test_text_output.py tests/cli/test_crash.py tests/cli/test_listen.py tests/cli/test_document_commands.py
DEB_TEST_PACKAGES := chromium poppler-utils fonts-dejavu-core nodejs
ATPROTO := tests/peers/atproto
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres test-fast install system-packages bench models clean

## The AT Protocol reference servers the Bluesky tests run (Node packages pinned by package-lock.json).
$(ATPROTO)/node_modules/.installed: $(ATPROTO)/package.json $(ATPROTO)/package-lock.json
	cd $(ATPROTO) && npm ci --no-audit --no-fund
	touch $@

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## The main job on embedded defaults: the web app with a demo organisation (SQLite, in-process jobs).
## `make demo PORT=8001` serves on another port.
demo: install
	$(BIN)/socialguard serve --demo --port $(PORT)

## Everything tests need (Debian packages included), then the whole suite: all of it on SQLite, then the
## database-backed tests on PostgreSQL. Each pass runs alone as `make test-sqlite` or `make test-postgres`.
test: test-sqlite test-postgres

test-sqlite: install system-packages $(ATPROTO)/node_modules/.installed
	$(BIN)/pytest -n 2 tests

test-postgres: install system-packages $(ATPROTO)/node_modules/.installed
	SOCIALGUARD_TEST_DB=postgres $(BIN)/pytest -n 2 $(DJANGO_TESTS)

## The fast path while working on the checks or the CLI (rendering PDFs is left to `make test`).
test-fast: install
	$(BIN)/pytest -n 2 -k "not pdf" $(FAST_TESTS)

system-packages:
	@missing=""; for p in $(DEB_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## Benchmarks (numbers go to BENCHMARKS.md); Presidio is a bench-only dependency.
bench: install
	$(BIN)/pip install --quiet -c constraints.txt -r bench/requirements.txt
	$(BIN)/pip uninstall --quiet -y phonenumbers
	$(BIN)/pip install --quiet --force-reinstall --no-deps phonenumberslite==9.0.42
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/presidio_compare.py

models: install
	$(BIN)/socialguard train --data ../shared/data

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache $(ATPROTO)/node_modules
