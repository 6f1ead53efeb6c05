from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestSlaAtScale(CxCommon):
    """What a calendar change and the SLA job cost does not grow with the open cases:
    deadlines are recomputed by a job in committed batches, alerts created in one go."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's cases and calendar changes: other data (a demo) is left out
        # of the queue and of the SLA job.
        cls.env["cx.sla.refresh"].search([]).unlink()
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE cx_case SET sla_status = NULL")
        cls.env.invalidate_all()

    def _open_cases(self, count, team=None, **vals):
        with freeze_time(at(0, 9)):
            cases = self.env["cx.case"].create([{
                "name": f"Scale case {index}", "team_id": (team or self.team_b).id,
                "partner_id": self.customer.partner_id.id, "channel": "email", **vals,
            } for index in range(count)])
            self.env.flush_all()  # deadlines as of their opening
        return cases

    def _holiday(self, day):
        return {"name": f"Holiday {day}", "calendar_id": self.calendar_b.id,
                "resource_id": False, "date_from": at(day, 0), "date_to": at(day, 23, 59)}

    def _save_queries(self, day):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["resource.calendar.leaves"].create(self._holiday(day))
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_holiday_save_cost_is_flat(self):
        """Saving a holiday costs the same with 10 or 100 open cases in its calendar."""
        self._open_cases(10)
        self._save_queries(4)  # caches warm
        few = self._save_queries(1)
        self._open_cases(90)
        many = self._save_queries(2)
        self.assertEqual(few, many)
        with self.assertQueryCount(few):
            self.env["resource.calendar.leaves"].create(self._holiday(3))
            self.env.flush_all()

    def test_deadlines_right_after_the_job(self):
        """Opened Monday 9:00 in B: resolution (24 h) Wednesday 17:00; a holiday on
        Tuesday moves it to Thursday 17:00 once the job ran, and empties the queue."""
        cases = self._open_cases(7)
        self.assertEqual(set(cases.mapped("sla_resolution_deadline")), {at(2, 17)})
        self.env["resource.calendar.leaves"].create(self._holiday(1))
        self.assertTrue(self.env["cx.sla.refresh"].search([]))
        self._sla_refresh_job(batch_size=3)
        self.assertEqual(set(cases.mapped("sla_resolution_deadline")), {at(3, 17)})
        self.assertFalse(self.env["cx.sla.refresh"].search([]))

    def test_job_resumes_after_the_last_batch_done(self):
        """Out of time after the first batch: that batch is done and committed, the
        next run goes on from the case after it."""
        cases = self._open_cases(5)
        self.env["resource.calendar.leaves"].create(self._holiday(1))
        Cron = type(self.env["ir.cron"])
        with patch.object(Cron, "_commit_progress", autospec=True, side_effect=[1, 0]):
            self._sla_refresh_job(batch_size=2)
        self.assertEqual(cases.mapped("sla_resolution_deadline"),
                         [at(3, 17)] * 2 + [at(2, 17)] * 3)
        entry = self.env["cx.sla.refresh"].search([])
        self.assertEqual(entry.done_case_id, cases[1].id)
        self._sla_refresh_job(batch_size=2)
        self.assertEqual(set(cases.mapped("sla_resolution_deadline")), {at(3, 17)})

    def test_later_change_supersedes_a_queued_one(self):
        cases = self._open_cases(2)
        self.env["resource.calendar.leaves"].create([self._holiday(1)])
        self.env["resource.calendar.leaves"].create([self._holiday(2)])
        self.assertEqual(len(self.env["cx.sla.refresh"].search([])), 2)
        self._sla_refresh_job()
        # Tuesday and Wednesday off: 8 h Monday, 8 h Thursday, 8 h Friday.
        self.assertEqual(set(cases.mapped("sla_resolution_deadline")), {at(4, 17)})
        self.assertFalse(self.env["cx.sla.refresh"].search([]))

    def _alert_queries(self, count):
        """Queries of the SLA job alerting ``count`` late cases of team A (an
        assignee and a supervisor each)."""
        cases = self._open_cases(count, team=self.team_a, user_id=self.agent_a.id)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with freeze_time(at(1, 9)):
            self._sla_job(batch_size=1000)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(set(cases.mapped("sla_status")), {"breached"})
        self.assertTrue(all(cases.mapped("sla_alert_sent")))
        for case in cases:
            self.assertEqual(case.activity_ids.user_id, self.agent_a | self.supervisor_a)
        return queries

    def test_sla_job_queries_per_case(self):
        """A backlog of 50 late cases costs at most 3 queries a case more than 5."""
        few = self._alert_queries(5)
        many = self._alert_queries(50)
        self.assertLessEqual(many - few, 3 * 45, f"5 cases: {few} queries, 50: {many}")

    def test_sla_job_commits_batches(self):
        self._open_cases(5, team=self.team_a, user_id=self.agent_a.id)
        Cron = type(self.env["ir.cron"])
        with freeze_time(at(1, 9)), patch.object(
            Cron, "_commit_progress", autospec=True, return_value=1
        ) as progress:
            self._sla_job(batch_size=2)
        # The count first, then one commit per batch of 2: 2 + 2 + 1.
        self.assertEqual([call.args[1:] for call in progress.call_args_list],
                         [(), (2,), (2,), (1,)])
