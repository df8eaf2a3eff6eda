#!/usr/bin/env bash
# Installs everything into .venv and opens the counter demo notebook in JupyterLab.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh ".[test]"
exec .venv/bin/jupyter lab examples/counter.ipynb
