from datetime import datetime, time, timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import UserError
from odoo.http import Request
from odoo.tests import HttpCase, freeze_time, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import OrderTrackingCommon

FMT = "%Y-%m-%d %H:%M:%S"


class HandoverCommon(OrderTrackingCommon):
    """Order 1 of customer 1 expected in five days at outlet A (opening hours): its
    handover slots are open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._event(cls.order_1, "V999", expected_date=cls.today + timedelta(days=5))
        cls.slot_task = cls.order_1.task_ids.filtered(lambda t: t.kind == "handover_slot")
        cls.slots = cls._free_slots(cls.order_1)

    def _book(self, slot):
        self.slot_task._portal_submit({"slot": slot.strftime(FMT)})

    def _chatter(self, order):
        return " ".join(order.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestHandoverRescheduleCancel(HandoverCommon, HttpCase):

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data},
                             allow_redirects=False)

    def _cancel_url(self):
        return f"/my/orders/{self.order_1.id}/handover/cancel"

    def _task_url(self):
        return f"/my/orders/{self.order_1.id}/tasks/{self.slot_task.id}"

    def test_customer_reschedules_over_http(self):
        self._book(self.slots[0])
        self._login(self.customer_1)
        page = self.url_open(f"/my/orders/{self.order_1.id}").text
        self.assertIn("o_vehicle_handover_reschedule", page)
        self.assertNotIn(f'value="{self.slots[0].strftime(FMT)}"', page)  # the booked one
        response = self._post(self._task_url(), slot=self.slots[3].strftime(FMT))
        self.assertEqual(response.status_code, 303)
        self.order_1.invalidate_recordset()
        self.assertEqual(self.order_1.handover_datetime, self.slots[3])
        self.assertEqual(self.slot_task.state, "done")
        self.assertIn(self.order_1._portal_slot_label(self.slots[3]),
                      self._chatter(self.order_1))
        # The old slot is free again for another order at the outlet.
        self._event(self.order_2, "V999", expected_date=self._days(5))
        self.assertIn(self.slots[0], self._free_slots(self.order_2))

    def test_token_visitor_reads_slot_in_market_time(self):
        """A visitor of the customer's link who is not logged in (the public user, no
        time zone) reads the booked slot of an outlet without opening hours in the
        order's market's time zone, not in UTC."""
        self._book(self.slots[0])
        token = self.order_1._portal_ensure_token()
        self.outlet_a.sudo().resource_calendar_id = False
        self.market_a.partner_id.tz = "Asia/Kuala_Lumpur"  # UTC+8 all year
        self.order_1.sudo().handover_datetime = "2030-03-12 02:30:00"
        self.authenticate(None, None)
        page = html.fromstring(
            self.url_open(f"/my/orders/{self.order_1.id}?access_token={token}").content
        )
        slot = page.xpath("//*[contains(@class, 'o_vehicle_handover_slot')]")[0].text_content()
        self.assertEqual(slot, "Tuesday, March 12, 2030, 10:30")

    def test_customer_cancels_over_http(self):
        self._book(self.slots[0])
        self._login(self.customer_1)
        response = self._post(self._cancel_url())
        self.assertEqual(response.status_code, 303)
        self.order_1.invalidate_recordset()
        self.assertFalse(self.order_1.handover_datetime)
        self.assertEqual(self.slot_task.state, "todo")
        self.assertIn("cancelled the handover", self._chatter(self.order_1))
        self.assertIn(self.slots[0], self._free_slots(self.order_1))
        # The booking to-do offers the free slots again.
        page = self.url_open(f"/my/orders/{self.order_1.id}").text
        self.assertIn(f'value="{self.slots[0].strftime(FMT)}"', page)

    def test_dealer_cannot_cancel_nor_reschedule(self):
        """The dealer sees the order of their outlet, with its token, but does not act
        for the customer."""
        self._book(self.slots[0])
        token = self.order_1._portal_ensure_token()
        self._login(self.dealer_a)
        page = self.url_open(f"/my/orders/{self.order_1.id}").text
        self.assertNotIn("o_vehicle_handover_cancel", page)
        self._post(self._cancel_url(), access_token=token)
        self._post(self._task_url(), access_token=token, slot=self.slots[2].strftime(FMT))
        self._login(self.customer_2)
        self._post(self._cancel_url())
        self.order_1.invalidate_recordset()
        self.assertEqual(self.order_1.handover_datetime, self.slots[0])
        self.assertEqual(self.slot_task.state, "done")

    def test_refused_after_cutoff(self):
        soon = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=5)
        self.order_1.sudo().handover_datetime = soon
        self.slot_task.state = "done"
        self._login(self.customer_1)
        page = self.url_open(f"/my/orders/{self.order_1.id}").text
        self.assertIn("o_vehicle_handover_locked", page)
        self.assertNotIn("o_vehicle_handover_cancel", page)
        for url, data in ((self._cancel_url(), {}),
                          (self._task_url(), {"slot": self.slots[-1].strftime(FMT)})):
            with self.subTest(url=url):
                response = self._post(url, **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("call your dealer", response.text)
        self.order_1.invalidate_recordset()
        self.assertEqual(self.order_1.handover_datetime, soon)
        with self.assertRaises(UserError):
            self.env["vehicle.order.task"]._portal_handover_cancel(self.order_1)

    def test_customer_time_zone_does_not_open_the_outlets_past_slots(self):
        """Slots start on the outlet's tomorrow. A customer who set their own time zone
        twelve hours behind UTC (any user sets theirs), on a morning at an outlet in
        Kuala Lumpur (UTC+8), got the slots of the outlet's today, already past."""
        self.calendar_a.tz = "Asia/Kuala_Lumpur"
        self.customer_1.tz = "Etc/GMT+12"
        eta = self.order_1.eta_date
        wednesday = eta + timedelta(days=(2 - eta.weekday()) % 7 + 7)
        past = datetime.combine(wednesday, time(1, 0))  # 09:00 in Kuala Lumpur
        # 11:00 in Kuala Lumpur, Tuesday 15:00 for the customer
        with freeze_time(datetime.combine(wednesday, time(3, 0))):
            self._login(self.customer_1)
            page = self.url_open(f"/my/orders/{self.order_1.id}").text
            self.assertIn('name="slot"', page)
            self.assertNotIn(f'value="{past.strftime(FMT)}"', page)
            response = self._post(self._task_url(), slot=past.strftime(FMT))
            self.assertEqual(response.status_code, 400)
            self.assertIn("no longer free", response.text)
            # Thursday 09:00 in Kuala Lumpur, the outlet's tomorrow, is offered.
            self.assertIn(f'value="{(past + timedelta(days=1)).strftime(FMT)}"', page)
        self.order_1.invalidate_recordset()
        self.assertFalse(self.order_1.handover_datetime)

    def test_tour_customer_books_and_reschedules(self):
        self.start_tour(f"/my/orders/{self.order_1.id}", "order_tracking_customer_handover",
                        login=self.customer_1.login)
        self.order_1.invalidate_recordset()
        self.assertEqual(self.order_1.handover_datetime, self.slots[0])
        self.assertIn(self.order_1._portal_slot_label(self.slots[1]),
                      self._chatter(self.order_1))


