"""The CX agent's main job in the backend, clicked in Chromium."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestAgentTour(CxCommon, HttpCase):
    """An agent opens a case from the list, answers the customer in the chatter and
    solves it: the form shows the case waiting for the customer's confirmation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(name="Tour: charging cable stuck", channel="email")
        cls.case.with_user(cls.agent_a).action_start()

    def test_tour_agent_answers_and_solves(self):
        self.start_tour("/odoo/action-cx_cases.cx_case_action", "cx_cases_agent_answer_and_solve",
                        login=self.agent_a.login)
        self.assertEqual(self.case.stage_kind, "solved")
        reply = self.case.message_ids.filtered(
            lambda m: "the cable is released" in (m.body or ""))
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.author_id, self.agent_a.partner_id)
        self.assertEqual(reply.message_type, "comment")
        self.assertFalse(reply.subtype_id.internal, "a reply to the customer, not a note")
        self.assertTrue(self.case.first_response_date)

    def test_tour_demo_agent(self):
        """The same job as the demo agent (README: ``agent``), where demo data is
        installed: her teams' list and form behave as the test agent's."""
        agent = self.env.ref("cx_cases.user_cx_agent", raise_if_not_found=False)
        if not agent:
            self.skipTest("demo data not installed")
        team = self.env["cx.case.team"].search([("member_ids", "in", agent.ids)], limit=1)
        self.case.write({"team_id": team.id, "company_id": team.company_id.id})
        self.start_tour("/odoo/action-cx_cases.cx_case_action", "cx_cases_agent_answer_and_solve",
                        login="agent")
        self.assertEqual(self.case.stage_kind, "solved")


@tagged("post_install", "-at_install")
class TestAgentLogsACallTour(CxCommon, HttpCase):

    def test_agent_logs_a_call_as_a_new_case(self):
        """An agent logs a customer's call from the Cases menu: the caller is found by
        their number, their open case shown; a new subject opens a new case of the
        caller, assigned to the agent, with the call's notes, their latest open order
        and its outlet, in progress (the agent answered them)."""
        self._case(name="Tour: navigation freezes")
        order = self.env["vehicle.order"].create({
            "name": "T-CALL-0001", "partner_id": self.customer.partner_id.id,
            "outlet_id": self.outlet_a.id, "vehicle_model": "Aurora Polaris 4",
            "order_date": date(2026, 10, 1),
        })
        self.start_tour("/odoo/action-cx_cases.cx_case_action", "cx_cases_agent_logs_a_call",
                        login=self.agent_a.login)
        case = self.env["cx.case"].search(
            [("name", "=", "Tour: charging stats missing in the app")])
        self.assertRecordValues(case, [{
            "partner_id": self.customer.partner_id.id, "channel": "phone",
            "user_id": self.agent_a.id, "team_id": self.team_a.id, "order_id": order.id,
            "outlet_id": self.outlet_a.id, "stage_kind": "progress",
        }])
        self.assertIn("no charging sessions since the update", str(case.description))


@tagged("post_install", "-at_install")
class TestAgentRecordsConfirmationTour(CxCommon, HttpCase):

    def test_agent_records_a_phone_confirmation(self):
        """The customer of a solved case confirms by phone: the agent records it from
        the case with a note, the case closes as confirmed by the agent, and the
        customer is asked to rate it."""
        case = self._case(name="Tour: spare key does not start the car",
                          user_id=self.agent_a.id)
        case.with_user(self.agent_a).action_start()
        case.with_user(self.agent_a).action_solve()
        self.start_tour(f"/odoo/action-cx_cases.cx_case_action/{case.id}",
                        "cx_cases_agent_records_confirmation", login=self.agent_a.login)
        self.assertRecordValues(case, [{
            "stage_kind": "closed", "confirmation_method": "agent",
            "confirmed_by_id": self.agent_a.id,
            "confirmation_note": "Called back at 14:05, the customer confirms the new key works.",
        }])
        self.assertTrue(case.confirmation_date)
        self.assertTrue(case.rating_ids, "the customer is asked to rate the case")
