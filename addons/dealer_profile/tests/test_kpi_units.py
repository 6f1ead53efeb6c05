from lxml import etree

from odoo.tests import HttpCase, TransactionCase, tagged

from .common import MONTH_1, MONTH_3, DealerProfileCommon, graph_groups


@tagged("post_install", "-at_install")
class TestKpiUnitsData(TransactionCase):
    def test_shipped_kpis_have_units(self):
        """Every KPI the suite ships says what its values count."""
        kpis = self.env["dealer.kpi"].with_context(active_test=False).search([])
        shipped = kpis.filtered(lambda kpi: kpi.get_external_id().get(kpi.id))
        self.assertTrue(shipped)
        self.assertFalse(shipped.filtered(lambda kpi: not kpi.unit),
                         "KPIs without a unit")


@tagged("post_install", "-at_install")
class TestKpiUnits(DealerProfileCommon):
    def test_format_with_unit_in_the_readers_language(self):
        """A Dutch dealer reads "7,2 uur", not "7.2 hours"."""
        self.env["res.lang"]._activate_lang("nl_NL")
        kpi = self.kpi_sales.with_context(lang="nl_NL")
        for unit, value, expected in (("hours", 7.2, "7,2 uur"), ("days", 3.0, "3 dagen"),
                                      ("%", 92.45, "92,5 %"), ("€", 1200.0, "€ 1200")):
            with self.subTest(unit=unit):
                kpi.unit = unit
                self.assertEqual(kpi._format_with_unit(value), expected)

    def test_format_with_unit(self):
        kpi = self.kpi_sales
        for unit, value, expected in (
            ("%", 92.0, "92 %"), ("%", 92.45, "92.5 %"), ("days", 3.0, "3 days"),
            ("/5", 4.2, "4.2 /5"), ("€", 1200.0, "€ 1200"), ("", 7.0, "7"),
            (False, 0.0, "0"),
        ):
            with self.subTest(unit=unit, value=value):
                kpi.unit = unit
                self.assertEqual(kpi._format_with_unit(value), expected)

    def test_values_and_outlet_tab_show_units(self):
        """A value and its target carry the KPI's unit; the outlet's KPI tab lists the
        newest value of each KPI."""
        self.kpi_sales.unit = "cars"
        self.kpi_response.unit = "hours"
        self._push_kpis(self.outlet_a, MONTH_1, sales=80, response=5)
        self._push_kpis(self.outlet_a, MONTH_1.replace(month=2), sales=95)
        latest = self.outlet_a.with_user(self.officer).latest_kpi_value_ids
        self.assertEqual(
            sorted((v.kpi_id.code, v.month.month, v.value_display, v.target_display)
                   for v in latest),
            [("test_response", 1, "5 hours", "4 hours"), ("test_sales", 2, "95 cars", "100 cars")],
        )
        self.assertFalse(self.outlet_b.with_user(self.officer).sudo().latest_kpi_value_ids)

    def test_graph_skips_months_without_values(self):
        """A month without a value of a KPI is no value of 0 on the KPI Values line
        graph: a German officer's audit KPIs of May and August fell to 0,00 in June and
        July (they are fed once an audit is validated); the KPIs' lines are not stacked
        (a month read 450, the sum of percentages, hours and counts)."""
        self._push_kpis(self.outlet_a, MONTH_1, 80)
        self._push_kpis(self.outlet_a, MONTH_3, 90)
        action = self.env.ref("dealer_profile.dealer_kpi_value_action")
        groups = graph_groups(action, "month:month", "value:avg", [
            ("outlet_id", "=", self.outlet_a.id), ("kpi_id.code", "=", "test_sales"),
        ])
        self.assertEqual([(group["month:month"][1], group["value:avg"]) for group in groups],
                         [("January 2024", 80.0), ("March 2024", 90.0)])
        graph = etree.fromstring(self.env["dealer.kpi.value"].get_view(view_type="graph")["arch"])
        self.assertEqual(graph.get("stacked"), "0", "no sum of different KPIs' values")


@tagged("post_install", "-at_install")
class TestKpiUnitsPortal(DealerProfileCommon, HttpCase):
    def test_dealer_sees_own_kpis_with_units(self):
        self.kpi_sales.unit = "cars"
        self._push_kpis(self.outlet_a, MONTH_1, sales=80)
        self._push_kpis(self.outlet_b, MONTH_1, sales=33)
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open(f"/my/outlets/{self.outlet_a.id}").text
        self.assertIn("o_dealer_portal_kpis", page)
        self.assertIn("80 cars", page)
        self.assertIn("100 cars", page)
        self.assertNotIn("33 cars", page)
