# Quick start: `make demo` then `make test`. Both install what is missing first (Debian, as root).
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra chromium fonts-dejavu-core

.PHONY: deps system-deps demo test lint bench clean

deps: system-deps $(STAMP)

# Tesseract with its French data reads the scans; Debian's Chromium runs the browser tests.
system-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx fra \
	    && [ -x /usr/bin/chromium ]; then :; else \
	  echo "Installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends $(APT_PACKAGES); fi

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[fixtures,cluster,test]'
	touch $@

demo: deps
	$(BIN)/aes process fixtures/sample/dossiers --out out/demo --jobs 2
	@echo
	@echo "Batch summary:  out/demo/summary.html (and summary.csv)"
	@echo "Each dossier:   out/demo/<dossier>/report.html and dossier.json"
	@echo "Every file:     out/demo/manifest.jsonl"

lint: deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: deps lint
	$(BIN)/pytest -q

bench: deps
	$(BIN)/python bench/ocr_throughput.py

clean:
	rm -rf out .pytest_cache
