"""19.0.1.1.0: each KPI is declared by the module that feeds it.

handover_on_time moved to order_tracking and test_drive_conversion to cx_cases. Their
records keep their values: only the owner of their XML id changes, so that the new
declarations find them (a second KPI with the same code would be refused) and this
update does not treat them as removed.
"""

from odoo.addons.dealer_profile.tools.migration import hand_over_xmlids

MOVED = {
    "kpi_handover_on_time": "order_tracking",
    "kpi_test_drive_conversion": "cx_cases",
}


def migrate(cr, version):
    if version:
        hand_over_xmlids(cr, MOVED)
