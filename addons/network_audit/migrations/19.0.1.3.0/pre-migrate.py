"""19.0.1.3.0: audits store whether some of their answers are shown or skipped by an
earlier answer (``has_conditional_lines``), so that changing one answer of an audit
without conditions does not load all its answers. Filled here in SQL, before the
update would compute it through the ORM for every audit."""

from odoo.addons.network_audit.tools.migration import fill_has_conditional_lines


def migrate(cr, version):
    if version:
        fill_has_conditional_lines(cr)
