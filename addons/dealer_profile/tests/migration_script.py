"""The suite's migration scripts, loaded as Python modules so that a test runs their
functions on data it built (Odoo runs them only on a module update)."""

import importlib.util

from odoo.tools import file_path


def load_migration(module, version, script="post-migrate.py"):
    """``<module>/migrations/<version>/<script>`` as a Python module."""
    path = file_path(f"{module}/migrations/{version}/{script}")
    name = f"{module}_{version}_{script}".replace(".", "_").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration
