# Quick start: `make demo` then `make test`. Both install what is missing first (Debian, as root).
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Everything the code and the tests need from Debian, each checked by name below: python3-venv for .venv,
# Tesseract with its French data to read scans, Debian's Chromium (and a font for it) for the PDFs and the browser tests.
# The fixture generator's fonts are in the repository (fixtures/fonts), not installed.
APT_PACKAGES := python3-venv tesseract-ocr tesseract-ocr-fra chromium fonts-dejavu-core

.PHONY: deps system-deps demo test test-fast lint bench clean

deps: system-deps $(STAMP)

# Installs whichever of APT_PACKAGES is not installed, then checks that what the tests use works.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation de :$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends $$missing; fi
	@tesseract --list-langs 2>/dev/null | grep -qx fra \
	  || { echo "Tesseract ou ses données françaises (fra) manquent : apt-get install tesseract-ocr tesseract-ocr-fra" >&2; exit 1; }
	@[ -x /usr/bin/chromium ] || { echo "Le Chromium de Debian manque : apt-get install chromium" >&2; exit 1; }

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[fixtures,cluster,test]'
	touch $@

demo: deps
	$(BIN)/aes process fixtures/sample/dossiers --out out/demo --jobs 2
	@echo
	@echo "Synthèse du lot : out/demo/summary.html (et summary.csv)"
	@echo "Chaque dossier :  out/demo/<dossier>/report.html et dossier.json ; à imprimer : report.pdf,"
	@echo "                  inventory.pdf (bordereau des pièces reçues), request.pdf (pièces à demander)"
	@echo "Chaque fichier :  out/demo/manifest.jsonl"

lint: deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The whole suite, the tests marked slow included (real Tesseract on many pages, Dask, Chromium).
test: deps lint
	@echo "Tous les tests, les lents compris (make test-fast les laisse de côté)."
	$(BIN)/pytest -q

# While working: the tests not marked slow. Run `make test` before committing.
test-fast: deps lint
	$(BIN)/pytest -q -m "not slow"

bench: deps
	$(BIN)/python bench/ocr_throughput.py

clean:
	rm -rf out .pytest_cache
