#!/usr/bin/env bash
# Install everything the tests need (Python packages into the virtual environment .venv, which
# scripts/run.sh shares; Debian's chromium and CJK fonts through apt), then lint and run the whole
# suite, browser tests included. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

wb_venv_setup
wb_venv_require requirements-dev.txt

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# promptfoo from the npm registry for tests/checks/test_promptfoo_real.py (needs npm; installed
# again only when tests/promptfoo/package-lock.json changes; its install scripts are not needed).
pf=tests/promptfoo
if command -v npm >/dev/null 2>&1 && [ -f "$pf/package-lock.json" ] \
    && ! cmp -s "$pf/package-lock.json" "$pf/node_modules/.installed-lock.json"; then
    npm ci --prefix "$pf" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    cp "$pf/package-lock.json" "$pf/node_modules/.installed-lock.json"
fi

"$WB_PY" -m ruff check .
"$WB_PY" -m ruff format --check .
"$WB_PY" -m pytest "$@"
