#!/usr/bin/env bash
# Builds the documentation site into docs/_build/html (warnings are errors; every example runs),
# then checks it in headless Chromium: opened from disk with the network refused, widgets work.
# Usage: scripts/docs.sh [more sphinx-build options]. Uses the anywidget installed in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
if ! .venv/bin/python -c "import anywidget" 2>/dev/null; then
  bash scripts/setup.sh ".[test]"
fi
# The `docs` extra, read from the installed package's metadata: installing ".[docs]" would
# rebuild the front end, which the installed package already has.
docs_requirements=$(.venv/bin/python - <<'PY'
import re
from importlib.metadata import requires

docs = re.compile(r"""extra\s*==\s*["']docs["']""")
found = [r.split(";")[0].strip() for r in requires("anywidget") or [] if docs.search(r)]
print("\n".join(found) if found else "MISSING")
PY
)
if [ "$docs_requirements" = MISSING ]; then
  echo "the installed anywidget predates the docs extra: reinstalling from this checkout" >&2
  bash scripts/setup.sh ".[test,docs]"
else
  # shellcheck disable=SC2086 # one requirement a line, none with spaces
  .venv/bin/python -m pip install --quiet $docs_requirements 2> >(grep -v "^WARNING: Location" >&2)
fi

# Examples run `python -m anywidget ...` and `jupyter ...` in shell cells: this environment's.
export PATH="$PWD/.venv/bin:$PATH"
rm -rf docs/_build
started=$SECONDS
sphinx-build -W --keep-going -j auto -b html docs docs/_build/html "$@"
built=$SECONDS
python -m pytest tests/docs -q -p no:cacheprovider
echo "docs: built in $((built - started)) s, checked in $((SECONDS - built)) s"
