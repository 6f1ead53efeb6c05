"""The suite's demo data stays outside the product: no demo model, no demo method on a
business model, and importing the addons (as a server without demo data does) loads no
demo code. tests/check_demo_outside.py checks a whole install without demo data."""

import subprocess
import sys

from odoo.tests import TransactionCase, tagged

import odoo.addons

SUITE = ("dealer_profile", "network_audit", "order_tracking", "cx_cases")

IMPORT_SCRIPT = """
import sys
from odoo.tools import config
config.parse_config(["--addons-path=%(addons_path)s"])
from odoo.modules.module import initialize_sys_path
initialize_sys_path()
import importlib
for addon in %(suite)r:
    importlib.import_module("odoo.addons." + addon)
print(sorted(n for n in sys.modules
             if n.startswith(tuple("odoo.addons.%%s.demo" %% a for a in %(suite)r))))
"""


@tagged("post_install", "-at_install")
class TestDemoOutside(TransactionCase):
    def test_no_demo_model(self):
        for name in ("cx.cases.demo", "vehicle.order.demo"):
            self.assertNotIn(name, self.env.registry)

    def test_no_demo_method_on_business_models(self):
        """No model of the suite carries a ``_demo_*`` method a ``<function>`` could
        call: the generators are plain Python under each addon's demo/."""
        found = []
        for name in self.env.registry:
            cls = type(self.env[name])
            found += [
                f"{name}.{attr}" for klass in cls.__mro__
                if getattr(klass, "_module", None) in SUITE
                for attr in vars(klass) if attr.startswith("_demo")
            ]
        self.assertEqual(found, [])

    def test_importing_the_addons_loads_no_demo_code(self):
        """What a server imports for the four addons: their demo packages are not among
        it (only the post-install hook imports them, when demo data is installed)."""
        script = IMPORT_SCRIPT % {"addons_path": ",".join(odoo.addons.__path__),
                                  "suite": SUITE}
        result = subprocess.run([sys.executable, "-c", script], capture_output=True,
                                text=True, timeout=300, check=False)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertEqual(result.stdout.strip().splitlines()[-1], "[]")
