# copydesk: developer and CI entry points. `make run` and `make test` are the README's Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: dev run test eval corpus languagetool bench clean

$(BIN)/copydesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	@touch $@

dev: $(BIN)/copydesk

# Lint the bundled seed article; findings are the point, so exit 1 (findings) is success here.
run: dev
	@mkdir -p build
	$(BIN)/copydesk lint seeds/ --format html -o build/report.html || [ $$? -eq 1 ]
	$(BIN)/copydesk lint seeds/ || [ $$? -eq 1 ]
	@echo "HTML report: build/report.html"

test: dev languagetool
	$(BIN)/python -m pytest -q

# LanguageTool's server and English module from Maven Central, once, into vendor/ (git-ignored;
# `clean` leaves it: 245 MB). copydesk itself never downloads anything.
languagetool: vendor/languagetool/.complete
vendor/languagetool/.complete: tools/languagetool/pom.xml tools/fetch-languagetool.sh
	tools/fetch-languagetool.sh

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

# Speed against proselint and textlint on the same WMT23 corpus; writes benchmarks/RESULTS.md.
bench: dev
	cd benchmarks && npm ci --no-audit --no-fund
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.bench --memory-select CD1

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis tests/corpus/_build benchmarks/node_modules
