from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCaseCommon


@tagged("post_install", "-at_install")
class TestCaseWorkflow(CxCaseCommon):
    """Closed only with a recorded confirmation; a customer reply reopens. The
    server enforces it whatever the client sends (write/create as over JSON-RPC)."""

    def test_number_and_defaults(self):
        self.assertTrue(self.case.number.startswith("CX"))
        self.assertEqual(self.case.stage_kind, "new")
        self.assertEqual(self.case.company_id, self.market_a)

    def test_write_cannot_close(self):
        """Closing through write, even from 'solved', is refused: only the
        confirmation paths close."""
        self._solve()
        with self.assertRaises(UserError):
            self.as_agent.write({"stage_id": self.stage["closed"].id})
        self.assertEqual(self.case.stage_kind, "solved")

    def test_cannot_forge_confirmation_fields(self):
        self._solve()
        for vals in (
            {"confirmation_method": "portal"},
            {"confirmation_date": "2030-01-01 10:00:00"},
            {"closed_date": "2030-01-01 10:00:00"},
            {"first_response_date": "2030-01-01 10:00:00"},
            {"reopen_count": 0},
            {"stage_id": self.stage["closed"].id, "confirmation_method": "agent",
             "confirmation_note": "said so"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.as_agent.write(vals)

    def test_cannot_jump_stages(self):
        with self.assertRaises(UserError):
            self.as_agent.write({"stage_id": self.stage["closed"].id})
        self.as_agent.action_start()
        self._solve_only()
        self.case.sudo()._close_confirmed("agent", note="ok", user=self.agent_a)
        with self.assertRaises(UserError):
            self.as_agent.write({"stage_id": self.stage["solved"].id})

    def test_frozen_message_names_the_stage(self):
        """A solved case's SLA fields are final "while it awaits the customer's
        confirmation"; a closed case's because it is closed (the closed case said
        "is solved")."""
        self._solve()
        with self.assertRaisesRegex(UserError, "awaits the customer's confirmation"):
            self.as_agent.write({"priority": "2"})
        self.case.sudo()._close_confirmed("agent", note="ok", user=self.agent_a)
        with self.assertRaises(UserError) as caught:
            self.as_agent.write({"priority": "2"})
        self.assertIn("is closed", str(caught.exception))
        self.assertNotIn("solved", str(caught.exception))

    def _solve_only(self):
        self.as_agent.write({"stage_id": self.stage["solved"].id})

    def test_create_cannot_start_solved_or_closed(self):
        for kind in ("solved", "closed"):
            with self.subTest(kind=kind), self.assertRaises(UserError):
                self.env["cx.case"].with_user(self.agent_a).create({
                    "name": "Forged", "team_id": self.team_a.id,
                    "stage_id": self.stage[kind].id,
                })
        with self.assertRaises(UserError):
            self.env["cx.case"].with_user(self.agent_a).create({
                "name": "Forged", "team_id": self.team_a.id, "confirmation_method": "email",
            })

    def test_agent_records_confirmation(self):
        self._solve()
        with self.assertRaises(UserError):
            self.as_agent.action_record_confirmation("   ")
        self.as_agent.action_record_confirmation("Called at 14:05, the key works again")
        self.assertEqual(self.case.stage_kind, "closed")
        self.assertEqual(self.case.confirmation_method, "agent")
        self.assertEqual(self.case.confirmed_by_id, self.agent_a)
        self.assertTrue(self.case.closed_date)
        self.assertTrue(self.case.first_contact_resolution)
        # The rating request went out: a rating with a token waits for the customer.
        rating = self.case.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.customer.partner_id)
        self.assertFalse(rating.consumed)

    def test_confirmation_needs_solved(self):
        self.as_agent.action_start()
        with self.assertRaises(UserError):
            self.as_agent.action_record_confirmation("He said yes")
        with self.assertRaises(UserError):
            self.case.sudo()._confirm_by_customer("portal")

    def test_portal_method_only_through_customer_path(self):
        """The agent's button always records 'agent'; an internal user cannot
        claim the customer confirmed on the portal."""
        self._solve()
        self.as_agent.action_record_confirmation("Customer said so")
        self.assertEqual(self.case.confirmation_method, "agent")

    def test_portal_user_cannot_record_confirmation(self):
        self._solve()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.case.with_user(self.customer).action_record_confirmation("Trust me")

    def test_customer_reply_reopens_solved_case(self):
        self._solve()
        self._customer_says(self.case)
        self.assertEqual(self.case.stage_kind, "progress")
        self.assertEqual(self.case.reopen_count, 1)
        self.assertFalse(self.case.solved_date)

    def test_customer_reply_reopens_closed_case(self):
        self._solve()
        self.case.sudo()._confirm_by_customer("portal")
        self.assertEqual(self.case.confirmation_method, "portal")
        self._customer_says(self.case, "The noise is back")
        self.assertEqual(self.case.stage_kind, "progress")
        self.assertFalse(self.case.confirmation_method)
        self.assertFalse(self.case.first_contact_resolution)

    def test_internal_note_does_not_reopen(self):
        self._solve()
        self.case.with_user(self.agent_a).message_post(
            body="Customer will call back", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(self.case.stage_kind, "solved")

    def test_customer_reply_resumes_waiting_case(self):
        self.as_agent.action_wait_customer()
        self.assertEqual(len(self.case.pause_ids), 1)
        self._customer_says(self.case, "Here is my VIN")
        self.assertEqual(self.case.stage_kind, "progress")
        self.assertTrue(self.case.pause_ids.date_end)
        self.assertEqual(self.case.reopen_count, 0, "an answer is not a reopen")

    def test_agent_reply_is_first_response(self):
        self.assertFalse(self.case.first_response_date)
        self.case.with_user(self.agent_a).message_post(
            body="Hello, we look into it", message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(self.case.first_response_date)

    def test_phone_case_logged_by_agent_is_answered(self):
        case = self.env["cx.case"].with_user(self.agent_a).create({
            "name": "Call", "team_id": self.team_a.id, "channel": "phone",
            "partner_id": self.customer.partner_id.id,
        })
        self.assertTrue(case.first_response_date)

    def test_agent_cannot_delete(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_agent.unlink()
        self.case.with_user(self.cx_manager).unlink()
        self.assertFalse(self.case.exists())

    def test_hostile_text_refused(self):
        for vals in ({"name": "bad\x00name"}, {"vin": "X" * 600}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.as_agent.write(vals)
