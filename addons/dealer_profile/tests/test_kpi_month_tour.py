"""A month of KPIs, from the officer's entries to the published ranking, clicked in
Chromium."""

from odoo.tests import HttpCase, tagged

from .common import MONTH_1, DealerProfileCommon


@tagged("post_install", "-at_install")
class TestKpiMonthTour(DealerProfileCommon, HttpCase):

    def test_a_new_value_line_opens(self):
        """*New* in the KPI values list: a line without a KPI yet has no value or
        target to show (its onchange failed with 'Expected singleton: dealer.kpi()',
        and the list added no line)."""
        line = self.env["dealer.kpi.value"].with_user(self.officer).new({})
        self.assertFalse(line.value_display)
        self.assertFalse(line.target_display)

    def test_officer_records_kpis_and_manager_publishes_the_month(self):
        """Market A's officer types January's sales of two outlets in the KPI values
        list: the month's ratings follow at once (unpublished; before, values created in
        the list were rated by nothing). The network manager then publishes January
        from Rating Months and reads the ranking under Top
        Outlets of the Month: Haarlem (120 of a target of 100, capped) first with five
        stars, Amsterdam (80) second with three (the star bands)."""
        self.start_tour("/odoo/action-dealer_profile.dealer_kpi_value_action?view_type=list",
                        "dealer_profile_officer_records_kpis", login=self.officer.login)
        values = self.env["dealer.kpi.value"].search(
            [("kpi_id", "=", self.kpi_sales.id), ("month", "=", MONTH_1)])
        self.assertEqual(
            {(value.outlet_id, value.value, value.company_id) for value in values},
            {(self.outlet_a2, 120.0, self.market_a), (self.outlet_a, 80.0, self.market_a)},
        )
        self.assertEqual(values.create_uid, self.officer)
        self.assertEqual(self._rating(self.outlet_a2, MONTH_1).score, 100.0)
        self.assertEqual(self._rating(self.outlet_a, MONTH_1).score, 80.0)

        self.start_tour("/odoo/action-dealer_profile.dealer_rating_month_action",
                        "dealer_profile_manager_publishes_month", login=self.manager.login)
        month = self.env["dealer.rating.month"].search([("month", "=", MONTH_1)])
        self.assertRecordValues(month, [{
            "state": "published", "published_by_id": self.manager.id, "is_latest": True,
        }])
        self.assertRecordValues(
            self._rating(self.outlet_a2, MONTH_1) | self._rating(self.outlet_a, MONTH_1), [
                {"stars": "5", "rank_market": 1, "rank_network": 1, "state": "published"},
                {"stars": "3", "rank_market": 2, "rank_network": 2, "state": "published"},
            ])
        self.assertEqual(self.outlet_a2.rating_stars, "5")
