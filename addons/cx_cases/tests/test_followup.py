from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestFollowup(CxCommon):
    """Market A (the Netherlands) works Saturday mornings and has a public holiday on
    Tuesday 15 January 2030; market B works Monday to Friday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.market_a.write({"cx_reminder_days": 2, "cx_verify_call_days": 3})
        cls.market_b.write({
            "cx_reminder_days": 2, "cx_verify_call_days": 0, "cx_autoclose_days": 10,
        })
        cls.partner_b = cls.env["res.partner"].create(
            {"name": "Test Belgian customer", "email": "b@x.example"}
        )

    def _solved_case(self, when, team=None, partner=None):
        with freeze_time(when):
            case = self._case(team=team, partner=partner, user_id=(
                team or self.team_a).member_ids[:1].id)
            case.action_start()
            case.action_solve()
        return case

    def _run(self, when):
        # Outside a cron _commit_progress commits, which a test cannot.
        with freeze_time(when), patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cx.case"]._cron_followup()

    def _notes(self, case, text):
        return case.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_autoclose_off_by_default_in_the_netherlands(self):
        company = self.env["res.company"].create({"name": "Test new market"})
        self.assertEqual(company.cx_autoclose_days, 14)
        company.country_id = self.env.ref("base.nl")
        self.assertEqual(company.cx_autoclose_days, 0)
        self.assertEqual(self.market_a.cx_autoclose_days, 0)

    def test_reminder_after_working_days(self):
        """Solved on Friday: the second working day of market A is Monday (it works
        Saturday mornings), the third Wednesday (Tuesday is a holiday)."""
        case = self._solved_case(at(4, 10))
        self._run(at(7, 7))  # Monday 14, before work
        self.assertFalse(case.followup_reminder_date)
        self._run(at(7, 9))
        self.assertTrue(case.followup_reminder_date)
        self.assertTrue(self._notes(case, "reminded to confirm"))
        reminder = case.message_ids.filtered(
            lambda m: "We have not heard from you" in (m.body or "")
        )
        self.assertEqual(reminder.notified_partner_ids, case.partner_id,
                         "the customer only: the mail holds their confirm link")
        self.assertIn(f"/my/cases/{case.id}/confirm", reminder.body)
        self.assertNotIn(case.sudo().access_token, reminder.body,
                         "the note staff read has no link in the customer's name")
        self.assertFalse(case.followup_call_date)
        self.assertEqual(case.stage_kind, "solved", "waits for the customer still")
        self._run(at(8, 9))  # the holiday
        self.assertFalse(case.followup_call_date)
        self._run(at(9, 9))
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cx_cases.mail_activity_type_verify_call")
        )
        self.assertEqual(activity.user_id, self.agent_a)
        self.assertTrue(self._notes(case, "verification call planned"))
        self._run(at(20, 9))
        self.assertEqual(len(activity.exists()), 1, "each step once")
        self.assertEqual(len(self._notes(case, "reminded to confirm")), 1)
        self.assertEqual(case.stage_kind, "solved", "no close in the Netherlands")

    def test_autoclose_in_market_b(self):
        case = self._solved_case(at(0, 10), team=self.team_b, partner=self.partner_b)
        self._run(at(9, 10))
        self.assertEqual(case.stage_kind, "solved")
        self.assertTrue(case.followup_reminder_date)
        self.assertFalse(case.followup_call_date, "no calls in market B")
        self._run(at(10, 11))
        self.assertEqual(case.stage_kind, "closed")
        self.assertEqual(case.confirmation_method, "timeout")
        self.assertTrue(self._notes(case, "no answer from the customer in 10 days"))

    def test_customer_answer_stops_followup(self):
        """A reply reopens the case: no reminder; solved again, it starts over."""
        case = self._solved_case(at(0, 10), team=self.team_b, partner=self.partner_b)
        self._run(at(2, 10))
        self.assertTrue(case.followup_reminder_date)
        with freeze_time(at(3, 10)):
            self._customer_says(case)
        self.assertEqual(case.stage_kind, "progress")
        self.assertFalse(case.followup_reminder_date)
        self._run(at(20, 10))
        self.assertEqual(case.stage_kind, "progress", "an open case is not closed")

    def test_followup_in_case_analysis(self):
        case = self._solved_case(at(0, 10), team=self.team_b, partner=self.partner_b)
        self._run(at(2, 10))
        self._run(at(11, 10))
        self.env.flush_all()
        row = self.env["cx.case.report"].search([("case_id", "=", case.id)])
        self.assertEqual((row.reminder_count, row.verify_call_count, row.autoclosed_count),
                         (1, 0, 1))

    def test_followup_fields_are_the_jobs(self):
        case = self._solved_case(at(0, 10))
        with self.assertRaises(UserError):
            case.with_user(self.agent_a).write({"followup_reminder_date": at(1, 10)})
