#!/usr/bin/env python3
"""Check that the suite's demo data stays outside the product.

Installs the four addons into a fresh database, in this process, then prints and
asserts what the install imported and registered:

- without demo data (the default): no demo package of the suite (``<addon>.demo``) in
  ``sys.modules``, no demo model (``cx.cases.demo``, ``vehicle.order.demo``...) in the
  registry, no ``_demo_*`` method on the suite's models, no demo record;
- with ``--with-demo``: the generators did run (their packages are imported, the story
  is there: cases, audits, orders, the factory feed's key), so the first check is not
  vacuous. About five minutes on a laptop.

    python3 tests/check_demo_outside.py --db demo_outside            # without demo
    python3 tests/check_demo_outside.py --db demo_outside_demo --with-demo

The database is dropped and created first (``dropdb``/``createdb`` on the configured
PostgreSQL server); it bootstraps Odoo from ``config/odoo-test.conf`` like the benchmarks.
"""

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "odoo-test.conf"
ADDONS = ("dealer_profile", "network_audit", "order_tracking", "cx_cases")
DEMO_MODELS = ("cx.cases.demo", "vehicle.order.demo")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--with-demo", action="store_true")
    return parser.parse_args()


def suite_demo_modules():
    prefixes = tuple(f"odoo.addons.{addon}.demo" for addon in ADDONS)
    return sorted(name for name in sys.modules if name.startswith(prefixes))


def install(db, with_demo):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    import odoo.addons.base  # noqa: PLC0415

    core = Path(odoo.addons.base.__file__).resolve().parent.parent
    config.parse_config(["-c", str(CONFIG), f"--addons-path={REPO / 'addons'},{core}",
                         "-d", db, "--http-port", "0"])
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(["createdb", db], check=True)
    return Registry.new(db, update_module=True, install_modules=ADDONS,
                        new_db_demo=with_demo)


def demo_methods(env):
    """Suite models carrying a ``_demo_*`` method."""
    found = []
    for name in env.registry:
        cls = type(env[name])
        for attr in dir(cls):
            if attr.startswith("_demo") and any(
                getattr(klass, "_module", None) in ADDONS
                and attr in vars(klass) for klass in cls.__mro__
            ):
                found.append(f"{name}.{attr}")
    return sorted(found)


def main():
    args = parse_args()
    before = suite_demo_modules()
    registry = install(args.db, args.with_demo)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        modules = suite_demo_modules()
        models = [name for name in DEMO_MODELS if name in registry]
        methods = demo_methods(env)
        counts = {
            "cx.case": env["cx.case"].search_count([]),
            "network.audit (conducted)": env["network.audit"].search_count(
                [("state", "!=", "planned")]),
            "vehicle.order": env["vehicle.order"].search_count([]),
            "cx.test.drive": env["cx.test.drive"].search_count([]),
            "demo factory key": int(bool(env["ir.config_parameter"].get_param(
                "order_tracking.demo_factory_feed_key"))),
        }
        demo_flags = dict(env["ir.module.module"].search(
            [("name", "in", ADDONS)]).mapped(lambda m: (m.name, m.demo)))
    print(f"demo flags: {demo_flags}")
    print(f"suite demo packages imported before install: {before}")
    print(f"suite demo packages imported by the install: {modules}")
    print(f"demo models in the registry: {models}")
    print(f"_demo_* methods on suite models: {methods}")
    print(f"records: {counts}")
    assert not before
    assert not models, models
    assert not methods, methods
    if args.with_demo:
        assert all(demo_flags.values()), demo_flags
        assert len(modules) >= len(ADDONS), modules
        assert all(counts.values()), counts
    else:
        assert not any(demo_flags.values()), demo_flags
        assert not modules, modules
        assert not any(counts.values()), counts
    print("check_demo_outside: ok")


if __name__ == "__main__":
    main()
