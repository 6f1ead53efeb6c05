#!/usr/bin/env bash
# ruff (style, bugs, imports, complexity) and pylint-odoo's mandatory checks.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff"
ruff check addons tests scripts
echo "== pylint-odoo (mandatory checks)"
python3 -m pylint --rcfile=.pylintrc addons/*/
echo "lint: ok"
