#!/usr/bin/env bash
# Set up everything `make test` and `make run` need on a machine that has Python 3.11+,
# PostgreSQL and apt, but no Odoo:
#   - Debian packages: build headers for python-ldap and psycopg2, chromium (tours),
#     wkhtmltopdf (PDF reports);
#   - a virtualenv (default ~/.cache/oem-retail-suite/odoo19-venv, outside the repository so
#     every clone shares it; ODOO_VENV to change) with Odoo 19.0 Community installed from
#       ODOO_SRC = an Odoo 19.0 source tree or a .tar.gz/.zip source archive, else
#       the Odoo already importable by python3 on this machine, else
#       Odoo's official nightly source archive (ODOO_NIGHTLY_URL);
#   - the suite's requirements.txt in that virtualenv.
# ODOO_USE_SYSTEM=1 skips all of it and uses the Odoo importable by python3 (Docker image).
# Idempotent and quick when everything is there. Prints the virtualenv's bin directory last.
# Odoo's requirement pins for Python 3.11 include packages that no longer build; its pins for
# Python >= 3.12 install cleanly on 3.11, so the requirements are evaluated as for 3.12.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/oem-retail-suite
VENV=${ODOO_VENV:-$CACHE/odoo19-venv}
NIGHTLY=${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
PYTHON=${PYTHON:-python3}
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
log() { echo "== setup: $*" >&2; }
# pip's chatter goes to a log, shown only when pip fails.
pip_q() {
    mkdir -p "$CACHE"
    "$VENV/bin/pip" install -q "$@" >"$CACHE/pip.log" 2>&1 || { cat "$CACHE/pip.log" >&2; exit 1; }
}

apt_updated=
apt_install() {
    [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null && apt_updated=1; }
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need_deb=()
for pkg in libldap2-dev libsasl2-dev libpq-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_deb+=("$pkg")
done
command -v chromium >/dev/null || need_deb+=(chromium)
command -v wkhtmltopdf >/dev/null || need_deb+=(wkhtmltopdf)
if [ ${#need_deb[@]} -gt 0 ]; then
    log "apt-get install ${need_deb[*]}"
    if [ "$(id -u)" = 0 ]; then apt_install "${need_deb[@]}"; else sudo -n true 2>/dev/null && \
        { sudo apt-get update -qq && sudo apt-get install -y -qq "${need_deb[@]}"; } >/dev/null || \
        { echo "Install these Debian packages first: ${need_deb[*]}" >&2; exit 1; }; fi
fi

odoo_ok() { "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; }

# The source of Odoo to install, as a directory.
resolve_src() {
    local src=${ODOO_SRC:-}
    if [ -z "$src" ] && odoo_ok "$PYTHON"; then
        src=$("$PYTHON" -c 'import odoo, os; print(os.path.dirname(odoo.__path__[0]))')
        log "using the Odoo 19 source already installed for $PYTHON: $src"
    fi
    if [ -z "$src" ]; then
        mkdir -p "$CACHE"
        log "downloading Odoo's nightly source archive $NIGHTLY"
        curl -fSL --retry 3 -o "$CACHE/odoo-nightly.tar.gz" "$NIGHTLY" >&2 || {
            echo "Could not download $NIGHTLY: set ODOO_SRC to an Odoo 19.0 source tree or archive." >&2
            exit 1; }
        src=$CACHE/odoo-nightly.tar.gz
    fi
    if [ -f "$src" ]; then
        local dest=$CACHE/odoo-src
        log "extracting $src into $dest"
        rm -rf "$dest" && mkdir -p "$dest"
        case "$src" in
            *.zip) (cd "$dest" && unzip -q "$src") ;;
            *) tar -xf "$src" -C "$dest" ;;
        esac
        src=$(dirname "$(find "$dest" -maxdepth 3 -path '*/odoo/release.py' | head -1)")
        src=$(dirname "$src")
    fi
    [ -f "$src/odoo/release.py" ] || { echo "ODOO_SRC=$src is not an Odoo source tree" >&2; exit 1; }
    echo "$src"
}

if [ -n "${ODOO_USE_SYSTEM:-}" ]; then
    # An image that ships Odoo (the official Docker image): use it as it is, no virtualenv.
    odoo_ok "$PYTHON" || { echo "ODOO_USE_SYSTEM is set but $PYTHON cannot import Odoo 19" >&2; exit 1; }
    log "using the system's Odoo ($PYTHON), ODOO_USE_SYSTEM is set"
    dirname "$(command -v "$PYTHON")"
    exit 0
fi

if ! odoo_ok "$VENV/bin/python"; then
    src=$(resolve_src)
    log "creating the virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
    pip_q --upgrade pip setuptools wheel packaging
    reqs=$(mktemp)
    "$VENV/bin/python" - "$src/requirements.txt" >"$reqs" <<'PY'
import sys
from packaging.requirements import Requirement
env = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": "linux",
       "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
       "platform_machine": "x86_64"}
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(env):
            req.marker = None
            print(req)
PY
    log "pip install Odoo's requirements (pins for Python >= 3.12)"
    pip_q -r "$reqs"
    rm -f "$reqs"
    log "pip install --no-deps -e $src"
    pip_q --no-deps -e "$src"
    odoo_ok "$VENV/bin/python" || { echo "Odoo 19 is still not importable in $VENV" >&2; exit 1; }
fi
stamp=$VENV/.suite-requirements
if ! cmp -s "$ROOT/requirements.txt" "$stamp"; then
    log "pip install -r requirements.txt"
    pip_q -r "$ROOT/requirements.txt"
    cp "$ROOT/requirements.txt" "$stamp"
fi
log "Odoo $("$VENV/bin/python" -c 'import odoo.release as r; print(r.version)') in $VENV"
echo "$VENV/bin"
