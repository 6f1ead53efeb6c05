import json
from datetime import date, timedelta

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestRegionTeam(CxCommon, HttpCase):
    """Market C has no CX team of its own: the region's team serves it (_team_for).
    The cases keep market C (outlets, KPIs and the market rules are per market) and
    point at the region's team and SLA policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.market_c = cls.env["res.company"].create({
            "name": "Test Market C", "parent_id": cls.region.id,
            "country_id": cls.env.ref("base.lu").id,
        })
        cls.outlet_c = cls._create_outlet(
            "Test Outlet Luxembourg", "TC1", cls.market_c, phone="+352 20 00 00 01",
        )
        calendar = cls._calendar("Test region care hours", cls.region, [
            (day, 9, 17) for day in range(5)
        ])
        cls.team_region = cls.env["cx.case.team"].create({
            "name": "Test Care Region", "company_id": cls.region.id,
            "resource_calendar_id": calendar.id,
        })
        cls.policy_region = cls.env["cx.sla.policy"].create({
            "name": "Test region standard", "company_id": cls.region.id,
            "team_id": cls.team_region.id, "first_response_hours": 8, "resolution_hours": 40,
        })
        cls.team_region.sla_policy_id = cls.policy_region
        cls.customer_c = cls._new_user("test_customer_c", "base.group_portal", cls.market_c)
        cls.order_c = cls.env["vehicle.order"].create({
            "name": "T-ORDER-C-0001", "partner_id": cls.customer_c.partner_id.id,
            "outlet_id": cls.outlet_c.id, "vehicle_model": "Test Model Gamma",
            "order_date": date(2029, 10, 1),
        })

    def _assert_served_by_region(self, case):
        self.assertEqual(len(case), 1)
        self.assertEqual(case.team_id, self.team_region)
        self.assertEqual(case.company_id, self.market_c)
        # Outbound cases (courtesy calls, call-backs) have a due date, not an SLA.
        expected = self.policy_region if case.channel != "proactive" else self.env["cx.sla.policy"]
        self.assertEqual(case.sla_policy_id, expected)

    def test_team_for_market_without_team(self):
        Team = self.env["cx.case.team"]
        self.assertEqual(Team._team_for(self.market_c), self.team_region)
        self.assertEqual(Team._team_for(self.market_a), self.team_a)

    def test_courtesy_call_planned_on_delivery(self):
        Event = self.env["vehicle.order.event"]
        Event._upsert([Event._normalize_vals({
            "order_id": self.order_c.id,
            "status_id": self.env["vehicle.order.status"].search([("code", "=", "V999")]).id,
            "source_system": "TEST-FACTORY", "actual_date": date(2030, 1, 4),
        })])
        self.assertEqual(self.order_c.state, "delivered")
        case = self.order_c.cx_case_ids
        self._assert_served_by_region(case)
        self.assertEqual(case.outlet_id, self.outlet_c)

    def test_delivery_through_ingestion_api(self):
        """The factory's handover event, through order_tracking's API: the courtesy
        call planned on the way must not make the ingestion fail."""
        integration = self._new_user(
            "test_ot_integration_c", "order_tracking.group_order_tracking_integration",
            self.market_c, self.region | self.market_c,
        )
        integration.order_event_sources = "TEST-FACTORY"
        key = self.env["res.users.apikeys"].with_user(integration).sudo()._generate(
            "order_tracking.events", "factory feed", None
        )
        self.authenticate(None, None)
        response = self.url_open(
            "/order_tracking/api/events", method="POST",
            data=json.dumps({"source": "TEST-FACTORY", "events": [{
                "order": self.order_c.name, "status": "V999",
                "actual_date": (date.today() - timedelta(days=2)).isoformat(),
            }]}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["accepted"], 1, response.text)
        self.assertEqual(self.order_c.state, "delivered")
        self._assert_served_by_region(self.order_c.cx_case_ids)

    def test_test_drive_callback(self):
        drive = self.env["cx.test.drive"].create({
            "customer_name": "Léa Muller", "email": "lea.muller@drivers.example.org",
            "vehicle_model": "Test Model Gamma", "outlet_id": self.outlet_c.id,
            "date": at(3, 15),
        })
        self._assert_served_by_region(drive.case_id)

    def test_portal_request(self):
        self.authenticate(self.customer_c.login, self.customer_c.login)
        response = self.url_open("/my/cases/new", data={
            "subject": "Wiper noise", "description": "The rear wiper squeaks.",
            "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(response.status_code, 200)
        case = self.env["cx.case"].search([("name", "=", "Wiper noise")])
        self._assert_served_by_region(case)
        self.assertEqual(case.partner_id, self.customer_c.partner_id)

    def test_region_team_chosen_on_market_case(self):
        """An agent moving a market's case to the region's team keeps its market;
        a team of another market moves it there."""
        case = self._case(team=self.team_a, outlet_id=self.outlet_a.id)
        case.write({"team_id": self.team_region.id})
        self.assertEqual(case.company_id, self.market_a)
        case.write({"team_id": self.team_b.id, "outlet_id": False})
        self.assertEqual(case.company_id, self.market_b)
