# Two commands do everything on a fresh machine: `make demo` (the main job) and `make test`.
# Both create the virtual environment in .venv and fetch FashionMNIST first if needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PyTorch is not pinned by the package; this default installs from a local wheel cache where one
# exists. Override it, e.g. `make test TORCH_SPEC="torch torchvision"`.
TORCH_SPEC ?= torch==2.14.1 torchvision==0.29.1
STAMP := $(VENV)/.installed
# The installation depends on pyproject.toml's contents, not its modification time (nbdev-export rewrites the file unchanged):
# the hash file changes only when they do.
HASH := $(VENV)/.pyproject.sha256
DEBIAN_FMNIST := /usr/share/datasets/fashion-mnist

.PHONY: setup data demo test sync nbtest pytest bench dist-check docs-preview docs-check browser clean FORCE

setup: $(STAMP)

$(HASH): FORCE
	@mkdir -p $(VENV); sha256sum pyproject.toml | cmp -s - $@ || sha256sum pyproject.toml > $@

$(STAMP): $(HASH)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q $(TORCH_SPEC)
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

# FashionMNIST: Debian's package where apt is usable, otherwise torchvision's download.
data: setup
	@if $(BIN)/python -c "from phasekd.train.data import find_fashion_mnist as f; f(download=False)" 2>/dev/null; then \
	  echo "FashionMNIST: found"; \
	elif [ ! -d $(DEBIAN_FMNIST) ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist >/dev/null) || echo "apt-get could not install dataset-fashion-mnist"; \
	  $(BIN)/python -c "from phasekd.train.data import find_fashion_mnist as f; print('FashionMNIST:', f())"; \
	else \
	  $(BIN)/python -c "from phasekd.train.data import find_fashion_mnist as f; print('FashionMNIST:', f())"; \
	fi

demo: data
	$(BIN)/phasekd demo

# The package must be what the notebooks export, and the notebooks must be clean.
sync: setup
	@before="$$(git status --porcelain -- phasekd nbs 2>/dev/null)"; \
	$(BIN)/nbdev-export && $(BIN)/nbdev-clean; \
	after="$$(git status --porcelain -- phasekd nbs 2>/dev/null)"; \
	if [ "$$before" != "$$after" ]; then echo "phasekd/ or nbs/ changed under nbdev-export/nbdev-clean:"; git status --short -- phasekd nbs; exit 1; fi; \
	echo "sync: phasekd/ matches nbs/, notebooks clean"
	$(BIN)/python scripts/make_readme.py --check

nbtest: data
	$(BIN)/nbdev-test --n-workers 2

pytest: data
	$(BIN)/pytest -q

# the docs as a reader sees them are part of the tests: Chromium and MathJax first (the browser tests of pytest need them)
test: sync browser nbtest pytest docs-check

# Speed benchmarks: they print their figures and write them to results/bench_*.json (minutes on 2 cores).
bench: setup
	$(BIN)/python benchmarks/bench_init.py --json results/bench_init.json
	$(BIN)/python benchmarks/bench_kd.py --json results/bench_kd.json
	$(BIN)/python benchmarks/bench_train.py --json results/bench_train.json

# The docs without Quarto: every notebook with its saved outputs as HTML in _preview/ (about 25 s).
docs-preview: setup
	$(BIN)/python scripts/docs_preview.py

# The preview in headless Chromium: broken images, raw directives, tracebacks; screenshots in _preview/ (about 25 s).
# Chromium and MathJax come from Debian's packages, installed here when missing and apt is usable.
browser:
	@if { ! command -v chromium >/dev/null || [ ! -e /usr/share/javascript/mathjax/MathJax.js ]; } && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium and libjs-mathjax for the docs check (about a minute)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libjs-mathjax >/dev/null) || echo "apt-get could not install chromium: the docs check runs its static checks only"; fi

docs-check: docs-preview browser
	$(BIN)/python scripts/docs_check.py

# The distribution: sdist and wheel, twine check, the wheel installed in a fresh venv and run outside the repository.
dist-check: data
	$(BIN)/pip install -q build twine
	PY=$(BIN)/python TORCH_SPEC="$(TORCH_SPEC)" bash scripts/check_dist.sh

clean:
	rm -rf $(VENV) _docs _proc _preview dist