@tagged("post_install", "-at_install")
class TestHandoverReminder(HandoverCommon):

    def test_reminder_sent_once_the_day_before(self):
        Order = self.env["vehicle.order"]
        self._book(self.slots[0])
        self.assertNotIn(self.order_1, Order._cron_remind_handover())  # days ahead
        tomorrow = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)
        self.order_1.sudo().handover_datetime = tomorrow
        self.assertIn(self.order_1, Order._cron_remind_handover())
        self.assertNotIn(self.order_1, Order._cron_remind_handover())
        mail = self.env["mail.mail"].search([
            ("recipient_ids", "in", self.customer_1.partner_id.ids),
            ("subject", "like", "handover"), ("model", "=", "vehicle.order"),
            ("res_id", "=", self.order_1.id),
        ])
        self.assertEqual(len(mail), 1)
        self.assertIn(self.order_1._portal_handover_address(), mail.body_html)
        self.assertIn(f"/my/orders/{self.order_1.id}/handover.ics?access_token="
                      f"{self.order_1.access_token}", mail.body_html)
        self.assertIn(self.order_1._portal_slot_label(tomorrow), mail.body_html)
        # A moved appointment is reminded again.
        self.order_1.sudo().handover_datetime = tomorrow + timedelta(hours=1)
        self.assertIn(self.order_1, Order._cron_remind_handover())

    def test_reminder_flag_is_the_servers(self):
        """The Order Desk once marked a handover reminded (no mail to the customer) by
        writing the read-only ``handover_reminder_sent`` over RPC: only the reminder
        cron sets it; moving the appointment resets it."""
        as_desk = self.order_1.with_user(self.desk_a)
        for context in ({}, {"dealer_server_values": ["handover_reminder_sent"]}):
            with self.subTest(context=context), self.assertRaises(UserError):
                as_desk.with_context(**context).write({"handover_reminder_sent": True})
        self.assertFalse(self.order_1.handover_reminder_sent)
        as_desk.write({"configuration": "Long Range, Ice White"})
        self.order_1.sudo().write({"handover_reminder_sent": True})
        as_desk.write({"handover_datetime": self.slots[1]})
        self.assertFalse(self.order_1.handover_reminder_sent)

    def test_reminder_in_customer_language(self):
        load_language(self.env, "nl_NL", ["order_tracking"])
        self.customer_1.partner_id.lang = "nl_NL"
        self.order_1.sudo().handover_datetime = (
            fields.Datetime.now().replace(microsecond=0) + timedelta(days=1))
        self.env["vehicle.order"]._cron_remind_handover()
        mail = self.env["mail.mail"].search([
            ("model", "=", "vehicle.order"), ("res_id", "=", self.order_1.id),
        ])
        self.assertEqual(len(mail), 1)
        self.assertIn("tot morgen bij de overdracht", mail.subject)
        self.assertIn("staat klaar voor de overdracht", mail.body_html)
        self.assertIn("Zet in mijn agenda", mail.body_html)


