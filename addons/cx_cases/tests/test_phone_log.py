"""The agent's quick log of a phone call (cx.phone.log.wizard)."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestPhoneLog(CxCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_case = cls._case(name="Navigation freezes")
        cls.other_customers_case = cls._case(name="Wiper noise",
                                             partner=cls.customer2.partner_id)

    def _wizard(self, user=None, **vals):
        """The wizard as the form's RPC call creates it (the caller found from the
        phone by its stored compute)."""
        if "case_id" in vals:
            vals["case_id"] = vals["case_id"].id
        return self.env["cx.phone.log.wizard"].with_user(user or self.agent_a).create(vals)

    def test_form_requires_a_subject_for_a_new_case(self):
        """The form: a subject unless the call goes to an open case."""
        with self.assertRaisesRegex(AssertionError, "name is a required field"):
            with Form(self.env["cx.phone.log.wizard"].with_user(self.agent_a)) as form:
                form.phone = "+31612345678"
        with Form(self.env["cx.phone.log.wizard"].with_user(self.agent_a)) as form:
            form.phone = "+31612345678"
            self.assertEqual(form.partner_id, self.customer.partner_id)
            form.case_id = self.open_case
        self.assertEqual(form.record.case_id, self.open_case)

    def _open_case(self, action):
        return self.env["cx.case"].browse(action["res_id"])

    def test_known_caller_found_in_national_format(self):
        """Stored as '+31 6 1234 5678', typed as '06 1234 5678': the caller and their
        open cases are proposed, nobody else's."""
        wizard = self._wizard(phone="06 1234 5678")
        self.assertEqual(wizard.partner_id, self.customer.partner_id)
        self.assertIn(self.open_case, wizard.open_case_ids)
        self.assertNotIn(self.other_customers_case, wizard.open_case_ids)

    def test_new_case_from_a_call(self):
        wizard = self._wizard(phone="+31612345678", name="Charging cable stuck",
                              summary="<p>Cable locked in the port since this morning</p>")
        case = self._open_case(wizard.action_log())
        self.assertRecordValues(case, [{
            "name": "Charging cable stuck", "channel": "phone",
            "partner_id": self.customer.partner_id.id, "user_id": self.agent_a.id,
            "stage_kind": "progress",
        }])
        self.assertIn("Cable locked in the port", case.description)

    def test_solved_during_the_call_waits_for_the_customer(self):
        """Solved on the phone: the case waits for the customer's confirmation, it
        is not closed by the agent."""
        wizard = self._wizard(phone="+31612345678", name="How do I pair my phone?",
                              solved=True)
        case = self._open_case(wizard.action_log())
        self.assertEqual(case.stage_kind, "solved")

    def test_call_added_to_an_open_case(self):
        wizard = self._wizard(phone="+31612345678", case_id=self.open_case,
                              summary="<p>Called again: freezes after the update</p>")
        cases_before = self.env["cx.case"].search_count([])
        case = self._open_case(wizard.action_log())
        self.assertEqual(case, self.open_case)
        self.assertEqual(self.env["cx.case"].search_count([]), cases_before)
        note = case.message_ids.filtered(lambda m: "freezes after the update" in m.body)
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "an internal note, not a mail")

    def test_unknown_caller_needs_a_name(self):
        wizard = self._wizard(phone="+31 20 555 0199", name="Test drive request")
        self.assertFalse(wizard.partner_id)
        with self.assertRaisesRegex(UserError, "give the caller's name"):
            wizard.action_log()
        wizard.caller_name = "Femke de Wit"
        case = self._open_case(wizard.action_log())
        self.assertEqual(case.partner_id.name, "Femke de Wit")
        self.assertEqual(case.partner_id.phone_sanitized, "+31205550199")

    def test_new_caller_stored_in_the_suite_phone_format(self):
        """A number typed without prefix is stored as the suite stores phones
        (international form, the market's country), and the telephony lookup finds
        the new customer by it however the PBX writes the number."""
        wizard = self._wizard(phone="020 555 0199", name="Test drive request",
                              caller_name="Femke de Wit")
        case = self._open_case(wizard.action_log())
        self.assertEqual(case.partner_id.phone, "+31 20 555 0199")
        self.assertEqual(case.partner_phone, "+31 20 555 0199")
        Partner = self.env["res.partner"].with_user(self.integration)
        for number in ("+31205550199", "0205550199"):
            self.assertEqual(Partner._find_by_phone(number, self.market_a), case.partner_id)

    def test_new_case_needs_a_subject(self):
        wizard = self._wizard(phone="+31612345678")
        with self.assertRaisesRegex(UserError, "subject"):
            wizard.action_log()

    def test_call_cannot_be_filed_on_another_customers_case(self):
        """Written past the form (RPC): the case must be one of the caller's open
        cases; a closed case of the caller is refused too."""
        wizard = self._wizard(phone="+31612345678")
        wizard.case_id = self.other_customers_case
        with self.assertRaisesRegex(UserError, "not an open case of"):
            wizard.action_log()
        self.open_case.action_start()
        self.open_case.action_solve()
        self.open_case.sudo()._confirm_by_customer("portal")
        wizard.case_id = self.open_case
        with self.assertRaisesRegex(UserError, "not an open case of"):
            wizard.action_log()

    def test_agent_of_another_market_cannot_log_on_the_case(self):
        """Agent B knows the case's id: it is none of the open cases B may see, and
        B cannot post on it directly either."""
        wizard = self._wizard(user=self.agent_b, phone="+31612345678")
        self.assertFalse(wizard.open_case_ids, "market A's cases are not B's to see")
        wizard.write({"case_id": self.open_case.id,
                      "summary": "<p>Logged by the wrong market</p>"})
        with self.assertRaisesRegex(UserError, "not an open case of"):
            wizard.action_log()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.open_case.with_user(self.agent_b).message_post(body="Logged anyway")
        self.assertFalse(self.open_case.message_ids.filtered(
            lambda m: "wrong market" in (m.body or "") or "anyway" in (m.body or "")))


