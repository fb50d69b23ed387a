# Two commands do all the set-up: `make run` and `make test`. Both (re)create .venv
# when it is missing or when a requirements file changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
ADDRESS ?= 127.0.0.1
PORT ?= 8501
# app processes for `make cluster`; empty: one per core (at most 16), as a process runs its
# pages' Python on one core at a time (README, "One server for a class")
REPLICAS ?=
PROXY_PORT ?= 8080
BASE_PATH ?=
# `make run WATCH=auto` reloads the pages when their code changes (not for a class: see
# .streamlit/config.toml)
WATCH ?= none
# glibc malloc settings for a server shared by a class (see MALLOC_ENV in classroom/server.py)
MALLOC := MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072

.PHONY: run cluster test quick bench lint format clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUNTIME): requirements.txt requirements-frameworks.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# `make run ADDRESS=0.0.0.0 PORT=8501` serves a class on the local network. tconv.ui.serve is
# `streamlit run` with the libraries frozen before the first session (tconv/ui/serve.py).
run: $(RUNTIME)
	$(MALLOC) $(PY) -m tconv.ui.serve run app.py --server.address $(ADDRESS) --server.port $(PORT) \
		--server.fileWatcherType $(WATCH)

# `make cluster REPLICAS=3 ADDRESS=0.0.0.0 PROXY_PORT=8080 BASE_PATH=tconv`: replicas
# behind nginx (README, "Deployment").
cluster: $(RUNTIME)
	$(PY) -m deploy.cluster $(if $(REPLICAS),--replicas $(REPLICAS)) --address $(ADDRESS) --port $(PROXY_PORT) \
		--base-path "$(BASE_PATH)"

# Everything: lint, the import contract (tests/test_architecture.py), unit, property,
# AppTest and real-browser tests.
test: lint
	$(PY) -m pytest

# The inner loop: the library's tests without whole pages (app), a browser (browser) or
# heavy libraries (slow), with 10 examples per property test.
quick: $(DEV)
	HYPOTHESIS_PROFILE=quick $(PY) -m pytest -q -m "not app and not browser and not slow"

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(RUNTIME)
	$(PY) -m bench

format: $(DEV)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
