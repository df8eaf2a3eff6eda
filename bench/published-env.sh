#!/usr/bin/env bash
# Creates a throwaway virtualenv OUTSIDE the repository with the published anywidget from PyPI (plus
# JupyterLab and watchfiles) and prints its python, for `python bench/run.py --against "$(...)"`.
# Usage: bash bench/published-env.sh [version, default 0.11.0] [venv dir, default $TMPDIR/anywidget-published]
set -euo pipefail
version="${1:-0.11.0}"
venv="${2:-${TMPDIR:-/tmp}/anywidget-published-$version}"
# The marker is written last: a run interrupted mid-install starts over instead of using a half venv.
if [ ! -f "$venv/.anywidget-published-installed" ]; then
  python3 -m venv --clear "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet "anywidget==$version" "jupyterlab>=4.6,<5" watchfiles \
    2> >(grep -v "^WARNING: Location" >&2)
  touch "$venv/.anywidget-published-installed"
fi
echo "$venv/bin/python"
