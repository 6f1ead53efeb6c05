from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestTestDriveConversionKpi(CxCommon):
    """cx_cases feeds dealer_profile's test_drive_conversion KPI: a test drive converts
    when its customer orders a vehicle (any outlet) within 30 days. A drive counts in
    the month its 30 days end, so the monthly push is final."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = date.today().replace(day=1) - relativedelta(months=1)
        # Drives done in this span have their 30 days end in ``month``.
        cls.first_day = cls.month - timedelta(days=30)
        cls.count = 0

    @classmethod
    def _drive(cls, outlet, day, ordered_after=None, order_outlet=None):
        """A test drive on ``day`` (noon UTC), and an order of its customer
        ``ordered_after`` days later."""
        cls.count += 1
        drive = cls.env["cx.test.drive"].create({
            "customer_name": f"Driver {cls.count}",
            "email": f"kpi.driver{cls.count}@drivers.example.org",
            "vehicle_model": "Aurora Polaris 4", "outlet_id": outlet.id,
            "date": datetime.combine(day, time(12, 0)),
        })
        if ordered_after is not None:
            cls.env["vehicle.order"].create({
                "partner_id": drive.partner_id.id,
                "outlet_id": (order_outlet or outlet).id,
                "vehicle_model": "Aurora Polaris 4",
                "order_date": day + timedelta(days=ordered_after),
            })
        return drive

    def _rated_case(self, month):
        """A case of outlet A solved and rated 5 in ``month``: every month measured
        reads the same CSAT queries, whatever the demo data holds."""
        with freeze_time(datetime.combine(month + timedelta(days=2), time(9, 0))):
            case = self._case(outlet_id=self.outlet_a.id, user_id=self.agent_a.id)
            case.with_user(self.agent_a).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            case.action_start()
            case.action_solve()
            case.sudo()._confirm_by_customer("email")
            case.rating_apply(5, token=case._rating_get_access_token(), feedback="Fine")
        return case

    def _values(self, values, month=None):
        return {
            v.outlet_id: v for v in values
            if v.kpi_id.code == "test_drive_conversion" and v.month == (month or self.month)
        }

    def test_conversion_per_outlet(self):
        """Outlet A: ordered 10 days later at another outlet of its market (converts:
        the drive's customer is a contact of the drive's market, whose orders alone may
        name them), on the 30th day (converts), 40 days later (not), never (not): 50 %.
        Outlet B: the day of the drive: 100 %. A drive whose 30 days end next month does
        not count yet."""
        self._drive(self.outlet_a, self.first_day + timedelta(days=1), 10, self.outlet_a2)
        self._drive(self.outlet_a, self.first_day + timedelta(days=2), 30)
        self._drive(self.outlet_a, self.first_day + timedelta(days=3), 40)
        self._drive(self.outlet_a, self.first_day + timedelta(days=4))
        self._drive(self.outlet_b, self.first_day + timedelta(days=5), 0)
        self._drive(self.outlet_b, self.month + timedelta(days=5))
        conversion = self.env["dealer.outlet"]._test_drive_conversion(self.month)
        self.assertEqual(conversion[self.outlet_a.id], 50.0)
        self.assertEqual(conversion[self.outlet_b.id], 100.0)
        values = self._values(self.env["dealer.outlet"]._cron_push_cx_kpis())
        self.assertEqual(values[self.outlet_a].value, 50.0)
        self.assertEqual(values[self.outlet_b].value, 100.0)
        self.assertEqual(values[self.outlet_a].source, "cx_cases")

    def test_order_before_the_drive_does_not_convert(self):
        self._drive(self.outlet_a, self.first_day + timedelta(days=1), -1)
        values = self._values(self.env["dealer.outlet"]._cron_push_cx_kpis(self.month))
        self.assertEqual(values[self.outlet_a].value, 0.0)

    def test_push_query_count_independent_of_outlets(self):
        """The month's conversion is one query, pushed in one batch with the service
        quality: two outlets or eight cost the same."""
        few = self.outlet_a | self.outlet_a2
        many = few | self.env["dealer.outlet"].browse([
            self._create_outlet(f"Test KPI outlet {i}", f"TCXK{i}", self.market_a).id
            for i in range(6)
        ])
        Outlet = self.env["dealer.outlet"]
        months = [self.month - relativedelta(months=n) for n in range(3)]
        for month, outlets in zip(months, (few, many, few), strict=True):
            for outlet in outlets:
                # Done 29 days before the month: its 30 days end in the month.
                self._drive(outlet, month - timedelta(days=29), 3)
            self._rated_case(month)
        self._months_for_a_feed(*months)
        Outlet._cron_push_cx_kpis(months[2])  # warms the ORM's caches
        for month, outlets in zip(months[:2], (few, many), strict=True):
            self.env.cr.flush()
            self.env.invalidate_all()
            with self.subTest(outlets=len(outlets)), self.assertQueryCount(__system__=11):
                values = Outlet._cron_push_cx_kpis(month)
            self.assertLessEqual(set(outlets), set(self._values(values, month)))