@tagged("post_install", "-at_install")
class TestTaskDueDates(HandoverCommon):

    def _task(self, kind):
        return self.order_1.task_ids.filtered(lambda t: t.kind == kind)

    def test_due_before_planned_then_booked_handover(self):
        planned = self.order_1.planned_handover_date
        self.assertEqual(self._task("registration").due_date, planned - timedelta(days=14))
        self.assertEqual(self._task("payment").due_date, planned - timedelta(days=7))
        self._book(self.slots[0])
        self.assertEqual(self._task("registration").due_date,
                         self.slots[0].date() - timedelta(days=14))
        self.assertEqual(self._task("handover_slot").due_date,
                         self.slots[0].date() - timedelta(days=3))


@tagged("post_install", "-at_install")
class TestTaskAnswerChange(HandoverCommon, HttpCase):

    def test_answer_shown_and_changed(self):
        registration = self.order_1.task_ids.filtered(lambda t: t.kind == "registration")
        registration._portal_submit({"answer": "Emma de Vries, Keizersgracht 1, Amsterdam"})
        self.authenticate(self.customer_1.login, self.customer_1.login)
        page = self.url_open(f"/my/orders/{self.order_1.id}").text
        self.assertIn("Emma de Vries, Keizersgracht 1, Amsterdam", page)
        self.assertIn("o_vehicle_task_change", page)
        url = f"/my/orders/{self.order_1.id}/tasks/{registration.id}"
        csrf = Request.csrf_token(self)
        bad = self.url_open(url, data={"answer": "x", "csrf_token": csrf})
        self.assertEqual(bad.status_code, 400)  # same validation as the first answer
        registration.invalidate_recordset()
        self.assertIn("Keizersgracht 1", registration.answer)
        self.url_open(url, data={"answer": "Emma de Vries, Prinsengracht 2, Amsterdam",
                                 "csrf_token": csrf})
        registration.invalidate_recordset()
        self.assertEqual(registration.answer, "Emma de Vries, Prinsengracht 2, Amsterdam")
        self.assertEqual(registration.state, "done")

    def test_no_change_after_handover(self):
        registration = self.order_1.task_ids.filtered(lambda t: t.kind == "registration")
        registration._portal_submit({"answer": "Emma de Vries, Keizersgracht 1, Amsterdam"})
        self.order_1.sudo().handover_datetime = fields.Datetime.now() - timedelta(hours=1)
        self.assertFalse(registration._portal_can_change())
        with self.assertRaises(UserError):
            registration._portal_submit({"answer": "Someone Else, Damrak 1, Amsterdam"})


@tagged("post_install", "-at_install")
class TestHandoverNotYetBookable(OrderTrackingCommon, HttpCase):
    def test_no_save_button_without_slots(self):
        """Two months before the car is due, the booking to-do says when it opens and
        offers no Save button (it was shown greyed out, a button that did nothing)."""
        self.authenticate(self.customer_1.login, self.customer_1.login)
        page = html.fromstring(self.url_open(f"/my/orders/{self.order_1.id}").content)
        task = self.order_1.task_ids.filtered(lambda t: t.kind == "handover_slot")
        [form] = page.xpath(f"//form[contains(@action, '/tasks/{task.id}')]")
        self.assertIn("once your car is close", form.text_content())
        self.assertFalse(form.xpath(".//button"))
        # The other to-dos keep theirs.
        registration = self.order_1.task_ids.filtered(lambda t: t.kind == "registration")
        [form] = page.xpath(f"//form[contains(@action, '/tasks/{registration.id}')]")
        self.assertTrue(form.xpath(".//button[@type='submit']"))
