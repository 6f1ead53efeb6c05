# make test   : lint + a fresh database with every addon installed (demo data included)
#               and Odoo's test runner on the suite's tests; prints "N passed, N failed".
# make lint   : ruff and pylint-odoo's mandatory checks only.
# make run    : start a local Odoo with the suite (native install of Odoo 19).
ADDONS ?= dealer_profile,network_audit,cx_cases

.PHONY: test lint run
test:
	ADDONS=$(ADDONS) scripts/test.sh

lint:
	scripts/lint.sh

run:
	odoo -c config/odoo-test.conf --addons-path=$(CURDIR)/addons,$$(python3 -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))') -d oem_retail_suite -i $(ADDONS) --with-demo --http-port=8069
