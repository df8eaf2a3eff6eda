#!/usr/bin/env bash
# Shared setup for demo.sh and test.sh: a virtualenv in .venv with this package (front end built) installed.
# Usage: scripts/setup.sh [pip install target, default ".[test]"]
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-.[test]}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
npm ci --no-audit --no-fund --loglevel=error
# hatch-jupyter-builder runs the front-end build (npm run build:prod) inside this install.
.venv/bin/python -m pip install --quiet "$target"
