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

# Findings (exit 1) and unreadable files (exit 3) are results, not failures of `make run`.
run: setup
	@$(BIN)/pipeline run $(INPUT) --out $(OUT); code=$$?; \
	if [ $$code -eq 1 ] || [ $$code -eq 3 ]; then echo "(exit code $$code: see extracted/findings.csv and documents.csv)"; \
	elif [ $$code -ne 0 ]; then exit $$code; fi

test: setup
	$(BIN)/python -m pytest -q

# Rebuild the sample proposals in raw/ from their generator.
samples: setup
	PYTHONPATH=tools $(BIN)/python -m pdfgen.samples raw

# Pages per second per core and peak memory, ours beside the PDFium floor, camelot and pdfplumber (BENCH_ARGS: see benchmarks/bench.py).
bench: setup
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
