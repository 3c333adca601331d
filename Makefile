# Two commands for a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
RUN_ENV := DJANGO_SETTINGS_MODULE=pianoo.settings.production DJANGO_HTTPS=false \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECRET_KEY="$$(cat .secret-key)" PORT=$(PORT)

.PHONY: pdf-libs run dev test lint check-migrations unit e2e browser setup data bench schema clean redis test-postgres

$(VENV)/.runtime: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

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

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

check-migrations: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py makemigrations --check --dry-run

test: $(VENV)/.dev browser redis pdf-libs lint check-migrations
	$(VENV)/bin/pytest -q

schema: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=pianoo.settings.test $(PY) manage.py spectacular --file tests/api_schema.yaml

clean:
	rm -rf $(VENV) db.sqlite3 static_collected

# Debian's redis-server backs the cross-process cache test (tests/production/test_redis_invalidation.py).
redis:
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

# The whole test suite against a real PostgreSQL on 127.0.0.1, installed and started here.
PG_PORT ?= 54329
test-postgres: $(VENV)/.dev browser redis pdf-libs
	bash .ci/start-postgres $(PG_PORT)
	DATABASE_URL=postgres://pianoo:pianoo@127.0.0.1:$(PG_PORT)/pianoo $(VENV)/bin/pytest -q

# Throughput and latency under wrk, as `make run` serves the site; writes docs/performance.md.
bench: data
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(RUN_ENV) $(PY) bench/run.py
