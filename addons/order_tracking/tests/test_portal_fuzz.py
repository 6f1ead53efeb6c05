"""hypothesis drives the order's to-do and notification forms over real HTTP, as
the customer, with the CSRF token of the rendered form."""

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.hostile import (
    FORM_SETTINGS,
    form_csrf,
    hostile_form,
    hostile_text,
    post_form,
)

from .test_portal import OrderTrackingPortalCommon

TASK_FIELDS = ["answer", "payment_method", "not_needed", "slot", "access_token"]
PLAUSIBLE = {
    "answer": st.text(min_size=5, max_size=60),
    "payment_method": st.sampled_from(["transfer", "leasing", "cash"]),
    "not_needed": st.just("1"),
    "slot": st.sampled_from(["9999-12-31 23:59:59", "2099-12-31 10:00:00", "0001-01-01"]),
}
KINDS = ["registration", "payment", "insurance", "trade_in", "handover_slot", "foreign"]


@tagged("post_install", "-at_install")
class TestOrderFormsFuzz(OrderTrackingPortalCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.authenticate(self.customer_1.login, self.customer_1.login)
        self.page = f"/my/orders/{self.order_1.id}"
        self.csrf = form_csrf(self, self.page, f"{self.page}/notifications")

    def _snapshot(self, tasks):
        tasks.invalidate_recordset()
        return [(t.state, t.answer, t.payment_method) for t in tasks]

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(st.sampled_from(KINDS), hostile_form(TASK_FIELDS, PLAUSIBLE))
    def test_hostile_task_answers(self, kind, post):
        if kind == "foreign":  # a task of another customer's order
            task = self.order_2.task_ids[:1]
            url = f"{self.page}/tasks/{task.id}"
        else:
            task = self.order_1.task_ids.filtered(lambda t, k=kind: t.kind == k)
            url = f"{self.page}/tasks/{task.id}"
        tasks = self.order_1.task_ids | self.order_2.task_ids
        before = self._snapshot(tasks)
        handover = self.order_1.handover_datetime
        response = post_form(self, url, post, self.csrf)
        self.assertIn(response.status_code, (303, 400), response.text[:300])
        if response.status_code == 400 or kind == "foreign":
            self.assertEqual(self._snapshot(tasks), before, "nothing stored when refused")
            self.assertEqual(self.order_1.handover_datetime, handover)
        if response.status_code == 400:
            error = html.fromstring(response.content).xpath(
                "string(//div[contains(@class, 'alert-danger')])")
            self.assertTrue(error.strip(), "the page says what is wrong")

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form(["opt_out", "access_token"], {"opt_out": st.sampled_from(["0", "1"])}),
           st.sampled_from(["own", "foreign"]))
    def test_hostile_notification_switch(self, post, whose):
        order = self.order_1 if whose == "own" else self.order_2
        other_before = self.order_2.notify_opt_out
        response = post_form(self, f"/my/orders/{order.id}/notifications", post, self.csrf)
        self.assertIn(response.status_code, (303,), response.text[:300])
        (self.order_1 | self.order_2).invalidate_recordset()
        if whose == "own":
            self.assertEqual(self.order_1.notify_opt_out, post.get("opt_out") == "1")
        else:
            self.assertEqual(self.order_2.notify_opt_out, other_before)

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_text(huge=False))
    def test_hostile_access_tokens_logged_out(self, token):
        """The form of the emailed link (valid token), posted with a broken one."""
        self.authenticate(None, None)
        task = self.order_1.task_ids[:1]
        valid = self.order_1._portal_ensure_token()
        csrf = form_csrf(self, f"{self.page}?access_token={valid}", f"/tasks/{task.id}")
        before = self._snapshot(task)
        response = post_form(self, f"{self.page}/tasks/{task.id}",
                             {"access_token": token, "answer": "Jan Jansen, Dam 1"}, csrf)
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assertEqual(self._snapshot(task), before)
