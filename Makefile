# halllayout: `make demo` builds and serves a demo fair, `make test` runs the linters and every test.
# Both set everything up first: a virtual environment in .venv and the viewer's npm packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
DEMO_DIR := build/demo
PORT ?= 8000

.PHONY: setup demo demo-build serve test lint check-chromium bench clean

setup: $(VENV)/.installed viewer/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,redis,s3]'
	touch $@

viewer/node_modules/.installed: viewer/package.json viewer/package-lock.json
	cd viewer && npm ci --no-audit --no-fund
	touch $@

demo-build: setup
	$(BIN)/python assets/demo/product_folder.py assets/demo/booths.csv build/demo-uploads
	$(BIN)/halllayout build assets/demo/booths.csv --hall assets/demo/hall-a.json -o $(DEMO_DIR) --models build/demo-uploads

demo: demo-build
	$(BIN)/python app.py --fair-dir $(DEMO_DIR) --port $(PORT) --demo-accounts

check-chromium:
	@test -x "$(CHROMIUM)" || { \
	  echo "error: Chromium not found at $(CHROMIUM); the browser tests need it."; \
	  echo "fix: sudo apt-get install -y chromium   (or: make test CHROMIUM=/path/to/chromium)"; \
	  exit 1; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	for f in viewer/src/*.js viewer/scripts/*.mjs; do node --check "$$f" || exit 1; done

test: setup check-chromium lint
	HALLLAYOUT_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/bench_layout.py
	$(BIN)/python benchmarks/bench_halls.py
	$(BIN)/python benchmarks/bench_relayout.py
	$(BIN)/python benchmarks/bench_rules.py
	$(BIN)/python benchmarks/bench_plan.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_platform.py
	HALLLAYOUT_CHROMIUM="$(CHROMIUM)" $(BIN)/python benchmarks/bench_scene.py
	HALLLAYOUT_CHROMIUM="$(CHROMIUM)" $(BIN)/python benchmarks/bench_walk.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
