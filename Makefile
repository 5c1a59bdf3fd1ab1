# copydesk: developer and CI entry points. `make run` and `make test` are the README's Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: dev run test eval corpus clean

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

# The labelled development set reads its articles from ../shared/data; built ones land in _build/.
CORPUS_SYSTEMS := refA ONLINE-B ONLINE-G ZengHuiMT PROMT NLLB_Greedy GPT4-5shot
corpus: dev
	@for system in $(CORPUS_SYSTEMS); do \
		$(BIN)/python -m benchmarks.wmt23 build tests/corpus/_build/$$system --system $$system >/dev/null || exit 2; \
	done
	@$(BIN)/python -m benchmarks.wmt23 mixed tests/corpus/_build/mixed --seed 1 >/dev/null

# Quality table on the seed and the development set, committed as docs/quality.md.
eval: corpus
	$(BIN)/copydesk eval seeds tests/corpus --format markdown -o docs/quality.md
	$(BIN)/copydesk eval seeds tests/corpus --no-details

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis tests/corpus/_build
