# copydesk: developer and CI entry points. `make run` and `make test` are the README's Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: dev run test eval clean

$(BIN)/copydesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

dev: $(BIN)/copydesk

# Lint the bundled seed article; findings are the point, so exit 1 (findings) is success here.
run: dev
	$(BIN)/copydesk lint seeds/ || [ $$? -eq 1 ]

test: dev
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis tests/corpus/_build
