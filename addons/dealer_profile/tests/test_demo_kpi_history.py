"""The demo's rating history reads as the monthly cron left it."""

from datetime import datetime

from odoo.tests import tagged

from .common import MONTH_1, MONTH_2, DealerProfileCommon


@tagged("post_install", "-at_install")
class TestDemoKpiHistory(DealerProfileCommon):
    def test_months_published_on_the_first_of_the_next_month(self):
        """Each month the demo publishes reads as published by the daily cron on the
        first of the next month, its chatter line too (all twelve months read as
        published at the install's minute, the list a column of the same time)."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.kpi_history import publish_months  # noqa: PLC0415

        for month in (MONTH_1, MONTH_2):
            self._push_kpis(self.outlet_a, month, 90, 95)
        publish_months(self.env, [MONTH_1, MONTH_2])
        months = self.env["dealer.rating.month"].search([("month", "in", [MONTH_1, MONTH_2])],
                                                        order="month")
        self.assertEqual(months.mapped("state"), ["published", "published"])
        self.assertEqual(months.mapped("published_date"),
                         [datetime(2024, 2, 1, 5, 0), datetime(2024, 3, 1, 5, 0)])
        for month in months:
            self.assertEqual(set(month.message_ids.mapped("date")), {month.published_date})
        # Published already (a later module's KPIs): left as published then.
        publish_months(self.env, [MONTH_1, MONTH_2])
        self.assertEqual(months.mapped("published_date"),
                         [datetime(2024, 2, 1, 5, 0), datetime(2024, 3, 1, 5, 0)])

    def test_history_completed_after_publication_leaves_no_line(self):
        """A later module's demo KPIs of a published month: the month's ratings are
        recomputed with them, and its chatter keeps no "KPI values changed" or
        "ratings recomputed" line of the install."""
        from ..demo.kpi_history import history_completed, publish_months  # noqa: PLC0415

        self._push_kpis(self.outlet_a, MONTH_1, 90)
        self._push_kpis(self.outlet_b, MONTH_1, 60)
        publish_months(self.env, [MONTH_1])
        month = self.env["dealer.rating.month"].search([("month", "=", MONTH_1)])
        self.env.flush_all()
        self.env.cr.precommit.run()
        lines = month.message_ids
        before = self._rating(self.outlet_b, MONTH_1).score
        with history_completed(self.env):
            self._push_kpis(self.outlet_b, MONTH_1, 95, 99)
        self.assertFalse(month.needs_recompute)
        self.assertNotEqual(self._rating(self.outlet_b, MONTH_1).score, before)
        month.invalidate_recordset(["message_ids"])
        self.assertEqual(month.message_ids, lines)

    def test_history_completed_also_for_a_month_flagged_before(self):
        """A month flagged before the demo's completion (the mystery visits of the
        demo XML): its "KPI values changed" line goes too."""
        from ..demo.kpi_history import history_completed, publish_months  # noqa: PLC0415

        self._push_kpis(self.outlet_a, MONTH_1, 90)
        publish_months(self.env, [MONTH_1])
        month = self.env["dealer.rating.month"].search([("month", "=", MONTH_1)])
        self.env.flush_all()
        self.env.cr.precommit.run()
        lines = month.message_ids
        self._push_kpis(self.outlet_b, MONTH_1, 60)
        self.assertTrue(month.needs_recompute)
        with history_completed(self.env):
            pass
        self.assertFalse(month.needs_recompute)
        month.invalidate_recordset(["message_ids"])
        self.assertEqual(month.message_ids, lines)
