"""19.0.1.2.0: csat is declared by cx_cases, the module that feeds it.

As in 19.0.1.1.0 (handover_on_time, test_drive_conversion): the record keeps its
values and only the owner of its XML id changes, so that cx_cases' declaration finds
it (a second KPI with the same code would be refused) and this update does not treat
it as removed.
"""

from odoo.addons.dealer_profile.tools.migration import hand_over_xmlids

MOVED = {
    "kpi_csat": "cx_cases",
}


def migrate(cr, version):
    if version:
        hand_over_xmlids(cr, MOVED)
