#!/usr/bin/env bash
# Installs everything into .venv and opens the counter demo notebook in JupyterLab.
# Usage: scripts/demo.sh [--dry-run | --no-install] [more `jupyter lab` options, e.g. --port=9999]
#   --dry-run     print the server command this machine gets; install and start nothing
#   --no-install  start the server from the existing .venv, skipping the install
set -euo pipefail
cd "$(dirname "$0")/.."

mode=install
case "${1:-}" in
  --dry-run) mode=dry-run; shift ;;
  --no-install) mode=start; shift ;;
esac

command=(.venv/bin/jupyter lab examples/counter.ipynb)
# Jupyter refuses to start as root unless told to; containers often run everything as root.
if [ "$(id -u)" -eq 0 ]; then
  command+=(--allow-root)
fi
# Without a display (a container, an ssh session) there is no browser to open: the URL is printed.
if [ "$(uname -s)" != Darwin ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  command+=(--no-browser)
fi
command+=("$@")

if [ "$mode" = dry-run ]; then
  printf '%s\n' "${command[*]}"
  exit 0
fi
if [ "$mode" = install ]; then
  bash scripts/setup.sh ".[test]"
fi
echo "Starting JupyterLab: open the URL it prints below (http://localhost:8888/lab?token=...), then"
echo "examples/counter.ipynb in its file browser if it is not open already. Ctrl-C stops it."
exec "${command[@]}"
