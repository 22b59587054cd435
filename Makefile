# Sổ Thi đua — two commands do everything on a fresh machine:
#   make run    creates .venv, installs the app, starts the GUI
#   make test   installs what the tests need, runs them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean installer guide

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# On Linux, first the X11 libraries Qt needs (installer/check_linux_libs.py): missing ones are named with the
# apt-get line to install them, instead of Qt aborting with "could not load the Qt platform plugin xcb".
run: $(STAMP)
	$(PY) installer/check_linux_libs.py
	$(PY) -m desktop

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# The benchmark (README, Performance): first its anchors (LibreOffice, installed when missing), then every metric
# as value/floor interleaved; the run fails when an anchor cannot run or a goal is missed (bench.json says which).
bench: $(STAMP)
	bash tests/benchmarks/anchors.sh
	QT_QPA_PLATFORM=offscreen BENCH_QUICK=0 $(PY) -m pytest tests/benchmarks -s

clean:
	rm -rf $(VENV) build *.egg-info

# The user guide's screenshots (resources/guide/images), from the real app on a demo ledger in a temporary folder.
guide: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.ui.guide_shots --out resources/guide/images

# The Windows bundle and installer (installer/README.md). Here (Linux, CI) it builds and self-tests a Linux
# bundle from the same spec; the NSIS step then only proves the installer script compiles: that .exe wraps
# Linux files and is not for use. The real installer is built on Windows.
installer: $(STAMP)
	$(PY) -m pip install --quiet -e '.[build]'
	$(PY) -m PyInstaller installer/thidua.spec --noconfirm --distpath dist --workpath build/pyinstaller
	QT_QPA_PLATFORM=offscreen timeout 300 dist/SoThiDua/SoThiDua --self-test
	timeout 300 dist/SoThiDua/thidua --self-test
	du -sh dist/SoThiDua
	@if command -v makensis >/dev/null 2>&1; then \
	  makensis -V2 -DVERSION=$$($(PY) -c 'import desktop; print(desktop.__version__)') \
	    -DBUNDLE="$(CURDIR)/dist/SoThiDua" -DOUTDIR="$(CURDIR)/dist" installer/SoThiDua.nsi && ls -l dist/*.exe; \
	else echo "makensis not found: installer script not compiled (Debian: apt-get install nsis)"; fi
