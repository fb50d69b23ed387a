# Two commands do all the set-up: `make run` and `make test`. Both (re)create .venv
# when it is missing or when a requirements file changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
PORT ?= 8501

.PHONY: run test bench lint format clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(RUNTIME): requirements.txt requirements-frameworks.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(RUNTIME)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

bench: $(RUNTIME)
	$(PY) -m bench

format: $(DEV)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
