#!/usr/bin/env bash
# Installs what the tests need (Chromium included) and runs the whole suite:
# lint and types, JS unit tests, Python unit tests, and end-to-end tests in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

bash scripts/setup.sh ".[test]"

echo "== lint and types"
npx biome check js scripts tests anywidget/_core/stand_in.js
npx tsc -p tsconfig.json --noEmit
npm run --silent lint:imports
.venv/bin/ruff check anywidget tests harness bench
.venv/bin/ruff format --check anywidget tests harness bench
.venv/bin/mypy
.venv/bin/lint-imports --no-cache  # the layers and no import circles (pyproject.toml)

echo "== JS unit tests"
npx vitest run

[ $# -gt 0 ] || { echo "== documentation site"; bash scripts/docs.sh; }  # arguments pick tests: no site

echo "== Python unit and end-to-end tests"
.venv/bin/python -m pytest "$@"
