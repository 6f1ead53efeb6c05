from datetime import date, timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

FMT = "%Y-%m-%d %H:%M:%S"


@tagged("post_install", "-at_install")
class TestHandoverBookingRace(BaseCase):
    """Two customers of an outlet book the same free slot at the same moment. Each
    request runs in its own transaction, which reads the data as it began: the race
    needs two real transactions on committed data, so this test commits its own
    outlet and orders (deleted again by its cleanup) instead of using the test
    transaction."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            calendar = env["resource.calendar"].create({
                "name": "Test race hours", "tz": "UTC",
                "attendance_ids": [Command.clear()] + [
                    Command.create({
                        "name": f"Day {day}", "dayofweek": str(day), "day_period": "morning",
                        "hour_from": 9, "hour_to": 12,
                    })
                    for day in range(7)
                ],
            })
            outlet = env["dealer.outlet"].create({
                "name": "Test Race Outlet", "code": "TRACE1", "state": "active",
                "company_id": env.ref("base.main_company").id,
                "resource_calendar_id": calendar.id,
            })
            partners = env["res.partner"].create([
                {"name": "Test Race Customer 1"}, {"name": "Test Race Customer 2"},
            ])
            today = date.today()
            orders = env["vehicle.order"].create([{
                "name": f"T-RACE-{index}", "partner_id": partner.id, "outlet_id": outlet.id,
                "vehicle_model": "Aurora Polaris 4", "order_date": today - timedelta(days=60),
                "planned_handover_date": today + timedelta(days=10),
            } for index, partner in enumerate(partners)])
            # Expected within the booking horizon: handover slots are open (as superuser,
            # the factory's field is written like the event logic writes it).
            orders.write({"eta_date": today + timedelta(days=3)})
            self.ids = {
                "calendar": calendar.id, "outlet": outlet.id, "partners": partners.ids,
                "orders": orders.ids,
            }
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["vehicle.order"].browse(self.ids["orders"]).unlink()
            env["dealer.outlet"].browse(self.ids["outlet"]).unlink()
            env["res.partner"].browse(self.ids["partners"]).unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()

    def _slot_task(self, env, index):
        order = env["vehicle.order"].browse(self.ids["orders"][index])
        return order, order.task_ids.filtered(lambda t: t.kind == "handover_slot")

    def test_same_slot_booked_by_two_customers_at_once(self):
        """The second of two concurrent bookings of one slot is refused by PostgreSQL
        (Odoo replays its request, which then reads the slot taken): before, both
        orders got the same appointment at the outlet."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            order_a, task_a = self._slot_task(env_a, 0)
            order_b, task_b = self._slot_task(env_b, 1)
            # Customer 2's page, read before customer 1 books: the slot is free.
            slot = env_b["vehicle.order.task"]._free_handover_slots(order_b)[0]
            self.assertIn(slot, env_a["vehicle.order.task"]._free_handover_slots(order_a))
            task_a._portal_submit({"slot": slot.strftime(FMT)})
            env_a.flush_all()
            cr_a.commit()
            # Refused at the outlet's lock, before any write: no "bad query" ERROR in
            # the log (there was one for each race before).
            with self.assertNoLogs("odoo.sql_db", level="ERROR"), \
                    self.assertRaises(SerializationFailure):
                task_b._portal_submit({"slot": slot.strftime(FMT)})
                env_b.flush_all()
            cr_b.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["vehicle.order"].browse(self.ids["orders"])
            self.assertEqual(orders.mapped("handover_datetime"), [slot, False])
            # Replayed, customer 2's booking reads the slot taken.
            _order, task = self._slot_task(env, 1)
            self.assertNotIn(slot, env["vehicle.order.task"]._free_handover_slots(orders[1]))
            self.assertEqual(task.state, "todo")
