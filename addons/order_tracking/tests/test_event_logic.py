from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestEventLogic(OrderTrackingCommon):

    def _events(self, order):
        return self.env["vehicle.order.event"].search([("order_id", "=", order.id)])

    def test_event_moves_status_and_customer_step(self):
        result = self._event(self.order_1, "V260", actual_date=self._days(-3))
        self.assertEqual(result["verdict"], "accepted")
        self.assertEqual(self.order_1.status_id, self.statuses["V260"])
        self.assertEqual(self.order_1.customer_status_id, self.statuses["V260"])
        self.assertEqual(self.order_1.status_date, self._days(-3))
        self.assertEqual(self.order_1.phase, "production")

    def test_same_order_and_status_updates_never_adds(self):
        first = self._event(self.order_1, "V336", expected_date=self._days(10))
        second = self._event(self.order_1, "V336", expected_date=self._days(12))
        self.assertEqual(first["event_id"], second["event_id"])
        self.assertEqual(second["verdict"], "accepted")
        event = self._events(self.order_1)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.expected_date, self._days(12))

    def test_repeated_event_is_a_duplicate(self):
        vals = {"expected_date": self._days(10), "external_id": "MSG-1"}
        self.assertEqual(self._event(self.order_1, "V336", **vals)["verdict"], "accepted")
        self.assertEqual(self._event(self.order_1, "V336", **vals)["verdict"], "duplicate")
        self.assertEqual(len(self._events(self.order_1)), 1)

    def test_external_id_of_another_event_is_rejected(self):
        self._event(self.order_1, "V336", expected_date=self._days(10), external_id="MSG-1")
        result = self._event(self.order_1, "D002", expected_date=self._days(20),
                             external_id="MSG-1")
        self.assertEqual(result["verdict"], "rejected")
        self.assertIn("MSG-1", result["reason"])
        self.assertEqual(len(self._events(self.order_1)), 1)

    def test_same_external_id_from_two_sources_are_two_events(self):
        self._event(self.order_1, "V336", expected_date=self._days(10), external_id="42",
                    source_system="FACTORY")
        result = self._event(self.order_1, "D002", expected_date=self._days(20),
                             external_id="42", source_system="SHIPPING")
        self.assertEqual(result["verdict"], "accepted")
        self.assertEqual(len(self._events(self.order_1)), 2)

    def test_out_of_order_event_never_moves_status_back(self):
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self._event(self.order_1, "V300", actual_date=self._days(-20))
        self.assertEqual(self.order_1.status_id, self.statuses["V336"])
        self.assertEqual(self.order_1.status_date, self._days(-1))
        self.assertEqual(len(self._events(self.order_1)), 2)

    def test_out_of_order_arrival_reaches_furthest_step(self):
        """Events of steps 1, 3, 2 arriving in that order end on step 3."""
        for code, day in (("V260", -30), ("V334", -5), ("V300", -20)):
            self._event(self.order_1, code, actual_date=self._days(day))
        self.assertEqual(self.order_1.status_id, self.statuses["V334"])

    def test_internal_step_is_status_but_not_customer_step(self):
        self._event(self.order_1, "D003", actual_date=self._days(-4))
        self._event(self.order_1, "O100", actual_date=self._days(-2))
        self.assertEqual(self.order_1.status_id, self.statuses["O100"])
        self.assertEqual(self.order_1.customer_status_id, self.statuses["D003"])

    def test_eta_follows_latest_expected_date_of_handover_step(self):
        self._event(self.order_1, "V999", expected_date=self._days(40), source_system="OMS",
                    reason="production slot confirmed")
        self._event(self.order_1, "V999", expected_date=self._days(52), source_system="OMS",
                    reason="port congestion")
        self.assertEqual(self.order_1.eta_date, self._days(52))
        history = self.order_1.eta_change_ids.sorted("id")
        self.assertEqual(len(history), 2)
        self.assertRecordValues(history, [
            {"old_date": False, "new_date": self._days(40), "source": "OMS",
             "reason": "production slot confirmed", "shift_days": 0},
            {"old_date": self._days(40), "new_date": self._days(52), "source": "OMS",
             "reason": "port congestion", "shift_days": 12},
        ])
        self.assertTrue(history[1].changed_at)

    def test_eta_reason_kept_for_a_move_without_one(self):
        """The factory says why once; logistics' later move of the date says nothing:
        the customer (history, portal, mail) still reads the reason."""
        self._event(self.order_1, "V999", expected_date=self._days(40), reason="port congestion",
                    source_system="FACTORY")
        self._event(self.order_1, "V999", expected_date=self._days(47), source_system="LOGISTICS",
                    external_id="L-1")
        self.assertEqual(self.order_1.eta_reason, "port congestion")
        last = self.order_1.eta_change_ids.sorted("id")[-1]
        self.assertEqual((last.new_date, last.reason), (self._days(47), "port congestion"))
        history = self.order_1._portal_eta_history()
        self.assertEqual(history[0]["reason"], "port congestion")
        self._event(self.order_1, "V999", expected_date=self._days(45), reason="ship early")
        self.assertEqual(self.order_1.eta_reason, "ship early")

    def test_expected_date_of_other_step_does_not_move_eta(self):
        self._event(self.order_1, "V999", expected_date=self._days(40))
        self._event(self.order_1, "D002", expected_date=self._days(30))
        self.assertEqual(self.order_1.eta_date, self._days(40))
        self.assertEqual(len(self.order_1.eta_change_ids), 1)

    def test_unchanged_eta_adds_no_history(self):
        self._event(self.order_1, "V999", expected_date=self._days(40), planned_date=self._days(38))
        self._event(self.order_1, "V999", expected_date=self._days(40), planned_date=self._days(39))
        self.assertEqual(len(self.order_1.eta_change_ids), 1)

    def test_stale_message_never_overwrites_newer_one(self):
        self._event(self.order_1, "V999", expected_date=self._days(50),
                    message_date="2030-01-02 10:00:00")
        result = self._event(self.order_1, "V999", expected_date=self._days(40),
                             message_date="2030-01-01 10:00:00")
        self.assertEqual(result["verdict"], "duplicate")
        self.assertEqual(self.order_1.eta_date, self._days(50))

    def test_handover_actual_date_delivers(self):
        self._event(self.order_1, "V999", expected_date=self._days(-1))
        self._event(self.order_1, "V999", actual_date=self._days(-2))
        self.assertEqual(self.order_1.state, "delivered")
        self.assertEqual(self.order_1.delivery_date, self._days(-2))
        self.assertEqual(self.order_1.eta_date, self._days(-2))
        self.assertEqual(self.order_1.phase, "delivery")

    def test_delay_is_eta_minus_planned_handover(self):
        self._event(self.order_1, "V999", expected_date=self.order_1.planned_handover_date
                    + (self._days(9) - self._days(0)))
        self.assertEqual(self.order_1.delay_days, 9)
        self.assertTrue(self.order_1.is_delayed)
        self.assertIn(self.order_1, self.env["vehicle.order"].search([("is_delayed", "=", True)]))

    def test_location_follows_furthest_step(self):
        port = self.env["vehicle.order.location"].create({
            "name": "Test Port", "code": "tport", "kind": "port",
            "latitude": 51.33, "longitude": 3.2,
        })
        self._event(self.order_1, "V335", actual_date=self._days(-1), location_id=port.id)
        self.assertEqual(self.order_1.current_location_id, port)
        self.assertTrue(port.map_url.startswith("https://www.openstreetmap.org/"))
        self.assertEqual(port.code, "TPORT")

    def test_staff_create_and_import_use_the_same_upsert(self):
        """ORM create (UI, CSV import) of an existing order+status updates it."""
        Event = self.env["vehicle.order.event"].with_user(self.desk_a)
        first = Event.create({"order_id": self.order_1.id, "status_id": self.statuses["V999"].id,
                              "expected_date": self._days(30)})
        second = Event.create({"order_id": self.order_1.id,
                               "status_id": self.statuses["V999"].id,
                               "expected_date": self._days(33), "reason": "weather"})
        self.assertEqual(first, second)
        self.assertEqual(self.order_1.eta_date, self._days(33))
        self.assertEqual(self.order_1.eta_change_ids[:1].source, "manual")

    def test_csv_import_with_codes(self):
        Event = self.env["vehicle.order.event"].with_user(self.desk_a)
        result = Event.load(
            ["order_id", "status_id", "actual_date", "expected_date", "source_system",
             "external_id"],
            [
                ["T-ORDER-0001", "V300", "2026-01-10", "", "CSV", "C-1"],
                ["T-ORDER-0001", "V999", "", self._days(45).isoformat(), "CSV", "C-2"],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 2)
        self.assertEqual(self.order_1.status_id, self.statuses["V300"])
        self.assertEqual(self.order_1.eta_date, self._days(45))

    def test_event_fields_are_not_writable_by_hand(self):
        for field, value in (("status_id", self.statuses["V999"].id),
                             ("eta_date", self._days(1)),
                             ("customer_status_id", self.statuses["V300"].id)):
            with self.subTest(field=field), self.assertRaises(UserError):
                self.order_1.with_user(self.ot_manager).write({field: value})

    def test_delivered_state_only_from_handover_event(self):
        with self.assertRaises(UserError):
            self.order_1.with_user(self.ot_manager).write({"state": "delivered"})
        self.order_1.with_user(self.desk_a).action_cancel()
        self.assertEqual(self.order_1.state, "cancelled")
        self.order_1.with_user(self.desk_a).action_reopen()
        self.assertEqual(self.order_1.state, "open")

    def test_event_order_and_status_are_fixed(self):
        self._event(self.order_1, "V300", actual_date=self._days(-1))
        event = self._events(self.order_1)
        with self.assertRaises(UserError):
            event.write({"status_id": self.statuses["V334"].id})

    def test_event_dates_out_of_range(self):
        with self.assertRaises(ValidationError):
            self.env["vehicle.order.event"].create({
                "order_id": self.order_1.id, "status_id": self.statuses["V300"].id,
                "expected_date": "2150-01-01",
            })

    def test_order_with_events_cannot_be_deleted(self):
        self._event(self.order_1, "V300", actual_date=self._days(-1))
        with self.assertRaises(UserError):
            self.order_1.with_user(self.ot_manager).unlink()


@tagged("post_install", "-at_install")
class TestCatalogueCodes(OrderTrackingCommon):
    def test_codes_stored_trimmed_and_upper_case(self):
        """Statuses and locations are matched on the code systems send: normalized on
        create and on write."""
        status = self.env["vehicle.order.status"].create({
            "code": " x777 ", "name": "Test step", "customer_label": "Test step",
        })
        location = self.env["vehicle.order.location"].create({
            "code": " cmp-x ", "name": "Test compound",
        })
        self.assertEqual((status.code, location.code), ("X777", "CMP-X"))
        status.write({"code": "x778 "})
        location.write({"code": "cmp-y"})
        self.assertEqual((status.code, location.code), ("X778", "CMP-Y"))
