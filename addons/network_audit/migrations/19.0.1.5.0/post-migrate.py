"""19.0.1.5.0: what an action item's Space manager was sent shows on their portal page."""

from odoo.addons.network_audit.tools.migration import show_dealer_messages_on_the_portal


def migrate(cr, version):
    if version:
        show_dealer_messages_on_the_portal(cr)
