# socialguard: the two set-up commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DJANGO_TESTS := tests/web tests/permissions tests/orgs tests/workflow tests/audit tests/security tests/inbox tests/rechecks tests/api tests/policy_pages tests/training tests/dashboard tests/scans/test_scan_database_archive.py tests/e2e
DEB_TEST_PACKAGES := chromium poppler-utils fonts-dejavu-core
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres install install-test system-packages bench models clean

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

## Everything tests need (Debian packages included), then the whole suite.
test: install system-packages
	$(BIN)/pytest -n 2 tests
	SOCIALGUARD_TEST_DB=postgres $(BIN)/pytest -n 2 $(DJANGO_TESTS)

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
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
