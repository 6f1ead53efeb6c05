from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.vehicle_order_lead_time import percentile
from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestPercentile(TransactionCase):

    def test_percentile_linear_interpolation(self):
        self.assertEqual(percentile([6], 50), 6)
        self.assertEqual(percentile([1, 2, 3, 4], 50), 2.5)
        self.assertAlmostEqual(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9.1)
        self.assertEqual(percentile([10, 1, 5], 50), 5)
        self.assertIsNone(percentile([], 50))


@tagged("post_install", "-at_install")
class TestLeadTimeForecast(OrderTrackingCommon):
    """Five delivered orders whose leg 'at the port of arrival -> on its way to the dealer'
    took 2, 4, 6, 8, 30 days (median 6, p90 21.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        codes = cls.env["vehicle.order.status"].search([("customer_visible", "=", True)])
        cls.legs = dict(zip(codes.mapped("code")[:-1], codes.mapped("code")[1:], strict=True))
        start = cls.today - timedelta(days=200)
        cls.delivered = cls.env["vehicle.order"]
        for n, port_leg in enumerate((2, 4, 6, 8, 30)):
            order = cls._create_order(f"T-DELIVERED-{n}", cls.customer_2, cls.outlet_a,
                                      order_date=start - timedelta(days=30))
            day = start
            for code in codes.mapped("code"):
                cls._event(order, code, actual_date=day)
                day += timedelta(days=port_leg if code == "D002" else 3)
            cls.delivered |= order
        cls.lead_times = cls.env["vehicle.order.lead.time"]._cron_learn(cls.delivered)

    def _leg(self, from_code):
        return self.lead_times.filtered(lambda lt: lt.from_status_id.code == from_code)

    def test_delivered_orders_are_delivered(self):
        self.assertEqual(set(self.delivered.mapped("state")), {"delivered"})

    def test_median_and_p90_per_leg(self):
        port = self._leg("D002")
        self.assertEqual(port.to_status_id.code, "D003")
        self.assertEqual(port.sample_count, 5)
        self.assertEqual(port.median_days, 6)
        self.assertAlmostEqual(port.p90_days, 21.2, places=1)
        other = self._leg("V336")
        self.assertEqual(other.to_status_id.code, "D002")

    def test_forecast_from_current_step(self):
        self._event(self.order_1, "D002", actual_date=self._days(-1))
        median_date, p90_date, legs = self.env["vehicle.order.lead.time"]._forecast(self.order_1)
        # D002->D003, D003->O400, O400->V900, V900->V999
        self.assertEqual([leg.from_status_id.code for leg in legs],
                         ["D002", "D003", "O400", "V900"])
        expected = round(sum(leg.median_days for leg in legs))
        self.assertEqual(median_date, max(self._days(-1 + expected), self.today))
        self.assertGreaterEqual(p90_date, median_date)
        self.assertEqual(self.order_1.forecast_date, median_date)

    def test_forecast_shown_on_portal_when_factory_date_passed(self):
        self._event(self.order_1, "D002", actual_date=self._days(-1))
        self._event(self.order_1, "V999", expected_date=self._days(-2))
        forecast = self.order_1._portal_forecast()
        self.assertTrue(forecast["replaces_factory_date"])
        self.assertIn("Arrived in your country → On its way to your dealer: usually",
                      forecast["legs"][0])

    def test_no_forecast_contradicting_factory_date(self):
        """A factory date beyond our range ("expected 29 Dec" beside "at the latest
        28 Dec") stands alone until it has passed; a delivered car has no forecast."""
        self._event(self.order_1, "D002", actual_date=self._days(-1))
        _median, p90_date, _legs = self.env["vehicle.order.lead.time"]._forecast(self.order_1)
        self._event(self.order_1, "V999", expected_date=p90_date + (self._days(1) - self._days(0)))
        self.assertIsNone(self.order_1._portal_forecast())
        self._event(self.order_1, "V999", expected_date=p90_date)
        self.assertTrue(self.order_1._portal_forecast(), "within our range: shown")
        self.assertIsNone(self.delivered[:1]._portal_forecast())

    def test_no_forecast_without_learned_legs(self):
        self.env["vehicle.order.lead.time"].search([]).unlink()
        self._event(self.order_1, "D002", actual_date=self._days(-1))
        self.assertIsNone(self.env["vehicle.order.lead.time"]._forecast(self.order_1))


@tagged("post_install", "-at_install")
class TestBeforeHandover(OrderTrackingCommon):

    def _task(self, order, kind):
        return order.task_ids.filtered(lambda t: t.kind == kind)

    def test_new_order_gets_its_to_do_list(self):
        self.assertEqual(
            self.order_1.task_ids.mapped("kind"),
            ["registration", "payment", "insurance", "trade_in", "handover_slot"],
        )
        self.assertEqual(self.order_1.open_task_count, 5)

    def test_answers_are_validated(self):
        registration = self._task(self.order_1, "registration")
        with self.assertRaises(ValidationError):
            registration._portal_submit({"answer": "x"})
        registration._portal_submit({"answer": "Emma de Vries, Keizersgracht 1, Amsterdam"})
        self.assertEqual(registration.state, "done")
        payment = self._task(self.order_1, "payment")
        with self.assertRaises(ValidationError):
            payment._portal_submit({"payment_method": "bitcoin"})
        payment._portal_submit({"payment_method": "leasing"})
        self.assertEqual(payment.payment_method, "leasing")
        trade_in = self._task(self.order_1, "trade_in")
        trade_in._portal_submit({"not_needed": "1"})
        self.assertEqual(trade_in.state, "not_needed")
        with self.assertRaises(ValidationError):
            self._task(self.order_1, "insurance")._portal_submit({"answer": "\x00" * 5})

    def test_handover_slot_from_outlet_free_times(self):
        task = self._task(self.order_1, "handover_slot")
        early = self._free_slots(self.order_1)[0]
        with self.assertRaises(ValidationError):  # ETA unknown: too early to book
            task._portal_submit({"slot": early.strftime("%Y-%m-%d %H:%M:%S")})
        for order in (self.order_1, self.order_2):
            self._event(order, "V999", expected_date=self._days(10))
        slots = self._free_slots(self.order_1)
        self.assertGreaterEqual(slots[0].date(), self._days(10))
        self.assertTrue(slots)
        # Outlet A opens 9-12 and 13-18 on weekdays (dealer_profile's test calendar).
        self.assertEqual(len({s.date() for s in slots}) * 8, len(slots))
        task._portal_submit({"slot": slots[0].strftime("%Y-%m-%d %H:%M:%S")})
        self.assertEqual(self.order_1.handover_datetime, slots[0])
        self.assertNotIn(slots[0], self._free_slots(self.order_2))
        with self.assertRaises(ValidationError):
            self._task(self.order_2, "handover_slot")._portal_submit(
                {"slot": slots[0].strftime("%Y-%m-%d %H:%M:%S")})
        with self.assertRaises(ValidationError):
            self._task(self.order_2, "handover_slot")._portal_submit({"slot": "tomorrow"})

    def test_handover_slots_skip_public_holidays(self):
        """The slots follow the suite's working-time clock: a public holiday of the
        outlet's calendar takes that day's slots away, and only those."""
        self._event(self.order_1, "V999", expected_date=self._days(10))
        slots = self.env["vehicle.order.task"]._free_handover_slots(self.order_1)
        first_day = [slot for slot in slots if slot.date() == slots[0].date()]
        self.env["resource.calendar.leaves"].create({
            "name": "Test outlet holiday", "calendar_id": self.calendar_a.id,
            "date_from": first_day[0], "date_to": first_day[-1] + timedelta(hours=1),
            "resource_id": False, "time_type": "leave",
        })
        after = self.env["vehicle.order.task"]._free_handover_slots(self.order_1)
        self.assertFalse(set(first_day) & set(after))
        self.assertEqual(set(slots) - set(after), set(first_day))

    def test_blocked_when_delivery_phase_with_open_tasks(self):
        self.assertFalse(self.order_1.is_blocked)
        self._event(self.order_1, "V900", actual_date=self._days(-1))
        self.assertTrue(self.order_1.is_blocked)
        self.assertIn(self.order_1, self.env["vehicle.order"].search([("is_blocked", "=", True)]))
        for task in self.order_1.task_ids:
            task.write({"state": "done"})
        self.assertFalse(self.order_1.is_blocked)

    def test_reminder_emails_once_in_a_while(self):
        self._event(self.order_1, "V900", actual_date=self._days(-1))
        reminded = self.env["vehicle.order"]._cron_remind_tasks()
        self.assertIn(self.order_1, reminded)
        self.assertNotIn(self.order_2, reminded)
        self.assertNotIn(self.order_1, self.env["vehicle.order"]._cron_remind_tasks())
        mail = self.env["mail.mail"].search([
            ("recipient_ids", "in", self.customer_1.partner_id.ids),
            ("subject", "like", "a few things to do"),
        ])
        self.assertEqual(len(mail), 1)
        self.assertIn("Book your handover", mail.body_html)

    def test_closed_order_refuses_answers(self):
        self.order_1.action_cancel()
        with self.assertRaises(UserError):
            self._task(self.order_1, "registration")._portal_submit({"answer": "Emma de Vries"})
