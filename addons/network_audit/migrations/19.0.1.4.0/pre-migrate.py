"""19.0.1.4.0: the demo standards' answer options and the demo programs' sections are
records of their own, with xml ids, so that their names are translated: those an
existing database made from the former inline demo data are given these ids before
the demo files are read."""

from odoo.addons.network_audit.tools.migration import name_demo_children


def migrate(cr, version):
    if version:
        name_demo_children(cr)
