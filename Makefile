# Two commands do all set-up on a fresh machine with Python 3.11:
#   make book   build the web book (from the outputs stored in the notebooks)
#   make test   lint + unit tests + every notebook executed in quick mode (nbval)
# Both create .venv if it is missing and install requirements.txt and course_lib into it; as
# root on Debian they also install bubblewrap (grading sandbox) and Chromium (browser test).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The offline data folder beside the project, when there is one; else the loaders' default.
SHARED_DATA := $(wildcard $(abspath $(CURDIR)/../shared/data))
ifneq ($(SHARED_DATA),)
export COURSE_DATA ?= $(SHARED_DATA)
endif
NOTEBOOKS := book exercises solutions
CELL_TIMEOUT := 300

.PHONY: install book test lint execute bench exercises grade publish colab-sim clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@command -v bwrap >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; }; }; } || \
		echo "note: bubblewrap is not installed; make grade runs submissions without a sandbox"
	@{ command -v chromium >/dev/null && command -v chromedriver >/dev/null; } || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && export DEBIAN_FRONTEND=noninteractive && \
		{ apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }; }; } || \
		echo "note: no chromium/chromedriver (Debian's packages); tests/test_browser.py cannot run"
	touch $(STAMP)

# MathJax for the browser test (npm's package; no marker is written when the download fails,
# so the next make test tries again)
MATHJAX := $(VENV)/share/mathjax/.mathjax-3.2.2
$(MATHJAX): | $(STAMP)
	$(PY) bin/fetch-mathjax $(VENV)/share/mathjax

install: $(STAMP)

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . --all --warningiserror --keep-going
	@echo "open _build/html/index.html"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Unit tests and notebooks in one pytest run on 2 workers; --dist loadfile keeps each
# notebook's cells on one worker.  Any non-zero exit (including 5, "no tests") fails.
# One compute thread per worker: two workers whose kernels each start a thread per core
# oversubscribe a 2-core machine, and PyTorch's spinning threads then slow down many times
# over (measured: grading chapter 17's solution took 456 s beside another notebook, 44 s alone).
test: lint $(MATHJAX)
	@before=$$(bin/data-fingerprint "$$COURSE_DATA"); \
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	COURSE_QUICK=1 MPLBACKEND=Agg $(PY) -m pytest -n 2 --dist loadfile \
		--nbval-lax --nbval-cell-timeout=$(CELL_TIMEOUT) tests $(NOTEBOOKS); \
	rc=$$?; \
	after=$$(bin/data-fingerprint "$$COURSE_DATA"); \
	if [ "$$before" != "$$after" ]; then echo "FAIL: the data folder $$COURSE_DATA was modified"; exit 1; fi; \
	exit $$rc

# Re-run every chapter notebook in full mode, store its outputs, write bench/results.json.
execute: $(STAMP)
	$(PY) bench/run.py --store-outputs

# Same run without touching the notebooks: only bench/results.json.
bench: $(STAMP)
	$(PY) bench/run.py

# Student notebooks, solutions, public tests and the (uncommitted) autograder bundles from the
# masters in masters/.  Refuses to overwrite a student notebook holding a learner's work
# unless FORCE=1.
exercises: $(STAMP)
	$(PY) -m course_lib.exercises generate $(if $(FORCE),--force)

# Grade a folder of submissions, JOBS at once (default: what the cores and memory fit); a re-run
# grades only new or changed submissions unless REGRADE=1:
#   make grade SUBMISSIONS=path/to/folder [SET=ch01_perceptron] [OUT=grades] [JOBS=2] [REGRADE=1]
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder> [SET=<exercise set>] [JOBS=N] [REGRADE=1]"; exit 2; }
	$(PY) -m course_lib.grading "$(SUBMISSIONS)" $(if $(SET),--set $(SET)) --out $(or $(OUT),grades) \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(filter 1,$(REGRADE)),--regrade)

# The learner edition (no masters, hidden tests or solutions) into a folder outside the repository:
#   make publish DEST=<folder> [SOLUTIONS=1] [URL=<repository URL>] [HTML=0]
# SOLUTIONS=1 adds the solution notebooks (self-study edition); HTML=0 skips the web book.
publish: $(STAMP)
	@test -n "$(DEST)" || { echo "usage: make publish DEST=<folder> [SOLUTIONS=1] [URL=<url>] [HTML=0]"; exit 2; }
	$(PY) -m course_lib.publish "$(DEST)" $(if $(filter 1,$(SOLUTIONS)),--solutions) \
		$(if $(URL),--url "$(URL)") $(if $(filter 0,$(HTML)),--no-html)

# Every chapter and student notebook run as on a fresh Google Colab runtime: Colab's own package
# versions (bin/colab-versions.txt) in build/colab-sim, quick mode (5 GB per job; not in make test)
colab-sim: $(STAMP)
	$(PY) bin/colab-sim $(if $(JOBS),--jobs $(JOBS))

clean:
	rm -rf _build .pytest_cache .ruff_cache
