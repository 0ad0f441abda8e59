# 掌上通 — developer commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-unit test-integration test-functional test-e2e bench package deploy seed \
        wechat-menu deps java browser clean help

help:
	@echo "make run      start the whole platform locally (DynamoDB Local, SeaweedFS, WeChat stand-in, app)"
	@echo "make test     install what is needed and run the whole test suite"
	@echo "make bench    run the benchmarks in bench/ and print their figures"
	@echo "make package  build the deployable CloudFormation template and Lambda zip (build/out)"
	@echo "make deploy   package and deploy to AWS (see docs/deploy.md)"
	@echo "make seed     load the seeds into TABLE_NAME (works against a real table)"

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

java:
	@command -v java >/dev/null || { echo "installing Java 17 for DynamoDB Local"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null; }

browser:
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "noto sans cjk" || { \
	  echo "installing Debian's chromium and CJK fonts for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null; }

deps: $(STAMP) $(NODE_STAMP) java

run: deps
	@exec $(PY) -m local.run

test: deps browser
	@$(PY) -m pytest

test-unit: $(STAMP)
	@$(PY) -m pytest tests/unit

test-integration: deps
	@$(PY) -m pytest tests/integration

test-functional: $(STAMP)
	@$(PY) -m pytest tests/functional

test-e2e: deps browser
	@$(PY) -m pytest tests/e2e

bench: deps
	@$(PY) -m bench

seed: $(STAMP)
	@$(PY) -m seeds.load

package: $(STAMP)
	@$(PY) -m infra.build

deploy: package
	@$(PY) -m infra.deploy

wechat-menu: $(STAMP)
	@$(PY) -m local.publish_menu

clean:
	rm -rf build .pytest_cache
