# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# A real learning record store for the xAPI tests, in its own environment: ralph-malph's `cli` extra pins
# click < 8.2.1, which sqlite-utils (click >= 8.3.1) cannot share.
RALPH  := $(VENV)/ralph/bin/ralph

.PHONY: run test bench fuzz package clean help screenshots

help:
	@echo "make run      open the app on the bundled scenarios"
	@echo "make test     run the whole test suite headless"
	@echo "make bench    run the benchmarks and print figures"
	@echo "make fuzz     mutation-fuzz the loader, linter and engine (N=10000 cases) and run the soak test"
	@echo "make package  build the standalone desktop app into dist/"
	@echo "make screenshots  write every screen at 1280x800, light and dark, to docs/screenshots/ (headless)"

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m simulator app

$(RALPH): | $(PY)
	$(PYTHON) -m venv $(VENV)/ralph
	$(VENV)/ralph/bin/python -m pip install --quiet 'ralph-malph[cli,lrs]==5.1.0' 'requests>=2.31'

test: $(STAMP) $(RALPH)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP) $(RALPH)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# The mutation fuzzer (tests/fuzz/): N mutants of the bundled scenarios and test fixtures through the loader, the
# linter and a short headless play; a failing case replays with: python -m tests.fuzz --seed SEED --case I
N    ?= 10000
SEED ?= 0
fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.fuzz --cases $(N) --seed $(SEED)
	QT_QPA_PLATFORM=offscreen SIMULATOR_SOAK=1 $(PY) -m pytest -q -s tests/ui/test_soak.py

# The standalone build comes from its own environment: the runtime dependencies and PyInstaller only, never the
# test extra (PyInstaller would bundle hypothesis through pydantic's plugin). Rebuilt when pyproject.toml changes.
PKG_VENV  := .venv-package
PKG_PY    := $(PKG_VENV)/bin/python
PKG_STAMP := $(PKG_VENV)/.installed

$(PKG_STAMP): pyproject.toml setup.py
	rm -rf $(PKG_VENV)
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(PKG_VENV)
	$(PKG_PY) -m pip install --quiet --upgrade pip
	$(PKG_PY) -m pip install --quiet -e '.[package]'
	touch $(PKG_STAMP)

package: $(PKG_STAMP)
	$(MAKE) -C packaging PY=$(abspath $(PKG_PY))

clean:
	rm -rf build dist *.egg-info .pytest_cache $(PKG_VENV)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m simulator.ui.screenshots docs/screenshots --size 1280x800
