from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestSlaClock(CxCommon):
    """Case deadlines from the suite's working-time clock (dealer_profile, tested
    there on its own) against hand-computed calendars (see CxCommon):
    NL: Mon-Fri 8-12 and 13-17, Saturday 9-13, holiday Tuesday 15 January;
    B: Mon-Fri 9-17. Day offsets from Monday 7 January 2030."""

    def test_case_deadlines_follow_the_workflow_pauses(self):
        """A case in B opened Friday 10:00, waiting for the customer from Friday
        14:00 to Monday 10:00: first response (8 h) Monday 14:00, resolution (24 h)
        Wednesday 14:00."""
        with freeze_time(at(4, 10)):
            case = self._case(team=self.team_b, partner=self.customer.partner_id)
        self.assertEqual(case.sla_policy_id, self.policy_b)
        self.assertEqual(case.sla_first_response_deadline, at(7, 10))
        with freeze_time(at(4, 14)):
            case.action_wait_customer()
        self.assertFalse(case.sla_deadline, "no deadline while the clock is paused")
        self.assertEqual(case.sla_status, "paused")
        with freeze_time(at(7, 10)):
            self._customer_says(case, "Here is the photo you asked for")
        self.assertEqual(case.stage_kind, "progress")
        self.assertEqual(case.pause_ids.mapped("date_start"), [at(4, 14)])
        self.assertEqual(case.pause_ids.mapped("date_end"), [at(7, 10)])
        self.assertEqual(case.sla_first_response_deadline, at(7, 14))
        self.assertEqual(case.sla_resolution_deadline, at(9, 14))

    def test_at_risk_then_breached_by_cron(self):
        """NL, opened Monday 8:00, first response 4 h (at risk with 25 % left):
        at risk from 11:00, breached from 12:00. At risk gives the assignee and the
        supervisor an activity, once."""
        with freeze_time(at(0, 8)):
            case = self._case(user_id=self.agent_a.id)
        self.assertEqual(case.sla_first_response_deadline, at(0, 12))
        self.assertEqual(case.sla_risk_date, at(0, 11))
        with freeze_time(at(0, 10, 59)):
            self._sla_job()
            self.assertEqual(case.sla_status, "on_track")
        with freeze_time(at(0, 11, 30)):
            self._sla_job()
            self.assertEqual(case.sla_status, "at_risk")
        alerted = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cx_cases.mail_activity_type_sla_risk")
        )
        self.assertEqual(alerted.user_id, self.agent_a | self.supervisor_a)
        with freeze_time(at(0, 12, 30)):
            self._sla_job()
            self.assertEqual(case.sla_status, "breached")
        self.assertEqual(len(case.activity_ids), 2, "one alert per person, not per run")

    def test_met_when_solved_in_time(self):
        with freeze_time(at(0, 8)):
            case = self._case(user_id=self.agent_a.id)
        with freeze_time(at(0, 9)):
            case.with_user(self.agent_a).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(case.first_response_date, at(0, 9))
        self.assertEqual(case.sla_first_response_hours, 1.0)
        with freeze_time(at(1, 10)):
            case.action_start()
            case.action_solve()
        # Monday 8-17 (8 h) + Tuesday 8-10 (2 h).
        self.assertEqual(case.sla_resolution_hours, 10.0)
        self.assertEqual(case.sla_status, "met")
        self.assertEqual(case.sla_success, 100.0)
