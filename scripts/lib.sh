# Shared helpers for scripts/run, scripts/test and .ci/run. Source it; do not execute it.
# shellcheck shell=bash

# Project root, whatever directory the caller was started from.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: install Debian packages when we are root and apt-get exists.
apt_install() {
    is_root && command -v apt-get >/dev/null 2>&1 || return 1
    say "apt-get install $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; then
        apt-get update -q >/dev/null || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null || return 1
    fi
}

# ensure_venv REQUIREMENTS_FILE: create .venv when missing, pip install the file when it changed
# since the last install (a hash stamp in .venv). FORCE_PIP=1 always reinstalls.
ensure_venv() {
    local req="$ROOT/$1" base="${PYTHON:-python3}" stamp hash
    [ -f "$req" ] || die "$req not found"
    if [ ! -x "$PY" ]; then
        command -v "$base" >/dev/null 2>&1 || die "$base not found: install Python 3.11 (or set PYTHON=/path/to/python3.11)"
        "$base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "$base is older than Python 3.11"
        say "creating $VENV"
        if ! "$base" -m venv "$VENV" 2>/dev/null; then
            # Debian's python3 ships without ensurepip; python3-venv provides it.
            rm -rf "$VENV"
            apt_install python3-venv || die "'$base -m venv' failed: install the python3-venv package"
            "$base" -m venv "$VENV" || die "'$base -m venv' failed"
        fi
        "$PY" -m pip install -q --upgrade pip
    fi
    # The stamp covers the file and everything it includes with -r (requirements-dev -> requirements).
    hash="$(cat "$ROOT"/requirements*.txt "$req" | sha256sum | cut -d' ' -f1)"
    stamp="$VENV/.installed-$(basename "$req")"
    if [ "${FORCE_PIP:-0}" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
        say "pip install -r $(basename "$req")"
        "$PY" -m pip install -q --disable-pip-version-check -r "$req"
        echo "$hash" > "$stamp"
    fi
}

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_port HOST PORT NAME [SECONDS]
wait_port() {
    local i
    for ((i = 0; i < ${4:-30}; i++)); do
        port_open "$1" "$2" && return 0
        sleep 1
    done
    die "$3 did not come up on $1:$2"
}
