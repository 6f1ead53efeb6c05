"""19.0.1.4.0: an answer's section name and an action item's text are translated (the
section's name, the standard's title in every language, copied when they are made),
and skipped standards no longer count in an audit's answered share."""

from odoo.addons.network_audit.tools.migration import (
    copy_section_names,
    copy_standard_titles,
    recount_without_skipped,
)


def migrate(cr, version):
    if version:
        copy_section_names(cr)
        copy_standard_titles(cr)
        recount_without_skipped(cr)
