#!/usr/bin/env bash
# The distribution, as a user gets it: build the sdist and the wheel, check them with twine, install the wheel into
# a fresh virtual environment, and run the command outside the repository (the version, then the demo).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
TORCH_SPEC=${TORCH_SPEC:-"torch==2.14.1 torchvision==0.29.1"}
rm -rf dist && "$PY" -m build -q && "$PY" -m twine check dist/*
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q $TORCH_SPEC
"$tmp/venv/bin/pip" install -q dist/*.whl
cd "$tmp"
"$tmp/venv/bin/phasekd" --version
"$tmp/venv/bin/python" -c "import phasekd.train.e2e, phasekd.train.distill, phasekd.report.results; print('imports from', phasekd.train.e2e.__file__)"
"$tmp/venv/bin/phasekd" demo --quiet --out "$tmp/demo"
ls "$tmp/demo"
echo "dist-check: the wheel installs and runs outside the repository ($tmp)"
