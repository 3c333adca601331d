# Two commands for a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
RUN_ENV := DJANGO_SETTINGS_MODULE=pianoo.settings.production DJANGO_HTTPS=false \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECRET_KEY="$$(cat .secret-key)" PORT=$(PORT)

.PHONY: pdf-libs run dev test lint check-migrations unit e2e browser setup data bench schema clean redis test-postgres \
	coverage lock bench-cluster

# Installs come from the lock files, every package pinned with its hashes (`make lock` writes them).
$(VENV)/.runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# After editing requirements.in or requirements-dev.in: pin every transitive dependency with hashes.
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev
	$(LOCK) --output-file requirements.txt requirements.in
	$(LOCK) --output-file requirements-dev.txt requirements-dev.in

.secret-key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@
	chmod 600 $@

# WeasyPrint (the PDFs, pianoo/pdf.py) needs Debian's Pango and a font with Dutch glyphs;
# the tests read PDFs back with poppler's pdftotext, as a screen reader's text extraction would.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core poppler-utils
pdf-libs:
	@dpkg-query -W -f='$${Status}\n' $(PDF_DEBS) 2>/dev/null | grep -c "ok installed" | grep -qx 5 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_DEBS) >/dev/null; }

# Migrate, import the source document and build the page tree; safe to repeat.
data: $(VENV)/.runtime .secret-key pdf-libs
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py import_source
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

run: data
	@$(RUN_ENV) $(PY) manage.py ensure_admin
	@echo "De site draait op http://127.0.0.1:$(PORT)/ (stoppen met Ctrl-C)."
	$(RUN_ENV) $(VENV)/bin/gunicorn pianoo.wsgi --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

dev: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=pianoo.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=pianoo.settings.dev $(PY) manage.py import_source
	DJANGO_SETTINGS_MODULE=pianoo.settings.dev $(PY) manage.py ensure_admin
	DJANGO_SETTINGS_MODULE=pianoo.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the end-to-end tests; Playwright never downloads a browser.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The same checks run from .pre-commit-config.yaml.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/mypy

check-migrations: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py makemigrations --check --dry-run

# pytest-xdist: browser tests on one worker, each other test file on one worker (tests/conftest.py).
TEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadgroup
test: $(VENV)/.dev browser redis pdf-libs lint check-migrations
	$(PYTEST)

# Line and branch coverage of the unit and integration tests (the browser tests' server runs apart).
coverage: $(VENV)/.dev redis pdf-libs
	$(VENV)/bin/coverage erase
	$(VENV)/bin/coverage run -m pytest -q -n $(TEST_WORKERS) --dist loadgroup -m "not e2e"
	$(VENV)/bin/coverage combine --quiet
	$(VENV)/bin/coverage report

schema: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py spectacular --file tests/api_schema.yaml

clean:
	rm -rf $(VENV) db.sqlite3 static_collected

# Debian's redis-server backs the cross-process cache test (tests/production/test_redis_invalidation.py).
redis:
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

# The test suite against a real PostgreSQL on 127.0.0.1, installed and started here. The browser
# tests and the Redis pair build their own servers on SQLite files of their own whatever
# DATABASE_URL says (tests/e2e/conftest.py, tests/production/test_redis_invalidation.py), so they
# would repeat `make test` exactly; every test that uses the test database runs here.
PG_PORT ?= 54329
test-postgres: $(VENV)/.dev redis pdf-libs
	bash .ci/start-postgres $(PG_PORT)
	DATABASE_URL=postgres://pianoo:pianoo@127.0.0.1:$(PG_PORT)/pianoo $(PYTEST) -m "not e2e and not redis"

# Throughput and latency under wrk, as `make run` serves the site; writes docs/performance.md.
bench: data
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(RUN_ENV) $(PY) bench/run.py

# Scale-out, measured: two gunicorn servers on PostgreSQL (a throwaway cluster on BENCH_PG_PORT)
# and one Redis behind HAProxy, against one server; bench/cluster.py writes its section of
# docs/performance.md (`make bench` keeps it).
BENCH_PG_PORT ?= 54339
bench-cluster: $(VENV)/.runtime .secret-key pdf-libs redis
	@for tool in wrk haproxy; do command -v $$tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$tool >/dev/null; }; done
	bash .ci/start-postgres $(BENCH_PG_PORT)
	$(RUN_ENV) DATABASE_URL=postgres://pianoo:pianoo@127.0.0.1:$(BENCH_PG_PORT)/pianoo $(PY) bench/cluster.py
