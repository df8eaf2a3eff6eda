#!/usr/bin/env bash
# Creates a throwaway virtualenv OUTSIDE the repository with this checkout's package installed from its
# wheel, plus JupyterLab and watchfiles (what bench/published-env.sh gives the published one), and prints
# its python, for `python bench/run.py --ours "$(...)"`. The test environment (.venv) also holds Panel,
# Solara, Voila, JupyterLite and their Jupyter extensions, which make every page and cell slower: timing
# it against a bare published install would compare environments, not packages.
# Needs the front end built into the checkout (scripts/setup.sh did it); the wheel reuses it.
# Usage: bash bench/ours-env.sh [venv dir, default $TMPDIR/anywidget-ours-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-${TMPDIR:-/tmp}/anywidget-ours-bench}"
wheels="$(mktemp -d)"
trap 'rm -rf "$wheels"' EXIT
SKIP_JUPYTER_BUILDER=1 .venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$wheels" . \
  2> >(grep -v "^WARNING: Location" >&2)
wheel="$(ls "$wheels"/anywidget-*.whl)"
# A wheel without the front end would measure nothing: refuse it.
python3 -m zipfile -l "$wheel" | grep -q "labextensions/anywidget/package.json" \
  || { echo "ours-env.sh: $wheel has no front end; run scripts/setup.sh first" >&2; exit 1; }
python3 -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip 2> >(grep -v "^WARNING: Location" >&2)
"$venv/bin/python" -m pip install --quiet "$wheel" "jupyterlab>=4.6,<5" watchfiles \
  2> >(grep -v "^WARNING: Location" >&2)
echo "$venv/bin/python"
