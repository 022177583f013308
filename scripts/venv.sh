# shellcheck shell=bash
# Sourced by scripts/run.sh and scripts/test.sh (from the project root): make or reuse the
# project's virtual environment and install a requirements file into it only when that file
# changed since the last install. Nothing is ever installed outside the venv, so Debian's and
# Ubuntu's python3 (marked externally managed, PEP 668) work as well as any other.
#
#   PYTHON          the interpreter that creates the venv (default: python3 on PATH)
#   WORKBENCH_VENV  the venv directory (default: .venv in the project). The project's .venv is
#                   used even when another venv is active; set WORKBENCH_VENV="$VIRTUAL_ENV" to
#                   install into the active one instead.

WB_MIN_MINOR=11    # oldest supported Python 3 minor version (pyproject.toml: requires-python)
WB_MAX_MINOR=13    # newest one the requirements are checked on (README: Prerequisites)

wb_die() {
    printf '%s\n' "$@" >&2
    exit 1
}

# sudo, unless we are root already (as in CI and containers).
wb_sudo() {
    [ "$(id -u)" -eq 0 ] || printf 'sudo '
}

# Create (or re-create) $WB_VENV with ${PYTHON:-python3}, after checking that it is new enough
# and can make venvs. A directory that is not a venv is never removed.
wb_venv_create() {
    local py="${PYTHON:-python3}" ver major minor
    if ! command -v "$py" >/dev/null 2>&1; then
        wb_die "error: $py was not found; the workbench needs Python 3.$WB_MIN_MINOR or newer." \
            "On Debian or Ubuntu install it with:" \
            "    $(wb_sudo)apt-get install python3 python3-venv"
    fi
    ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" ||
        wb_die "error: $py does not run."
    major="${ver%%.*}"
    minor="${ver#*.}"
    if [ "$major" -ne 3 ] || [ "$minor" -lt "$WB_MIN_MINOR" ]; then
        wb_die "error: $py is Python $ver; the workbench needs Python 3.$WB_MIN_MINOR or newer." \
            "Choose another interpreter with PYTHON, e.g. PYTHON=python3.12 bash scripts/run.sh"
    fi
    if [ "$minor" -gt "$WB_MAX_MINOR" ]; then
        printf 'warning: Python %s is newer than the versions the workbench is checked on (3.%s to 3.%s); if installing fails, use PYTHON=python3.%s\n' \
            "$ver" "$WB_MIN_MINOR" "$WB_MAX_MINOR" "$WB_MAX_MINOR" >&2
    fi
    # Debian and Ubuntu ship venv's ensurepip in a separate package (python3.X-venv).
    if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        wb_die "error: $py (Python $ver) cannot create virtual environments: its ensurepip module is missing." \
            "Install it with:" \
            "    $(wb_sudo)apt-get install python$ver-venv"
    fi
    if [ -e "$WB_VENV" ]; then
        [ -f "$WB_VENV/pyvenv.cfg" ] ||
            wb_die "error: $WB_VENV exists but is not a virtual environment; move it away."
        echo "Re-creating the broken virtual environment $WB_VENV"
        rm -rf "$WB_VENV"
    fi
    echo "Creating the virtual environment $WB_VENV with $py (Python $ver)"
    if ! "$py" -m venv "$WB_VENV"; then
        rm -rf "$WB_VENV"
        wb_die "error: $py -m venv $WB_VENV failed (see above)."
    fi
}

# Make sure $WB_VENV holds a working interpreter, then put it first on PATH as activate would.
# Sets WB_VENV, WB_PY (the venv's python) and WB_PY_VERSION (its X.Y).
wb_venv_setup() {
    WB_VENV="${WORKBENCH_VENV:-$PWD/.venv}"
    if [ -n "${VIRTUAL_ENV:-}" ] && [ "$VIRTUAL_ENV" != "$WB_VENV" ]; then
        echo "note: using $WB_VENV, not the active $VIRTUAL_ENV (WORKBENCH_VENV=\"\$VIRTUAL_ENV\" would use that one)" >&2
    fi
    WB_PY="$WB_VENV/bin/python"
    if ! WB_PY_VERSION="$("$WB_PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"; then
        wb_venv_create
        WB_PY_VERSION="$("$WB_PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    fi
    export VIRTUAL_ENV="$WB_VENV"
    export PATH="$WB_VENV/bin:$PATH"
    unset PYTHONHOME
}

# The requirements files a file pulls in: itself and, recursively, its -r/-c lines.
# shellcheck disable=SC2094  # dirname only reads its argument
wb_requirement_files() {
    local file="$1" line
    local pattern='^[[:space:]]*(-r|--requirement|-c|--constraint)[[:space:]=]+([^[:space:]#]+)'
    printf '%s\n' "$file"
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line =~ $pattern ]]; then
            wb_requirement_files "$(dirname "$file")/${BASH_REMATCH[2]}"
        fi
    done <"$file"
}

# What an install of a requirements file depends on: the venv's Python version and the text of
# every file it pulls in. Stored in the venv after a successful install.
wb_install_key() {
    local file
    echo "python $WB_PY_VERSION"
    wb_requirement_files "$1" | while IFS= read -r file; do
        echo "== $(basename "$file")"
        cat "$file"
    done
}

wb_stamp() {
    echo "$WB_VENV/.workbench-installed-$(basename "$1")"
}

# Install a requirements file into the venv unless exactly it is installed already.
wb_venv_require() {
    local file="$1" stamp included
    stamp="$(wb_stamp "$file")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(wb_install_key "$file")" ]; then
        return 0
    fi
    if ! "$WB_PY" -m pip --version >/dev/null 2>&1; then
        # e.g. made by hand with `python3 -m venv` on a Debian without python3-venv: no pip.
        "$WB_PY" -m ensurepip >/dev/null 2>&1 ||
            wb_die "error: $WB_VENV has no pip and its Python cannot install one (no ensurepip)." \
                "Install it with:" \
                "    $(wb_sudo)apt-get install python$WB_PY_VERSION-venv"
    fi
    echo "Installing $file into $WB_VENV (the first time takes a few minutes)"
    "$WB_PY" -m pip install --quiet --disable-pip-version-check -r "$file"
    # Everything the file pulled in is installed now, so their own stamps are current too.
    wb_requirement_files "$file" | while IFS= read -r included; do
        wb_install_key "$included" >"$(wb_stamp "$included")"
    done
}
