# make test   : set-up (scripts/setup-odoo.sh: Odoo 19 in a virtualenv, Chromium, wkhtmltopdf),
#               lint, a fresh database with every addon installed (demo data included) and
#               Odoo's test runner on the suite's tests; prints "N passed, N failed".
# make lint   : ruff and pylint-odoo's mandatory checks only.
# make run    : set-up, then a local Odoo with the suite and its demo data on port 8069.
# make setup  : the set-up alone. ODOO_SRC=<Odoo 19.0 source tree or archive> chooses the source.
ADDONS ?= dealer_profile,network_audit,order_tracking,cx_cases
DB ?= oem_retail_suite
# Every target runs with the virtualenv's bin first on the PATH (python3, odoo, ruff, pylint).
WITH_VENV = bin=$$(scripts/setup-odoo.sh) && PATH="$$bin:$$PATH"

.PHONY: test lint run setup
setup:
	scripts/setup-odoo.sh

test:
	@$(WITH_VENV) ADDONS=$(ADDONS) scripts/test.sh

lint:
	@$(WITH_VENV) scripts/lint.sh

run:
	@$(WITH_VENV) && odoo -c config/odoo-test.conf \
	    --addons-path=$(CURDIR)/addons,$$(python3 -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))') \
	    -d $(DB) -i $(ADDONS) --with-demo --http-port=8069 --max-cron-threads=1