class TestPhoneLogFillsFromCustomer(CxCommon):
    """A logged call files the case with what the customer's record already says: their
    email, their latest open order and its outlet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Order = cls.env["vehicle.order"]
        cls.old_order = Order.create({
            "partner_id": cls.customer.partner_id.id, "outlet_id": cls.outlet_a.id,
            "vehicle_model": "Aurora Polaris 2", "order_date": date(2029, 1, 10),
        })
        cls.latest_order = Order.create({
            "partner_id": cls.customer.partner_id.id, "outlet_id": cls.outlet_a2.id,
            "vehicle_model": "Aurora Polaris 4", "order_date": date(2029, 6, 1),
        })
        cls.cancelled = Order.create({
            "partner_id": cls.customer.partner_id.id, "outlet_id": cls.outlet_a.id,
            "vehicle_model": "Aurora Vega", "order_date": date(2029, 9, 1),
        })
        cls.cancelled.action_cancel()

    def _log(self, **vals):
        wizard = self.env["cx.phone.log.wizard"].with_user(self.agent_a).create({
            "phone": "+31612345678", "name": "Question about my car", **vals,
        })
        return self.env["cx.case"].browse(wizard.action_log()["res_id"])

    def test_call_takes_email_latest_open_order_and_outlet(self):
        case = self._log()
        self.assertEqual(case.email_from, self.customer.partner_id.email)
        self.assertEqual(case.order_id, self.latest_order)
        self.assertEqual(case.outlet_id, self.outlet_a2)

    def test_outlet_chosen_by_the_agent_stays(self):
        case = self._log(outlet_id=self.outlet_a.id)
        self.assertEqual(case.outlet_id, self.outlet_a)
        self.assertEqual(case.order_id, self.latest_order)

    def test_customer_without_open_order_leaves_order_empty(self):
        (self.old_order | self.latest_order).action_cancel()
        case = self._log()
        self.assertFalse(case.order_id)
        self.assertEqual(case.email_from, self.customer.partner_id.email)
