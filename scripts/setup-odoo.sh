#!/usr/bin/env bash
# Install Odoo 19.0 Community from a source tree, plus what the suite's tests need.
#   ODOO_SRC=/path/to/odoo-19.0 scripts/setup-odoo.sh
# Idempotent: it does nothing that is already done. On Python 3.11 Odoo's own pins for 3.11
# include packages that no longer build, while its pins for Python >= 3.12 install cleanly on
# 3.11: the requirements are evaluated as for 3.12.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
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
command -v pdftoppm >/dev/null || need_deb+=(poppler-utils)
if [ ${#need_deb[@]} -gt 0 ]; then
    echo "== apt-get install ${need_deb[*]}"
    apt_install "${need_deb[@]}"
fi

if python3 -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; then
    echo "== Odoo 19 already importable: $(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__path__[0]))')"
else
    : "${ODOO_SRC:?Set ODOO_SRC to an Odoo 19.0 Community source tree}"
    [ -f "$ODOO_SRC/odoo/release.py" ] || { echo "ODOO_SRC=$ODOO_SRC is not an Odoo source tree" >&2; exit 1; }
    echo "== pip install Odoo's requirements (pins for Python >= 3.12)"
    pip install -q --upgrade pip setuptools wheel packaging
    reqs=$(mktemp)
    python3 - "$ODOO_SRC/requirements.txt" >"$reqs" <<'PY'
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
    pip install -q -r "$reqs"
    rm -f "$reqs"
    echo "== pip install --no-deps -e $ODOO_SRC"
    pip install -q --no-deps -e "$ODOO_SRC"
fi
echo "== pip install -r requirements.txt"
pip install -q -r requirements.txt
python3 -c 'import odoo.release as r; print("Odoo", r.version)'
