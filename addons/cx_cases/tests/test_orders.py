import logging
from datetime import date, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestOrders(CxCommon):
    """Cases and vehicle orders (order_tracking)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.statuses = {
            s.code: s for s in cls.env["vehicle.order.status"].search([])
        }
        Order = cls.env["vehicle.order"]
        cls.order = Order.create({
            "partner_id": cls.customer.partner_id.id, "outlet_id": cls.outlet_a.id,
            "vehicle_model": "Test Model Alpha", "vin": "YSMFD3KA1LB000001",
            "order_date": date(2029, 10, 1),
        })
        cls.order_other = Order.create({
            "partner_id": cls.customer2.partner_id.id, "outlet_id": cls.outlet_a.id,
            "vehicle_model": "Aurora Polaris 2", "vin": "YSMFD3KA1LB000002",
            "order_date": date(2029, 10, 2),
        })

    def _deliver(self, order, day):
        Event = self.env["vehicle.order.event"]
        Event._upsert([Event._normalize_vals({
            "order_id": order.id, "status_id": self.statuses["V999"].id,
            "source_system": "TEST-FACTORY", "actual_date": day,
        })])

    def test_case_takes_vin_and_outlet_from_order(self):
        case = self._case(order_id=self.order.id)
        self.assertEqual(case.vin, "YSMFD3KA1LB000001")
        self.assertEqual(case.outlet_id, self.outlet_a)
        self.assertIn(self.order, case.partner_order_ids)
        self.assertNotIn(self.order_other, case.partner_order_ids)

    def test_order_of_another_customer_refused(self):
        with self.assertRaises(ValidationError):
            self._case(order_id=self.order_other.id)

    def test_courtesy_call_planned_after_delivery(self):
        """Delivered Friday 4 January 2030; NL plans the call 14 days later, Friday
        18 January, at the team's first working hour."""
        self.market_a.cx_courtesy_call_days = 14
        self._deliver(self.order, date(2030, 1, 4))
        self.assertEqual(self.order.state, "delivered")
        case = self.order.cx_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.type_id, self.env.ref("cx_cases.cx_case_type_courtesy_call"))
        self.assertEqual(case.team_id, self.team_a)
        self.assertEqual(case.date_due.date(), date(2030, 1, 4) + timedelta(days=14))
        self.assertEqual(case.date_due.hour, 8)
        # A second delivery event does not plan a second call.
        self.order._cx_plan_courtesy_calls()
        self.assertEqual(len(self.order.cx_case_ids), 1)

    def test_courtesy_call_has_script_in_customer_language_and_activity(self):
        """The planned call opens with a call script in the customer's language and is
        on the supervisor's to-do list for its due day."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.customer.partner_id.lang = "nl_NL"
        self._deliver(self.order, date(2030, 1, 4))
        case = self.order.cx_case_ids
        self.assertIn("Belscript", case.description)
        self.assertIn("Test Model Alpha", case.description)
        self.assertIn(self.outlet_a.name, case.description)
        activity = case.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("cx_cases.mail_activity_type_call"))
        self.assertEqual(activity.user_id, self.supervisor_a)
        self.assertEqual(activity.date_deadline, case.date_due.date())

    def test_courtesy_call_script_escapes_customer_data(self):
        self.customer.partner_id.name = "<b>Eve</b>"
        self._deliver(self.order, date(2030, 1, 4))
        description = str(self.order.cx_case_ids.description)
        self.assertIn("Call script", description)
        self.assertNotIn("<b>Eve</b>", description)

    def test_campaign_by_vin_list(self):
        campaign = self.env["cx.campaign"].create({
            "name": "Sunroof seal", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "target_model": "vehicle.order", "target_domain": "[]",
            "vin_list": "ysmfd3ka1lb000002\n",
        })
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 1)
        campaign._open_cases_batch(campaign._missing_partner_ids())
        self.assertEqual(campaign.case_ids.partner_id, self.customer2.partner_id)
        self.assertEqual(campaign.case_ids.order_id, self.order_other)

    def test_one_vin_rule_for_cases_and_campaigns(self):
        """Cases and campaign lists store and check VINs as orders do (the suite's
        one VIN rule): a VIN typed in lower case with spaces or dashes finds the
        order, a VIN no order can hold is refused."""
        case = self._case(vin=" ysmfd3ka1-lb000001 ")
        self.assertEqual(case.vin, "YSMFD3KA1LB000001")
        case.vin = "ysmfd3ka1 lb000002"
        self.assertEqual(case.vin, "YSMFD3KA1LB000002")
        for bad in ("YSMFD3KA1LB00000", "YSMFD3KA1LB00000I"):
            with self.subTest(vin=bad), self.assertRaises(ValidationError):
                case.vin = bad
        campaign = self.env["cx.campaign"].create({
            "name": "Sunroof seal", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "target_model": "vehicle.order", "target_domain": "[]",
            "vin_list": "ysmfd3ka1-lb000002\n",
        })
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 1)
        with self.assertRaises(ValidationError):  # 11 characters: no order has it
            campaign.vin_list = "YSMFD3KA1LB"

    def test_campaign_by_order_domain(self):
        campaign = self.env["cx.campaign"].create({
            "name": "Polaris 4 software", "company_id": self.market_a.id,
            "team_id": self.team_a.id, "target_model": "vehicle.order",
            "target_domain": "[('vehicle_model', '=', 'Test Model Alpha')]",
        })
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 1)
        with self.assertRaises(ValidationError):
            campaign.target_domain = "[('no_such_field', '=', 1)]"

    def _deliver_batch(self, count):
        """``count`` orders handed over in one feed batch (three different days);
        the queries their courtesy planning costs."""
        orders = self.env["vehicle.order"].create([{
            "partner_id": (self.customer if n % 2 else self.customer2).partner_id.id,
            "outlet_id": self.outlet_a.id, "vehicle_model": "Aurora Polaris 4",
            "order_date": date(2029, 10, 1),
        } for n in range(count)])
        Event = self.env["vehicle.order.event"]
        vals_list = [Event._normalize_vals({
            "order_id": order.id, "status_id": self.statuses["V999"].id,
            "source_system": "TEST-FACTORY", "actual_date": date(2030, 1, 2 + n % 3),
        }) for n, order in enumerate(orders)]
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        Event._upsert(vals_list)
        self.env.flush_all()
        return orders, self.env.cr.sql_log_count - queries

    def test_courtesy_planning_is_set_based(self):
        """A feed delivering 100 cars costs the queries of one delivering 10: one team
        lookup per market, one calendar walk per due day, one create of the cases and
        one of their activities; each case still has its followers, creation note,
        due date and the supervisor's to-do."""
        self.market_a.cx_courtesy_call_days = 14
        orders_10, queries_10 = self._deliver_batch(10)
        orders_100, queries_100 = self._deliver_batch(100)
        self.assertLessEqual(queries_100, queries_10 + 5, (queries_10, queries_100))
        _logger.info("courtesy planning: %s queries for 10 deliveries, %s for 100",
                     queries_10, queries_100)
        cases = (orders_10 | orders_100).cx_case_ids
        self.assertEqual(len(cases), 110)
        self.assertEqual(cases.order_id, orders_10 | orders_100)
        for case in cases:
            self.assertEqual(case.team_id, self.team_a)
            self.assertEqual(case.date_due.date(),
                             case.order_id.delivery_date + timedelta(days=14))
            self.assertEqual(case.activity_ids.user_id, self.supervisor_a)
            self.assertEqual(case.activity_ids.date_deadline, case.date_due.date())
            self.assertTrue(case.message_ids.filtered(lambda m: m.message_type == "notification"))
        single = self.env["vehicle.order"].create({
            "partner_id": self.customer.partner_id.id, "outlet_id": self.outlet_a.id,
            "vehicle_model": "Aurora Polaris 4", "order_date": date(2029, 10, 1),
        })
        self._deliver(single, date(2030, 1, 2))
        # Planned in bulk or alone, a case gets the same followers.
        self.assertEqual(cases[0].message_partner_ids, single.cx_case_ids.message_partner_ids)

    def test_agent_opens_the_order_of_a_case(self):
        """An agent clicks the order on a case: the whole order form reads (journey,
        ETA history, to-dos) in their market, and an order of another market does not."""
        self._deliver(self.order, date(2030, 1, 4))
        Order = self.env["vehicle.order"].with_user(self.agent_a)
        form = Order.get_views([(False, "form")])["models"]["vehicle.order"]["fields"]
        values = Order.browse(self.order.id).web_read({name: {} for name in form})
        self.assertTrue(values[0]["event_ids"])
        with self.assertRaises(AccessError):
            self.env["vehicle.order"].with_user(self.agent_b).browse(self.order.id).web_read(
                {"event_ids": {}}
            )
