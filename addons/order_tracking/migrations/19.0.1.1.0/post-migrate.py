"""19.0.1.1.0: indexes that only repeated another are dropped.

The events' order and source system are the leading columns of their unique indexes
((order_id, status_id) and (source_system, external_id)), the order's VIN has the index of
its unique constraint: the single-column indexes served no lookup the others do not, and
every event a feed stores or changes, every order it moves, updated them as well. Odoo
keeps an index a field no longer declares: this update drops them.
"""

from odoo.tools import sql

OBSOLETE_INDEXES = {
    "vehicle_order_event__order_id_index": "vehicle_order_event",
    "vehicle_order_event__source_system_index": "vehicle_order_event",
    "vehicle_order__vin_index": "vehicle_order",
}


def migrate(cr, version):
    if not version:
        return
    for index, table in OBSOLETE_INDEXES.items():
        sql.drop_index(cr, index, table)
