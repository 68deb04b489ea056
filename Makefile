# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/eventlens: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/eventlens
	$(BIN)/eventlens extract src/eventlens/examples/manbij-clash.txt --outlet "eventlens examples" --format json

test: $(BIN)/eventlens
	$(BIN)/python -m pytest -n 2 -q

lint: $(BIN)/eventlens
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(BIN)/eventlens
	$(BIN)/eventlens bench

clean:
	rm -rf $(VENV) build
