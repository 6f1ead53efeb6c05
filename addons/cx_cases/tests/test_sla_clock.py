from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestSlaClock(CxCommon):
    """The SLA clock against hand-computed calendars (see CxCommon):
    NL: Mon-Fri 8-12 and 13-17, Saturday 9-13, holiday Tuesday 15 January;
    B: Mon-Fri 9-17. Day offsets from Monday 7 January 2030."""

    def test_weekend_skipped(self):
        """Friday 15:00 + 4 h in B: 2 h on Friday, 2 h on Monday."""
        self.assertEqual(self.calendar_b._cx_sla_deadline(at(4, 15), 4), at(7, 11))

    def test_saturday_open_in_nl(self):
        """Friday 16:00 + 3 h in NL: 1 h on Friday, 2 h on Saturday morning."""
        self.assertEqual(self.calendar_nl._cx_sla_deadline(at(4, 16), 3), at(5, 11))

    def test_public_holiday_skipped(self):
        """Monday 14 Jan 15:00 + 6 h in NL: 2 h Monday, Tuesday is a holiday,
        4 h on Wednesday morning. Without the holiday it would be Tuesday noon."""
        self.assertEqual(self.calendar_nl._cx_sla_deadline(at(7, 15), 6), at(9, 12))
        self.assertEqual(self.calendar_nl._cx_working_hours(at(7, 8), at(9, 8)), 8.0)

    def test_evening_closure(self):
        """Wednesday 16:30 + 1 h in NL: half an hour, then Thursday 8:00-8:30."""
        self.assertEqual(self.calendar_nl._cx_sla_deadline(at(2, 16, 30), 1), at(3, 8, 30))

    def test_lunch_break(self):
        """Monday 11:00 + 2 h in NL: 1 h before lunch, 1 h after it."""
        self.assertEqual(self.calendar_nl._cx_sla_deadline(at(0, 11), 2), at(0, 14))

    def test_pause_across_weekend(self):
        """B, opened Friday 10:00, 8 h target, paused Friday 14:00 until Monday 10:00:
        4 h ran before the pause, 4 h after it, so Monday 14:00."""
        pauses = ((at(4, 14), at(7, 10)),)
        self.assertEqual(self.calendar_b._cx_sla_deadline(at(4, 10), 8, pauses), at(7, 14))
        self.assertEqual(self.calendar_b._cx_sla_elapsed(at(4, 10), at(7, 12), pauses), 6.0)
        # Without the pause: 7 h on Friday, 1 h on Monday.
        self.assertEqual(self.calendar_b._cx_sla_deadline(at(4, 10), 8), at(7, 10))

    def test_several_targets_in_one_walk(self):
        """A case's deadlines and at-risk moments come from one walk over the calendar
        (B, opened Friday 10:00, paused Friday 14:00 until Monday 10:00): 3 h Friday
        13:00, 4 h Friday 14:00 (when the pause starts), 6 h Monday 12:00, 8 h Monday
        14:00, 24 h Wednesday 14:00; in the order asked. A pause still running stops
        the clock for good: only what is reached before it has a deadline."""
        pauses = ((at(4, 14), at(7, 10)),)
        self.assertEqual(
            self.calendar_b._cx_sla_deadlines(at(4, 10), [3, 4, 8, 6, 24], pauses),
            [at(4, 13), at(4, 14), at(7, 14), at(7, 12), at(9, 14)],
        )
        self.assertEqual(
            self.calendar_b._cx_sla_deadlines(at(4, 10), [1, 2, 8], ((at(4, 11), False),)),
            [at(4, 11), False, False],
        )

    def test_running_pause_has_no_deadline(self):
        pauses = ((at(4, 14), False),)
        self.assertFalse(self.calendar_b._cx_sla_deadline(at(4, 10), 8, pauses))

    def test_pause_after_deadline_is_irrelevant(self):
        pauses = ((at(0, 14), at(0, 15)),)
        self.assertEqual(self.calendar_b._cx_sla_deadline(at(0, 9), 2, pauses), at(0, 11))

    def test_next_working_day(self):
        self.assertEqual(self.calendar_b._cx_next_working_start(at(4, 16)), at(7, 9))
        self.assertEqual(self.calendar_nl._cx_next_working_start(at(4, 16)), at(5, 9))
        # Monday 14 January: the next working day is Wednesday (holiday Tuesday).
        self.assertEqual(self.calendar_nl._cx_next_working_start(at(7, 10)), at(9, 8))

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
            self.env["cx.case"]._cron_sla_check()
            self.assertEqual(case.sla_status, "on_track")
        with freeze_time(at(0, 11, 30)):
            self.env["cx.case"]._cron_sla_check()
            self.assertEqual(case.sla_status, "at_risk")
        alerted = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cx_cases.mail_activity_type_sla_risk")
        )
        self.assertEqual(alerted.user_id, self.agent_a | self.supervisor_a)
        with freeze_time(at(0, 12, 30)):
            self.env["cx.case"]._cron_sla_check()
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
