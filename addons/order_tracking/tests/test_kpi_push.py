from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestHandoverKpiPush(OrderTrackingCommon):
    """order_tracking feeds dealer_profile's handover_on_time KPI from the handover
    events it receives, through the one KPI API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = cls.today.replace(day=1) - relativedelta(months=1)
        cls.planned = cls.month + timedelta(days=9)
        cls.count = 0

    @classmethod
    def _delivered(cls, outlet, delivered, planned=None, customer=None):
        """An order handed over on ``delivered`` through the factory's handover event."""
        cls.count += 1
        order = cls._create_order(
            f"T-KPI-{cls.count:04d}", customer or cls.customer_1, outlet,
            order_date=delivered - timedelta(days=90),
            planned_handover_date=planned if planned is not None else cls.planned,
        )
        cls._event(order, "V999", actual_date=delivered)
        return order

    def _values(self, values, month=None):
        return {
            v.outlet_id: v for v in values
            if v.kpi_id.code == "handover_on_time" and v.month == (month or self.month)
        }

    def test_on_time_share_per_outlet(self):
        """Outlet A: 2 of 3 on time (one on the planned day itself); outlet B: 0 of 1.
        Orders without a planned date, delivered in another month or not delivered do
        not count."""
        self._delivered(self.outlet_a, self.month + timedelta(days=3))
        self._delivered(self.outlet_a, self.planned)
        self._delivered(self.outlet_a, self.month + timedelta(days=20))
        self._delivered(self.outlet_a, self.month + timedelta(days=20), planned=False)
        self._delivered(self.outlet_a, self.month - timedelta(days=2),
                        planned=self.month - timedelta(days=5))
        self._delivered(self.outlet_b, self.month + timedelta(days=15))
        self.assertEqual(self.order_1.state, "open")
        values = self._values(self.env["dealer.outlet"]._cron_push_handover_kpis())
        self.assertEqual(values[self.outlet_a].value, 66.7)
        self.assertEqual(values[self.outlet_b].value, 0.0)
        self.assertNotIn(self.outlet_a2, values)
        stored = self.env["dealer.kpi.value"].search([
            ("kpi_id.code", "=", "handover_on_time"), ("month", "=", self.month),
            ("outlet_id", "in", (self.outlet_a | self.outlet_b).ids),
        ])
        self.assertEqual(
            {(v.outlet_id, v.value, v.source) for v in stored},
            {(self.outlet_a, 66.7, "order_tracking"), (self.outlet_b, 0.0, "order_tracking")},
        )

    def test_push_query_count_independent_of_outlets(self):
        """One query for the figures, one batch through the KPI API: two outlets or
        eight cost the same."""
        few = self.outlet_a | self.outlet_b
        many = few | self.env["dealer.outlet"].browse([
            self._create_outlet(f"Test KPI outlet {i}", f"TKPI{i}", self.market_a).id
            for i in range(6)
        ])
        Outlet = self.env["dealer.outlet"]
        months = [self.month - relativedelta(months=n) for n in range(3)]
        for month, outlets in zip(months, (few, many, few), strict=True):
            for outlet in outlets:
                self._delivered(outlet, month + timedelta(days=3),
                                planned=month + timedelta(days=9))
        self._months_for_a_feed(*months)
        Outlet._cron_push_handover_kpis(months[2])  # warms the ORM's caches
        for month, outlets in zip(months[:2], (few, many), strict=True):
            self.env.cr.flush()
            self.env.invalidate_all()
            with self.subTest(outlets=len(outlets)), self.assertQueryCount(__system__=8):
                values = Outlet._cron_push_handover_kpis(month)
            self.assertLessEqual(set(outlets), set(self._values(values, month)))
