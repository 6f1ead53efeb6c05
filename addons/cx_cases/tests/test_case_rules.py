from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCaseCommon, CxCommon, at


@tagged("post_install", "-at_install")
class TestCaseServerRules(CxCaseCommon):
    """What a client cannot do to a case, whatever it sends (write/create as over
    JSON-RPC): forge the SLA figures, move a solved case's targets, drop its stage,
    take it to another market."""

    def test_sla_figures_cannot_be_written(self):
        forged = {
            "sla_status": "met", "sla_success": 100.0, "sla_first_response_hours": 0.1,
            "sla_resolution_hours": 0.5, "sla_deadline": "2099-01-01 00:00:00",
            "first_contact_resolution": True, "stage_kind": "closed",
        }
        before = self.case.sla_status
        for user in (self.agent_a, self.supervisor_a, self.cx_manager):
            for name, value in forged.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(UserError):
                    self.case.with_user(user).write({name: value})
        self.assertEqual(self.case.sla_status, before)
        self.assertEqual(self.stage["closed"].kind, "closed", "the stage itself is untouched")
        with self.assertRaises(UserError):
            self.env["cx.case"].with_user(self.agent_a).create({
                "name": "Forged", "team_id": self.team_a.id, "sla_status": "met",
            })

    def test_opening_date_is_the_servers(self):
        """A user's case opens now; only the server's own jobs (campaigns, the demo)
        date one in the past, so that no one moves its deadlines."""
        with self.assertRaises(UserError):
            self.env["cx.case"].with_user(self.agent_a).create({
                "name": "Backdated", "team_id": self.team_a.id, "date_open": "2030-01-01",
            })
        case = self.env["cx.case"].sudo().create({
            "name": "Imported", "team_id": self.team_a.id, "date_open": at(1, 9),
        })
        self.assertEqual(case.date_open, at(1, 9))

    def test_only_supervisors_choose_the_sla_policy(self):
        lenient = self.env["cx.sla.policy"].create({
            "name": "Lenient", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "first_response_hours": 40, "resolution_hours": 400,
        })
        with self.assertRaises(AccessError):
            self.as_agent.write({"sla_policy_id": lenient.id})
        self.case.with_user(self.supervisor_a).write({"sla_policy_id": lenient.id})
        self.assertEqual(self.case.sla_policy_id, lenient)

    def test_solved_case_targets_are_final(self):
        self._solve()
        urgent = {"priority": "3"}
        for user in (self.agent_a, self.supervisor_a):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.case.with_user(user).write(urgent)
        with self.assertRaises(UserError):
            self.case.with_user(self.supervisor_a).write({"sla_policy_id": self.policy_b.id})
        # Unchanged values and other fields are fine; a reopened case can be changed.
        self.as_agent.write({"priority": self.case.priority, "name": "Cable lock (solved)"})
        self.as_agent.action_reopen()
        self.as_agent.write(urgent)
        self.assertEqual(self.case.priority, "3")

    def test_a_case_always_has_a_stage(self):
        with self.assertRaises(UserError):
            self.as_agent.write({"stage_id": False})
        self.assertEqual(self.case.stage_kind, "new")

    def test_case_cannot_leave_for_another_market(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_agent.write({"team_id": self.team_b.id})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.case.with_user(self.supervisor_a).write(
                {"team_id": False, "company_id": self.market_b.id}
            )
        self.assertEqual(self.case.company_id, self.market_a)
        # A manager of every market moves it.
        self.case.with_user(self.cx_manager).write({"team_id": self.team_b.id})
        self.assertEqual(self.case.company_id, self.market_b)


@tagged("post_install", "-at_install")
class TestCaseSlaRules(CxCommon):
    """Which cases the SLA measures, and when its deadlines move."""

    def test_outbound_cases_have_no_sla(self):
        """A courtesy call planned for in two weeks is not 'breached' tonight."""
        with freeze_time(at(0, 8)):
            call = self._case(channel="proactive", date_due=at(14, 9), user_id=self.agent_a.id)
        self.assertFalse(call.sla_policy_id)
        self.assertFalse(call.sla_status)
        with freeze_time(at(1, 9)):
            self._sla_job()
        self.assertFalse(call.activity_ids)

    def test_policy_change_moves_open_cases_only(self):
        with freeze_time(at(0, 8)):
            open_case = self._case()
            solved = self._case()
            solved.action_start()
        with freeze_time(at(0, 9)):
            solved.action_solve()
        self.assertEqual(open_case.sla_first_response_deadline, at(0, 12))
        self.assertEqual(solved.sla_status, "met")
        self.policy_a.first_response_hours = 0.5
        self.assertEqual(open_case.sla_first_response_deadline, at(0, 8, 30))
        self.assertEqual(open_case.sla_resolution_deadline, at(1, 17), "16 h, unchanged")
        self.assertEqual(solved.sla_status, "met", "a solved case keeps its figures")
        self.assertEqual(solved.sla_first_response_hours, 1.0)

    def test_new_holiday_moves_deadlines(self):
        """Opened Monday 9:00 in B (8 h a day): resolution 24 h, Wednesday 17:00;
        a holiday added on Tuesday pushes it to Thursday 17:00."""
        with freeze_time(at(0, 9)):
            case = self._case(team=self.team_b)
        self.assertEqual(case.sla_resolution_deadline, at(2, 17))
        self.env["resource.calendar.leaves"].create({
            "name": "Extra holiday", "calendar_id": self.calendar_b.id, "resource_id": False,
            "date_from": at(1, 0), "date_to": at(1, 23, 59),
        })
        self._sla_refresh_job()
        self.assertEqual(case.sla_resolution_deadline, at(3, 17))

    def test_new_working_hours_move_deadlines(self):
        """Opened Monday 9:00 in B: resolution (24 h) Wednesday 17:00. Closing at
        13:00 on Tuesday pushes it to Thursday 13:00. In New York's time zone (UTC-5
        in January) the case came in before Monday's hours: 8 h Monday, 4 h Tuesday,
        8 h Wednesday, 4 h Thursday, so 13:00 there, 18:00 UTC."""
        with freeze_time(at(0, 9)):
            case = self._case(team=self.team_b)
        self.assertEqual(case.sla_resolution_deadline, at(2, 17))
        self.calendar_b.attendance_ids.filtered(lambda a: a.dayofweek == "1").hour_to = 13
        self._sla_refresh_job()
        self.assertEqual(case.sla_resolution_deadline, at(3, 13))
        self.calendar_b.tz = "America/New_York"
        self._sla_refresh_job()
        self.assertEqual(case.sla_resolution_deadline, at(3, 18))

    def test_company_holiday_moves_deadlines(self):
        """A holiday without a calendar counts in every calendar: the same move. An
        employee's own leave changes no deadline."""
        with freeze_time(at(0, 9)):
            case = self._case(team=self.team_b)
        employee = self.env["resource.resource"].create({
            "name": "Agent B", "calendar_id": self.calendar_b.id,
            "company_id": self.market_b.id,
        })
        self.env["resource.calendar.leaves"].create({
            "name": "Agent B's day off", "calendar_id": self.calendar_b.id,
            "resource_id": employee.id, "date_from": at(1, 0), "date_to": at(1, 23, 59),
        })
        self._sla_refresh_job()
        self.assertEqual(case.sla_resolution_deadline, at(2, 17))
        self.env["resource.calendar.leaves"].create({
            "name": "Network holiday", "calendar_id": False, "resource_id": False,
            "date_from": at(1, 0), "date_to": at(1, 23, 59),
        })
        self._sla_refresh_job()
        self.assertEqual(case.sla_resolution_deadline, at(3, 17))

    def test_cron_alerts_a_case_put_at_risk_by_a_write(self):
        """NL, opened Monday 8:00 (first response 4 h, at risk after 3 h), waiting for
        the customer from 11:15: 3 h 15 ran. The customer answers at 14:00: at risk at
        once (due 14:45), and the job's next run alerts before the case is late."""
        with freeze_time(at(0, 8)):
            case = self._case(user_id=self.agent_a.id)
        with freeze_time(at(0, 11, 15)):
            case.action_wait_customer()
        with freeze_time(at(0, 14)):
            self._customer_says(case, "Sorry, I was away. Here is the photo.")
            self.assertEqual(case.sla_first_response_deadline, at(0, 14, 45))
            self.assertEqual(case.sla_status, "at_risk")
            self.assertFalse(case.sla_alert_sent)
        with freeze_time(at(0, 14, 10)):
            self._sla_job()
        self.assertTrue(case.sla_alert_sent)
        self.assertEqual(case.activity_ids.user_id, self.agent_a | self.supervisor_a)

    def test_solving_is_a_first_response(self):
        with freeze_time(at(0, 8)):
            case = self._case()
        with freeze_time(at(0, 9)):
            case.action_solve()
        self.assertEqual(case.first_response_date, at(0, 9))
        self.assertEqual(case.sla_first_response_hours, 1.0)


@tagged("post_install", "-at_install")
class TestCaseReopenRules(CxCommon):
    """A message from the customer reopens a case; one from the service point does not."""

    def setUp(self):
        super().setUp()
        self.case = self._case(outlet_id=self.outlet_a.id)
        self.case.action_start()
        self.case.action_solve()

    def test_dealer_message_does_not_reopen(self):
        self._customer_says(self.case, "The car is ready for pick-up.",
                            partner=self.dealer_a.partner_id)
        self.assertEqual(self.case.stage_kind, "solved")
        self.assertEqual(self.case.reopen_count, 0)

    def test_customer_message_reopens(self):
        self._customer_says(self.case, "It rattles again.")
        self.assertEqual(self.case.stage_kind, "progress")
        self.assertEqual(self.case.reopen_count, 1)

    def test_waiting_case_resumes_from_the_form(self):
        case = self._case()
        case.action_wait_customer()
        case.with_user(self.agent_a).action_start()
        self.assertEqual(case.stage_kind, "progress")
        self.assertTrue(case.pause_ids.date_end)


@tagged("post_install", "-at_install")
class TestOutletTakesPart(CxCommon):
    """The Space manager of a case's outlet follows it: mailed the conversation, never
    the internal notes."""

    def test_outlet_manager_follows_and_hears_the_customer(self):
        case = self._case(outlet_id=self.outlet_a.id)
        self.assertIn(self.dealer_a.partner_id, case.message_partner_ids)
        reply = self._customer_says(case, "The noise is back since this morning.")
        self.assertIn(self.dealer_a.partner_id, reply.notification_ids.res_partner_id)
        note = case.message_post(body="INTERNAL: warranty claim refused before",
                                 subtype_xmlid="mail.mt_note")
        self.assertNotIn(self.dealer_a.partner_id, note.notification_ids.res_partner_id)

    def test_outlet_set_later(self):
        case = self._case()
        self.assertNotIn(self.dealer_b.partner_id, case.message_partner_ids)
        case.with_user(self.cx_manager).write({"outlet_id": self.outlet_b.id,
                                                "team_id": self.team_b.id})
        self.assertIn(self.dealer_b.partner_id, case.message_partner_ids)
