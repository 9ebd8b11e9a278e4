# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INPUT  ?= raw
OUT    ?= extracted

.PHONY: setup run test samples bench clean

# The environment is rebuilt when it is missing or older than pyproject.toml.
$(BIN)/pipeline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/pipeline

setup: $(BIN)/pipeline

run: setup
	$(BIN)/pipeline run $(INPUT) --out $(OUT)

test: setup
	$(BIN)/python -m pytest -q

# Rebuild the sample proposals in raw/ from their generator.
samples: setup
	$(BIN)/python -m pipeline.samples raw

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
