"""19.0.1.1.0: indexes that a feed paid for and no lookup needed are dropped.

The events' order and source system are the leading columns of their unique indexes
((order_id, status_id) and (source_system, external_id)), the order's VIN has the index of
its unique constraint: the single-column indexes served no lookup the others do not, and
every event a feed stores or changes, every order it moves, updated them as well. The
order's status, phase and customer-update flag change with every batch: indexed, they
made each order's update write an entry in all the table's indexes (no HOT update).
Odoo keeps an index a field no longer declares: this update drops them. The orders'
table gets a fill factor (``vehicle.order.init``) for new pages; a ``VACUUM FULL
vehicle_order`` in a maintenance window gives the existing pages their room at once.
"""

from odoo.tools import sql

OBSOLETE_INDEXES = {
    "vehicle_order_event__order_id_index": "vehicle_order_event",
    "vehicle_order_event__source_system_index": "vehicle_order_event",
    "vehicle_order__vin_index": "vehicle_order",
    "vehicle_order__status_id_index": "vehicle_order",
    "vehicle_order__phase_index": "vehicle_order",
    "vehicle_order__customer_update_due_index": "vehicle_order",
}


def migrate(cr, version):
    if not version:
        return
    for index, table in OBSOLETE_INDEXES.items():
        sql.drop_index(cr, index, table)
