from datetime import datetime, timedelta
from unittest.mock import patch

import babel.dates
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.models import BaseModel
from odoo.tests import tagged

from odoo.addons.web.models.models import Base as WebBase

from .common import CxCommon, at

# Every figure of the analysis with the aggregate its field declares.
VIEW_MEASURES = [
    "__count", "case_count:sum", "breached_count:sum", "reopen_count:sum",
    "first_response_hours:avg", "resolution_hours:avg", "sla_success:avg",
    "first_contact_resolution:avg", "csat:avg", "rating_value:avg",
    "reminder_count:sum", "verify_call_count:sum", "autoclosed_count:sum",
    "recovery_count:sum", "recovery_rate:avg", "recovery_hours:avg",
]



def answer_and_solve(case, agent):
    """The agent answers at 9:00 on Monday 7 January 2030 and solves the case on
    Tuesday at 10:00."""
    with freeze_time(at(0, 9)):
        case.with_user(agent).message_post(
            body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
    with freeze_time(at(1, 10)):
        case.action_start()
        case.action_solve()


def close_and_rate(case, score):
    case.action_record_confirmation("Called the customer: all is well.")
    case.rating_apply(score, token=case._rating_get_access_token())

@tagged("post_install", "-at_install")
class TestCaseReport(CxCommon):
    """The analysis averages each figure over the cases it applies to (NL calendar,
    first response 4 h, resolution 16 h, from Monday 7 January 2030 8:00):

    - answered at 9:00, solved Tuesday 10:00 and rated 5; reopened Wednesday 9:00,
      solved again at 10:00 (1 h and 11 h: met) and rated 1 (the last answer counts);
    - still open and unanswered;
    - solved Thursday 10:00 without an earlier answer: 26 h for both, breached."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(at(0, 8)):
            cls.quick = cls._case(name="Quick", user_id=cls.agent_a.id)
            cls.waiting = cls._case(name="Unanswered")
            cls.slow = cls._case(name="Slow")
            cls.other_market = cls._case(name="Belgian", team=cls.team_b)
        answer_and_solve(cls.quick, cls.agent_a)
        with freeze_time(at(3, 10)):
            cls.slow.action_solve()
        with freeze_time(at(1, 11)):
            close_and_rate(cls.quick, 5)
        with freeze_time(at(2, 9)):
            cls.quick.message_post(
                body="It rattles again", author_id=cls.quick.partner_id.id,
                message_type="email", subtype_xmlid="mail.mt_comment",
            )
        with freeze_time(at(2, 10)):
            cls.quick.action_solve()
        with freeze_time(at(2, 11)):
            close_and_rate(cls.quick, 1)
        cls.env.flush_all()

    def _totals(self, user=None):
        Report = self.env["cx.case.report"]
        if user:
            Report = Report.with_user(user)
        # The recovery case the last answer (1) opened is measured apart (test_recovery).
        [row] = Report._read_group(
            [("team_id", "=", self.team_a.id), ("recovery_count", "=", 0)], [],
            ["case_count:sum", "first_response_hours:avg", "resolution_hours:avg",
             "sla_success:avg", "csat:avg", "rating_value:avg", "breached_count:sum"],
        )
        return row

    def test_figures_count_only_the_cases_they_apply_to(self):
        self.assertEqual(self.quick.sla_status, "met")
        self.assertEqual(self.quick.sla_resolution_hours, 11.0)
        count, response, resolution, success, csat, rating, breached = self._totals()
        self.assertEqual(count, 3)
        self.assertAlmostEqual(response, (1 + 26) / 2, msg="the unanswered case is left out")
        self.assertEqual(self.slow.sla_resolution_hours, 26.0)
        self.assertAlmostEqual(success, 50.0, msg="met and breached; the open case is left out")
        self.assertEqual(breached, 1)
        self.assertEqual(csat, 0.0, "the last answer (1) counts, not the best (5)")
        self.assertEqual(rating, 1.0)
        self.assertAlmostEqual(resolution, (11 + 26) / 2)

    def test_unsolved_and_unrated_cases_do_not_dilute(self):
        """The same three cases on cx.case average their zeros in: the report does not."""
        [(plain_response,)] = self.env["cx.case"]._read_group(
            [("team_id", "=", self.team_a.id)], [], ["sla_first_response_hours:avg"]
        )
        self.assertLess(plain_response, 13.5)
        self.assertAlmostEqual(self._totals()[1], 13.5)

    def test_csat_by_uses_the_last_answer(self):
        csat = self.env["cx.case"]._csat_by([("id", "=", self.quick.id)], "team_id")
        self.assertEqual(csat, {self.team_a: 0.0})

    def test_csat_trend_is_not_stacked(self):
        """The teams' percentages side by side (stacked, they rose to 600 %), as bars:
        a team without ratings in a month has no group, drawn as 0 (a line would dive
        to 0 %, a bar of 0 is not drawn). Unrated cases have no CSAT (NULL), not 0."""
        view = self.env.ref("cx_cases.cx_case_report_view_graph_csat")
        graph = self.env["cx.case.report"].get_view(view.id, "graph")["arch"]
        self.assertIn('stacked="0"', graph)
        self.assertIn('type="bar"', graph)
        self.env.flush_all()
        self.env.cr.execute("SELECT csat FROM cx_case_report WHERE case_id = %s",
                            [self.waiting.id])
        self.assertIsNone(self.env.cr.fetchone()[0])

    def test_access_per_role(self):
        """Supervisors analyse their markets, managers all; agents and portal users
        have no analysis."""
        rows = self.env["cx.case.report"].with_user(self.supervisor_a).search([])
        self.assertIn(self.quick.id, rows.case_id.ids)
        self.assertNotIn(self.other_market.id, rows.case_id.ids)
        rows = self.env["cx.case.report"].with_user(self.cx_manager).search([])
        self.assertIn(self.other_market.id, rows.case_id.ids)
        for user in (self.agent_a, self.customer, self.dealer_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["cx.case.report"].with_user(user).search([])

    def _assert_same_groups(self, result, expected):
        self.assertEqual([len(groups) for groups in result], [len(groups) for groups in expected])
        for groups, expected_groups in zip(result, expected, strict=True):
            for group, expected_group in zip(groups, expected_groups, strict=True):
                for value, expected_value in zip(group, expected_group, strict=True):
                    if isinstance(expected_value, float):
                        self.assertAlmostEqual(value, expected_value, places=9, msg=group)
                    else:
                        self.assertEqual(value, expected_value, group)

    def test_pivot_rolls_up_the_standard_grouping_sets(self):
        """The pivot's one call (totals, rows, columns, cells) is computed from one
        aggregate per team and month: every measure, group and order is what the
        standard read gives, months in the user's time zone, through the market rule."""
        with freeze_time(datetime(2030, 1, 31, 23, 30)):  # 1 February in Brussels
            self._case(name="Late on 31 January (UTC)", team=self.team_b)
        self.env.flush_all()
        measures = [*VIEW_MEASURES, "rating_value:min", "date_open:max", "case_id:count"]
        sets = [[], ["team_id"], ["date_open:month"], ["team_id", "date_open:month"]]
        order = "team_id, date_open:month"
        for user in (self.cx_manager, self.supervisor_a):
            Report = self.env["cx.case.report"].with_user(user).with_context(
                tz="Europe/Brussels", allowed_company_ids=user.company_ids.ids)
            with self.subTest(user=user.login):
                self.assertTrue(Report._can_roll_up(sets, ("team_id", "date_open:month"),
                                                    measures, order))
                result = Report._read_grouping_sets([], sets, measures, order=order)
                self._assert_same_groups(result, BaseModel._read_grouping_sets(
                    Report, [], sets, measures, order=order))
                cells = {(team, month): count for team, month, count, *__ in result[3]}
                if user == self.cx_manager:
                    self.assertEqual(cells[self.team_b, datetime(2030, 2, 1)], 1)
                else:
                    self.assertNotIn(self.team_b, {team for team, __ in cells})
                self.assertEqual(cells[self.team_a, datetime(2030, 1, 1)], 4,
                                 "three cases and the recovery case")

    def test_pivot_labels_as_core_formats_them(self):
        """The web client's call labels each month once (not once per team and month)
        and every group gets core's label, range and domain."""
        with freeze_time(datetime(2030, 1, 31, 23, 30)):  # 1 February in Brussels
            self._case(name="Late on 31 January (UTC)", team=self.team_b)
        self.env.flush_all()
        Report = self.env["cx.case.report"].with_context(tz="Europe/Brussels", lang="nl_NL")
        self.env["res.lang"]._activate_lang("nl_NL")
        sets = [[], ["team_id"], ["date_open:month"], ["team_id", "date_open:month"]]
        args = ([], sets, ["__count", "csat:avg"])
        labels = patch.object(babel.dates, "format_datetime", wraps=babel.dates.format_datetime)
        core = WebBase._web_read_group_groupby_formatter
        with patch.object(type(Report), "_web_read_group_groupby_formatter", core), \
                labels as per_group:
            expected = Report.formatted_read_grouping_sets(*args, order="team_id")
        with labels as once:
            result = Report.formatted_read_grouping_sets(*args, order="team_id")
        self.assertEqual(result, expected)
        self.assertIn(("2030-01-31 23:00:00", "februari 2030"),
                      [group["date_open:month"] for group in result[2]])
        self.assertEqual(per_group.call_count, len(result[2]) + len(result[3]))
        self.assertEqual(once.call_count, len(result[2]))

    def test_pivot_reads_other_aggregates_as_standard(self):
        """An aggregate that does not roll up (distinct count), a domain that matches
        nothing: the standard read's result."""
        Report = self.env["cx.case.report"].with_context(tz="Europe/Brussels")
        sets = [[], ["team_id"]]
        for domain, measures in (([], ["__count", "user_id:count_distinct"]),
                                 ([("team_id", "=", self.team_b.id), ("channel", "=", "social")],
                                  ["__count", "csat:avg"])):
            with self.subTest(domain=domain, measures=measures):
                self._assert_same_groups(
                    Report._read_grouping_sets(domain, sets, measures, order="team_id"),
                    BaseModel._read_grouping_sets(Report, domain, sets, measures,
                                                  order="team_id"),
                )


@tagged("post_install", "-at_install")
class TestPivotPeriods(CxCommon):
    """The roll-up tells a case's day, month, quarter or year in the user's time zone
    from the periods' first moments (computed once) instead of converting each case's
    date: around the clock changes of 2030 in Brussels (at 01:00 UTC) and Santiago (at
    local midnight), it gives the standard read's groups, or falls back to it."""

    ZONES = ("Europe/Brussels", "America/Santiago")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        moments = [datetime(2030, 1, 31, 23, 30), datetime(2030, 12, 31, 22, 59)]
        # The clock changes of 2030 (UTC): Brussels 31 March and 27 October at 01:00,
        # Santiago 7 April at 03:00 (back from local midnight to 23:00) and 8 September
        # at 04:00 (local midnight to 01:00); every half hour four hours around them.
        for change in (datetime(2030, 3, 31, 1), datetime(2030, 10, 27, 1),
                       datetime(2030, 4, 7, 3), datetime(2030, 9, 8, 4)):
            moments += [change + timedelta(minutes=30 * step) for step in range(-8, 9)]
        cases = cls.env["cx.case"].create([
            {"name": f"At {moment}", "team_id": cls.team_a.id,
             "partner_id": cls.customer.partner_id.id, "channel": "email"}
            for moment in moments
        ])
        cls.env.flush_all()
        for case, moment in zip(cases, moments, strict=True):
            cls.env.cr.execute("UPDATE cx_case SET date_open = %s WHERE id = %s",
                               [moment, case.id])
        cls.env.invalidate_all()

    def test_periods_are_the_standard_reads(self):
        measures = ["__count", "first_response_hours:avg"]
        for zone in self.ZONES:
            for granularity in ("day", "month", "quarter", "year"):
                spec = f"date_open:{granularity}"
                sets = [[], [spec], ["team_id", spec]]
                Report = self.env["cx.case.report"].with_context(tz=zone)
                with self.subTest(zone=zone, granularity=granularity):
                    order = f"{spec}, team_id"
                    result = Report._read_grouping_sets([], sets, measures, order=order)
                    expected = BaseModel._read_grouping_sets(Report, [], sets, measures,
                                                             order=order)
                    TestCaseReport._assert_same_groups(self, result, expected)

    def test_periods_told_without_converting_each_case(self):
        """Brussels changes its clocks at 01:00 UTC, never at a period's first moment:
        the comparison is used. So it is in Santiago for months (its clock changes on
        a Saturday night, not on the first of a month in 2030)."""
        query = self.env["cx.case.report"]._search([])
        for zone, spec in (("Europe/Brussels", "date_open:day"),
                           ("Europe/Brussels", "date_open:month"),
                           ("America/Santiago", "date_open:month")):
            with self.subTest(zone=zone, spec=spec):
                Report = self.env["cx.case.report"].with_context(tz=zone)
                self.assertIn("width_bucket", Report._rollup_groupby(spec, query).code)
        Report = self.env["cx.case.report"].with_context(tz="Europe/Brussels")
        self.assertNotIn("width_bucket", Report._rollup_groupby("date_open:week", query).code)
        self.assertNotIn("width_bucket", Report._rollup_groupby("solved_date:month", query).code)

    def test_percentages_with_one_decimal(self):
        """Case Analysis writes its shares with one decimal, as the KPIs and the team
        overview do (the pivot read 'SLA uppfyllt 66,67' next to 'CSAT 81,6 %')."""
        described = self.env["cx.case.report"].fields_get(
            ["sla_success", "first_contact_resolution", "csat", "recovery_rate"])
        for name, field in described.items():
            self.assertEqual(field["digits"], (5, 1), name)


@tagged("post_install", "-at_install")
class TestPivotSummary(CxCommon):
    """The pivot adds up daily figures per market, team and channel (kept by triggers
    on cx_case, folded by an hourly job) instead of reading every case: whatever
    changed a case, before and after the fold, it gives the standard read's groups
    and figures, months in Brussels (the days holding 23:00 UTC on the last of a
    month read from the cases)."""

    MEASURES = [*VIEW_MEASURES, "first_response_hours:sum", "csat:count"]
    SETS = [[], ["team_id"], ["date_open:month"], ["team_id", "date_open:month"]]
    ORDER = "team_id, date_open:month"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(at(0, 8)):
            cls.quick = cls._case(name="Quick", user_id=cls.agent_a.id)
            cls.slow = cls._case(name="Slow", channel="phone")
            cls.belgian = cls._case(name="Belgian", team=cls.team_b)
        answer_and_solve(cls.quick, cls.agent_a)
        with freeze_time(at(1, 11)):
            close_and_rate(cls.quick, 2)
        with freeze_time(at(3, 10)):
            cls.slow.action_solve()
        with freeze_time(datetime(2030, 1, 31, 23, 30)):  # 1 February in Brussels
            cls.late = cls._case(name="Late on 31 January (UTC)", team=cls.team_b)
        with freeze_time(datetime(2030, 2, 1, 0, 0)):  # midnight UTC exactly
            cls.midnight = cls._case(name="At midnight", channel="phone")
        cls.env.flush_all()

    def _report(self, user):
        return self.env["cx.case.report"].with_user(user).with_context(
            tz="Europe/Brussels", allowed_company_ids=user.company_ids.ids)

    def _assert_standard(self, domain, summary=True):
        """The pivot's call gives the standard read's result, for a manager and a
        supervisor (market rule), from the daily figures or (``summary`` False) not."""
        for user in (self.cx_manager, self.supervisor_a):
            Report = self._report(user)
            with self.subTest(user=user.login, domain=domain), patch.object(
                type(Report), "_summary_rows", autospec=True,
                side_effect=type(Report)._summary_rows,
            ) as rows:
                result = Report._read_grouping_sets(domain, self.SETS, self.MEASURES,
                                                    order=self.ORDER)
                self.assertEqual(rows.called, summary)
                TestCaseReport._assert_same_groups(self, result, BaseModel._read_grouping_sets(
                    Report, domain, self.SETS, self.MEASURES, order=self.ORDER))

    def _assert_kept(self):
        """The daily figures and the log add up to the figures computed anew."""
        query = """
            SELECT day, company_id, team_id, channel, %s FROM (
                SELECT * FROM cx_case_report_day UNION ALL SELECT * FROM cx_case_report_delta
            ) kept GROUP BY 1, 2, 3, 4 HAVING SUM(case_count__n) > 0 ORDER BY 1, 2, 3, 4
        """
        cr = self.env.cr
        cr.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = 'cx_case_report_day' AND column_name NOT IN "
                   "('day', 'company_id', 'team_id', 'channel') ORDER BY column_name")
        sums = ", ".join(f"round(SUM({name})::numeric, 9)" for name, in cr.fetchall())
        cr.execute(query % sums)
        kept = cr.fetchall()
        with self.env.cr.savepoint(flush=False) as savepoint:
            self.env["cx.case.report"]._summary_rebuild()
            cr.execute(query % sums)
            self.assertEqual(kept, cr.fetchall())
            savepoint.rollback()

    def test_pivot_reads_the_daily_figures(self):
        """Filters on the keys and on the opening date (a bound within a day and one
        at midnight exactly) are answered from the daily figures."""
        for domain in (
            [],
            [("channel", "!=", "proactive")],
            [("team_id", "=", self.team_a.id)],
            [("date_open", ">=", "2030-01-07 08:30:00"),
             ("date_open", "<=", "2030-02-01 00:00:00")],
            [("date_open", ">", "2030-02-01 00:00:00")],
        ):
            self._assert_standard(domain)
        self._assert_kept()

    def test_changes_reach_the_pivot(self):
        """Changes logged by the triggers count at once; the hourly job folds them
        into the daily figures, which then give the same result."""
        Report = self.env["cx.case.report"]
        cron = self.env.ref("cx_cases.ir_cron_report_summary")
        self.assertEqual((cron.model_id.model, cron.code),
                         ("cx.case.report", "model._cron_summary_fold()"))
        Report._cron_summary_fold()
        self.env.cr.execute("SELECT count(*) FROM cx_case_report_delta")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        with freeze_time(at(4, 9)):
            moved = self._case(name="Moved to the other team", channel="chat")
            moved.write({"team_id": self.team_b.id})
            self.belgian.action_start()
            self.belgian.action_solve()
        self.late.unlink()
        self.env.cr.execute("UPDATE cx_case SET date_open = %s WHERE id = %s",
                            [datetime(2030, 3, 3, 12), self.midnight.id])
        self.env.invalidate_all()
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM cx_case_report_delta")
        self.assertGreater(self.env.cr.fetchone()[0], 0)
        self._assert_standard([])
        self._assert_kept()
        Report._cron_summary_fold()
        self.env.cr.execute("SELECT count(*) FROM cx_case_report_delta")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute("SELECT count(*) FROM cx_case_report_day WHERE case_count__n = 0")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no day row without a case")
        self._assert_standard([])
        self._assert_kept()

    def test_other_reads_read_the_cases(self):
        """A filter or grouping on anything else, or a minimum, reads the cases."""
        self._assert_standard([("stage_kind", "=", "new")], summary=False)
        Report = self._report(self.cx_manager)
        for sets, measures in (
            ([[], ["user_id"]], ["__count", "csat:avg"]),
            (self.SETS, ["__count", "rating_value:min"]),
        ):
            with self.subTest(sets=sets, measures=measures), patch.object(
                type(Report), "_summary_rows", autospec=True,
                side_effect=type(Report)._summary_rows,
            ) as rows:
                Report._read_grouping_sets([], sets, measures)
                self.assertFalse(rows.called)

    def test_graph_reads_the_daily_figures(self):
        """The graph views' and the server's reads (one grouping, with or without a
        time zone) come from the daily figures too, as the standard read gives them."""
        for tz in ("Europe/Brussels", False):
            Report = self.env["cx.case.report"].with_context(tz=tz)
            for groupby, aggregates, order in (
                (["date_open:month", "channel"], ["__count", "case_count:sum"], None),
                (["team_id", "date_open:month"], ["csat:avg", "first_response_hours:avg"],
                 "team_id desc, date_open:month"),
            ):
                with self.subTest(tz=tz, groupby=groupby), patch.object(
                    type(Report), "_summary_rows", autospec=True,
                    side_effect=type(Report)._summary_rows,
                ) as rows:
                    result = Report._read_group([("channel", "!=", "proactive")], groupby,
                                                aggregates, order=order)
                    self.assertTrue(rows.called)
                    expected = BaseModel._read_group(
                        Report, [("channel", "!=", "proactive")], groupby, aggregates,
                        order=order)
                    TestCaseReport._assert_same_groups(self, [result], [expected])
