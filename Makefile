# 掌上通 — developer commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
UV := $(VENV)/bin/uv
UV_PIN := uv==0.13.9
# pip's configuration files, the later winning (`pip config get` would cost a pip start-up)
PIP_CONFIGS := /etc/xdg/pip/pip.conf /etc/pip.conf $(HOME)/.pip/pip.conf $(HOME)/.config/pip/pip.conf
# Two install sets, each with its stamp: what `make run` needs, and the test tools on top of it.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.installed
LOOPBACK := node_modules/.cache/loopback-dynamodb-local/LoopbackDynamoDBLocal.class
export PYTHONDONTWRITEBYTECODE := 1
# The suite runs on one pytest-xdist worker per core, at most 4, a test file per worker at a time
# (the browser files start one local stack each; tests/e2e/stack.py deals the ports out by worker).
# Measured on 2 cores: unit + functional 366 s on one worker, 207 s on two.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
PYTEST := $(PY) -m pytest -n $(WORKERS) --dist loadfile --durations=15

.PHONY: run test test-unit test-integration test-functional test-e2e bench package deploy seed \
        wechat-menu wechat-templates smoke deps dev-deps test-deps java browser clean help

help:
	@echo "make run      start the whole platform locally (DynamoDB Local, SeaweedFS, WeChat stand-in, app)"
	@echo "make test     install what is needed and run the whole test suite"
	@echo "make bench    run the benchmarks in bench/ and print their figures"
	@echo "make package  build the deployable CloudFormation template and Lambda zip (build/out)"
	@echo "make deploy   package and deploy to AWS (see docs/deploy.md)"
	@echo "make seed     load the seeds into TABLE_NAME (works against a real table)"
	@echo "make wechat-templates ACCOUNT=360722  which notice kinds lack a fitting WeChat template"
	@echo "make smoke BASE_URL=https://…  check a deployed stack from outside (docs/runbook.md)"

# uv installs the pins several times faster than pip (nothing cached, unloaded: the run set in
# 2.3 s against 7.0 s, the test set in 9.1 s against 44.7 s), and a venv made without pip (uv adds
# it) skips ensurepip: under load, venv + run set took 10-11 s this way against 24-26 s with
# `python3 -m venv` and pip's uv. pip installs everything when uv cannot be had. uv does not read
# pip's configuration, so a package index set there is passed on.
define install
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@test -x $(UV) || $(PYTHON) -m pip --python $(PY) install -q --disable-pip-version-check \
	  $(UV_PIN) >/dev/null 2>&1 || true
	@index=$${PIP_INDEX_URL:-$$(sed -n 's/^ *index-url *= *//p' $(PIP_CONFIGS) 2>/dev/null | tail -1)}; \
	if test -x $(UV) && $(UV) pip install -q --python $(PY) $${index:+--index-url "$$index"} pip -r $(1); \
	then :; else echo "installing $(1) with pip (uv is not available here)"; \
	  { test -x $(PIP) || $(PY) -m ensurepip --default-pip >/dev/null; } && $(PIP) install -q --disable-pip-version-check -r $(1); fi
	@touch $@
endef

$(RUN_STAMP): requirements.txt requirements-run.txt
	$(call install,requirements-run.txt)

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(call install,requirements-dev.txt)

$(NODE_STAMP): package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# What keeps DynamoDB Local on 127.0.0.1 (local/services.py would compile it at the first start).
$(LOOPBACK): local/LoopbackDynamoDBLocal.java $(NODE_STAMP) | java
	@$(PYTHON) -c 'import local.services as s; s.loopback_launcher(s.dynamodb_local_jar())'
	@touch $@

java:
	@command -v java >/dev/null || { echo "installing Java 17 for DynamoDB Local"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null; }

browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "noto sans cjk" || { \
	  echo "installing Debian's chromium and CJK fonts for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null; }

# The Python and Node installs run side by side; the two apt-get installs (Java, the browser) never.
deps:
	@$(MAKE) --no-print-directory -j3 $(RUN_STAMP) $(LOOPBACK)

dev-deps:
	@$(MAKE) --no-print-directory -j3 $(DEV_STAMP) $(LOOPBACK)

test-deps: dev-deps
	@$(MAKE) --no-print-directory browser

run: deps
	@exec $(PY) -m local.run

test: test-deps
	@$(PYTEST)

test-unit: $(DEV_STAMP)
	@$(PYTEST) tests/unit

test-integration: dev-deps
	@$(PYTEST) tests/integration

test-functional: $(DEV_STAMP)
	@$(PYTEST) tests/functional

test-e2e: test-deps
	@$(PYTEST) tests/e2e

bench: dev-deps
	@$(PY) -m bench

seed: $(RUN_STAMP)
	@$(PY) -m seeds.load

package: $(RUN_STAMP)
	@$(PY) -m infra.build

deploy: package
	@$(PY) -m infra.deploy

# BASE_URL and the SMOKE_* variables are read from the environment (docs/runbook.md, "make smoke").
smoke: $(RUN_STAMP)
	@BASE_URL="$(BASE_URL)" $(PY) -m local.smoke

wechat-menu: $(RUN_STAMP)
	@$(PY) -m local.publish_menu

# Which notice kinds of ACCOUNT (a bureau code or lawyers; default: the default bureau) have no
# WeChat template or one whose keywords don't fit (docs/wechat.md, "Notice templates").
wechat-templates: $(RUN_STAMP)
	@$(PY) -m chalicelib.admin.templates $(if $(ACCOUNT),--account $(ACCOUNT))

clean:
	rm -rf build .pytest_cache
