# The README's commands. Everything lives in .venv; nothing is installed globally.
PYTHON ?= python3.11
PORT ?= 8000
# the partner front end's URL for the club's previews, e.g. http://127.0.0.1:8100 (examples/partner-site)
PARTNER_URL ?=
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
STACK_STAMP := $(VENV)/.stack-installed

.PHONY: partner-site install demo graphiql test test-fast test-e2e test-postgres durations coverage lighthouse lint format messages schema bench loadtest stack stack-test stack-drill clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# axe-core for the accessibility tests, from the npm registry (skipped without npm).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json
	npm install --no-package-lock --no-audit --no-fund --silent
	touch $(AXE)

# The reference partner site (examples/partner-site): its own virtualenv, as
# ariadne-codegen needs another graphql-core than the CMS, and its typed client.
PARTNER := examples/partner-site
PARTNER_STAMP := $(PARTNER)/.venv/.installed
$(PARTNER_STAMP): $(PARTNER)/requirements.txt
	test -x $(PARTNER)/.venv/bin/python || $(PYTHON) -m venv $(PARTNER)/.venv
	$(PARTNER)/.venv/bin/python -m pip install --quiet -r $(PARTNER)/requirements.txt
	touch $(PARTNER_STAMP)

partner-site: $(PARTNER_STAMP)
	cd $(PARTNER) && .venv/bin/ariadne-codegen

install: $(STAMP) $(PARTNER_STAMP)

demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(MANAGE) migrate --noinput
	$(MANAGE) compile_catalogues
	DEMO_SITE_PORT=$(PORT) DEMO_PARTNER_URL=$(PARTNER_URL) DJANGO_SETTINGS_MODULE=cms.settings.dev $(MANAGE) load_demo
	DEMO_SITE_PORT=$(PORT) DJANGO_SETTINGS_MODULE=cms.settings.dev $(MANAGE) runserver --noreload 127.0.0.1:$(PORT)

# The whole suite on every core (pytest-xdist); docs/testing.md says how to run
# one file, one test, the browser tests alone or the PostgreSQL pass.
WORKERS ?= auto
TEST_READY := $(STAMP) $(PARTNER_STAMP) $(if $(shell command -v npm),$(AXE))
test: $(TEST_READY)
	$(MANAGE) compile_catalogues
	$(BIN)/pytest -n $(WORKERS) --durations=30 $(PYTEST_ARGS)

# The inner loop: the tests that failed last time first, stop at the first failure.
test-fast: $(TEST_READY)
	$(MANAGE) compile_catalogues
	$(BIN)/pytest -n $(WORKERS) --failed-first -x --reuse-db $(PYTEST_ARGS)

# The browser tests alone (Chromium, axe-core).
test-e2e: $(TEST_READY)
	$(MANAGE) compile_catalogues
	$(BIN)/pytest -n $(WORKERS) tests/e2e $(PYTEST_ARGS)

# The whole suite on a PostgreSQL server of its own, started and removed here.
test-postgres: $(TEST_READY)
	.ci/postgres make test PYTEST_ARGS="$(PYTEST_ARGS)"

# Refresh tests/durations.json, the time of each test (docs/testing.md).
durations: $(TEST_READY)
	$(MANAGE) compile_catalogues
	$(BIN)/pytest -n $(WORKERS) --store-durations -q $(PYTEST_ARGS)

# Branch coverage of the apps over the whole suite (docs/testing.md).
coverage: $(TEST_READY)
	$(MANAGE) compile_catalogues
	$(BIN)/pytest -n $(WORKERS) -q --cov --cov-branch --cov-report=term:skip-covered $(PYTEST_ARGS)

# Lighthouse (npm) with Debian's Chromium against a fresh demo: accessibility, SEO and
# best practices must reach 95 on each network's key pages (docs/accessibility.md).
lighthouse: $(STAMP) $(AXE)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m tests.e2e.lighthouse

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the French and English catalogues after adding user-facing strings.
messages: $(STAMP)
	for app in cms pages forms_workflows forms_workflows/proposals forms_workflows/editor_forms graphql_api partners; do \
		(cd $$app && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l fr -l en --no-obsolete -v 0); done
	$(MANAGE) compile_catalogues

# Benchmark (bench/run.py): BENCH_QUICK=1 for a short run. Never a test on timing.
bench: $(STAMP)
	bench/system-packages.sh wrk
	BENCH_QUICK=$(BENCH_QUICK) $(BIN)/python -m bench.run

# Load and faults (bench/loadtest/): LOADTEST_QUICK=1 for a short run;
# LOADTEST_STACK=1 runs it through the stack's balancer (bench/loadtest/stack.py).
loadtest: $(STAMP) $(if $(LOADTEST_STACK),$(STACK_STAMP))
	bench/system-packages.sh postgresql $(if $(LOADTEST_STACK),redis-server nginx varnish varnish-modules)
	LOADTEST_QUICK=$(LOADTEST_QUICK) LOADTEST_STACK=$(LOADTEST_STACK) $(BIN)/python -m bench.loadtest

# The scaled-out topology on loopback (docs/deploy.md): PostgreSQL, Redis, an S3
# server, two app servers, two workers, the nginx balancer on STACK_PORT (8080),
# Varnish in front (8093); a process that dies is restarted (deploy/supervisor.py).
$(STACK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,stack]"
	touch $(STACK_STAMP)

stack: $(STACK_STAMP)
	bench/system-packages.sh postgresql redis-server nginx varnish varnish-modules
	$(BIN)/python -m deploy.stack

# The failover drill (docs/deploy.md) against the stack `make stack` runs, same STACK_PORT.
stack-drill: $(STACK_STAMP)
	$(BIN)/python -m deploy.drill

# Starts the stack, runs tests/stack against it, stops it.
stack-test: $(STACK_STAMP)
	bench/system-packages.sh postgresql redis-server nginx varnish varnish-modules
	STACK_TESTS=1 $(BIN)/pytest tests/stack $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media static .pytest_cache .stack

# GraphiQL (the API's page in a browser, in dev) from our own static files, never
# a CDN: refresh the vendored copies after changing their versions in package.json.
GRAPHIQL_DIR := graphql_api/static/graphql_api/graphiql
graphiql:
	npm install --no-package-lock --no-audit --no-fund --silent
	mkdir -p $(GRAPHIQL_DIR)
	cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
	   node_modules/js-cookie/dist/js.cookie.min.js node_modules/graphiql/graphiql.min.js \
	   node_modules/graphiql/graphiql.min.css $(GRAPHIQL_DIR)/
	cp node_modules/@graphiql/plugin-explorer/dist/index.umd.js $(GRAPHIQL_DIR)/plugin-explorer.umd.js
	cp node_modules/@graphiql/plugin-explorer/dist/style.css $(GRAPHIQL_DIR)/plugin-explorer.css
	# No source maps are shipped: a reference to one breaks collectstatic's manifest.
	sed -i 's|/\*# sourceMappingURL=[^*]*\*/||; s|^//# sourceMappingURL=.*$$||' $(GRAPHIQL_DIR)/*.js $(GRAPHIQL_DIR)/*.css
	for package in react react-dom js-cookie graphiql; do \
		cp node_modules/$$package/LICENSE $(GRAPHIQL_DIR)/LICENSE.$$package; done
	printf '%s\n' "@graphiql/plugin-explorer: MIT licence, (c) GraphQL Contributors;" \
		"see the licence of graphiql (LICENSE.graphiql), the same text." > $(GRAPHIQL_DIR)/LICENSE.plugin-explorer
