# Two commands do all the set-up: `make run` and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
INPUT  ?= raw
OUT    ?= extracted

# The oldest Python the project runs on (pyproject.toml's requires-python says the same).
MIN_PYTHON := 3.11
SUITABLE   := import sys; sys.exit(sys.version_info[:2] < tuple(map(int, "$(MIN_PYTHON)".split("."))))

# The Python that builds .venv: the first of these that runs and is new enough
# (or choose one: make PYTHON=/path/to/python3.12).
ifndef PYTHON
PYTHON := $(firstword $(foreach p,python3 python3.13 python3.12 python3.11,\
	$(shell $(p) -c '$(SUITABLE)' >/dev/null 2>&1 && echo $(p))) python3)
endif

# .venv is rebuilt when it is missing, older than pyproject.toml, or made by a Python that
# no longer runs or is too old (e.g. a pyenv version that was removed).
VENV_OK := $(shell $(BIN)/python -c '$(SUITABLE)' >/dev/null 2>&1 && echo yes)
ifneq ($(VENV_OK),yes)
.PHONY: $(BIN)/pipeline
endif

.PHONY: setup bytecode run test test-slow lint samples bench clean

$(BIN)/pipeline: pyproject.toml
	@$(PYTHON) -c '$(SUITABLE)' 2>/dev/null || { \
		echo "make: Python >= $(MIN_PYTHON) is needed to build $(VENV); '$(PYTHON)' is not (make PYTHON=/path/to/python3.12)" >&2; \
		exit 1; }
	@if [ "$(VENV_OK)" != yes ] && [ -e $(VENV) ]; then \
		echo "make: $(VENV) was made by a Python that no longer runs or is older than $(MIN_PYTHON): rebuilding it"; \
		rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/pipeline

setup: $(BIN)/pipeline

# The project's own bytecode, compiled before a run or the tests (only what changed is compiled
# again): a process then imports the pipeline in 0.16 s of CPU instead of 0.67 s where
# PYTHONDONTWRITEBYTECODE is set (as on CI), which would compile every module in every process.
bytecode: setup
	@$(BIN)/python -m compileall -q -j 0 pipeline tools tests benchmarks >/dev/null

# Findings (exit 1) and unreadable files (exit 3) are results, not failures of `make run`.
run: bytecode
	@$(BIN)/pipeline run $(INPUT) --out $(OUT); code=$$?; \
	if [ $$code -eq 1 ] || [ $$code -eq 3 ]; then echo "(exit code $$code: see $(OUT)/findings.csv and documents.csv)"; \
	elif [ $$code -ne 0 ]; then exit $$code; fi

# The tests run on every core (pytest-xdist); each test builds its own files.  `make test` leaves
# out the slow tests (marker `slow`: a 1,000-page document, 300 PDFs, the real set, the
# LibreOffice families) so it stays under 10 minutes on a busy 2-core machine; `make test-slow`
# runs exactly those (CI runs both: .ci/run).
test: bytecode
	$(BIN)/python -m pytest -q -n auto -m "not slow"

test-slow: bytecode
	$(BIN)/python -m pytest -q -n auto -m slow

# ruff and mypy, configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rebuild the sample proposals in raw/ from their generator.
samples: setup
	PYTHONPATH=tools $(BIN)/python -m pdfgen.samples raw

# Pages per second per core and peak memory, ours beside the PDFium floor, camelot and pdfplumber (BENCH_ARGS: see benchmarks/bench.py).
bench: setup
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
