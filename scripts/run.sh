#!/usr/bin/env bash
# The README's first command: make or reuse the virtual environment .venv, install
# requirements.txt into it when that file changed, and start the workbench from it.
# Extra arguments go to `streamlit run` (e.g. --server.port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

wb_venv_setup
wb_venv_require requirements.txt
exec "$WB_PY" -m streamlit run app.py "$@"
