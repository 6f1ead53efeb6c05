from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.market_matrix import AccessMatrixMixin

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestOrderTrackingAccess(AccessMatrixMixin, OrderTrackingCommon):

    MODELS = (
        "vehicle.order", "vehicle.order.event", "vehicle.order.status",
        "vehicle.order.location", "vehicle.order.notice", "vehicle.order.eta.change",
        "vehicle.order.ingestion",
    )
    EXPECTED_RIGHTS = {
        "desk": {
            "vehicle.order": "crw", "vehicle.order.event": "crw", "vehicle.order.status": "r",
            "vehicle.order.location": "r", "vehicle.order.notice": "r",
            # The ingestion log spans every market the feed serves: managers only.
            "vehicle.order.eta.change": "r", "vehicle.order.ingestion": "",
        },
        "manager": {
            "vehicle.order": "crwu", "vehicle.order.event": "crwu",
            "vehicle.order.status": "crwu", "vehicle.order.location": "crwu",
            "vehicle.order.notice": "crwu", "vehicle.order.eta.change": "r",
            "vehicle.order.ingestion": "r",
        },
        "integration": {
            "vehicle.order": "", "vehicle.order.event": "crw", "vehicle.order.status": "",
            "vehicle.order.location": "", "vehicle.order.notice": "",
            "vehicle.order.eta.change": "", "vehicle.order.ingestion": "",
        },
        "customer": {
            "vehicle.order": "r", "vehicle.order.event": "", "vehicle.order.status": "",
            "vehicle.order.location": "", "vehicle.order.notice": "",
            "vehicle.order.eta.change": "", "vehicle.order.ingestion": "",
        },
        "dealer": {
            "vehicle.order": "r", "vehicle.order.event": "", "vehicle.order.status": "",
            "vehicle.order.location": "", "vehicle.order.notice": "",
            "vehicle.order.eta.change": "", "vehicle.order.ingestion": "",
        },
    }
    READ_FIELD = {
        "vehicle.order": "vehicle_model", "vehicle.order.event": "expected_date",
        "vehicle.order.status": "customer_label", "vehicle.order.location": "name",
        "vehicle.order.notice": "name", "vehicle.order.eta.change": "new_date",
        "vehicle.order.ingestion": "source_system",
    }
    _counter = 0

    def _next(self):
        type(self)._counter += 1
        return type(self)._counter

    def _create_vals(self, model):
        n = self._next()
        if model == "vehicle.order":
            return {"name": f"ACL-{n}", "partner_id": self.customer_1.partner_id.id,
                    "outlet_id": self.outlet_a.id, "vehicle_model": "Aurora Polaris 4"}
        if model == "vehicle.order.event":
            order = self.env["vehicle.order"].create(self._create_vals("vehicle.order"))
            return {"order_id": order.id, "status_id": self.statuses["V300"].id,
                    "expected_date": self._days(5)}
        if model == "vehicle.order.status":
            return {"code": f"T{n:03d}", "name": f"test step {n}", "customer_label": "Step",
                    "sequence": 500 + n}
        if model == "vehicle.order.location":
            return {"code": f"LOC{n}", "name": f"Compound {n}", "kind": "compound"}
        if model == "vehicle.order.notice":
            return {"name": f"Notice {n}", "body": "Text", "target_domain": "[]"}
        if model == "vehicle.order.eta.change":
            return {"order_id": self.order_1.id, "new_date": self._days(n)}
        return {"source_system": f"SRC{n}"}

    def _write_vals(self, model):
        return {
            "vehicle.order": {"vehicle_model": "Aurora Polaris 5"},
            "vehicle.order.event": {"reason": "weather"},
            "vehicle.order.status": {"customer_label": "Another label"},
            "vehicle.order.location": {"name": "Renamed"},
            "vehicle.order.notice": {"name": "Renamed"},
            "vehicle.order.eta.change": {"reason": "x"},
            "vehicle.order.ingestion": {"source_system": "X"},
        }[model]

    def test_desk_matrix(self):
        self._check_matrix("desk", self.desk_a)

    def test_manager_matrix(self):
        self._check_matrix("manager", self.ot_manager)

    def test_integration_matrix(self):
        self._check_matrix("integration", self.integration)

    def test_customer_matrix(self):
        self._check_matrix("customer", self.customer_1)

    def test_dealer_matrix(self):
        self._check_matrix("dealer", self.dealer_a)

    def test_portal_cannot_read_internal_fields(self):
        for user in (self.customer_1, self.dealer_a):
            for field in ("status_id", "event_ids", "status_date"):
                with self.subTest(user=user.login, field=field):
                    self.assertNoAccess(self.order_1.with_user(user).read, [field])

    def test_portal_reads_only_customer_label_of_status(self):
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        values = self.order_1.with_user(self.customer_1).read(["customer_status_id"])
        self.assertEqual(values[0]["customer_status_id"][1], "At sea")

    def test_customers_isolated(self):
        """Customer 1 also bought order 3 in market B, outside their portal user's
        companies: multi-company rules apply to the portal too."""
        Order = self.env["vehicle.order"]
        self.assertEqual(Order.with_user(self.customer_1).search([]), self.order_1)
        self.customer_1.company_ids = [(4, self.market_b.id)]
        self.assertEqual(
            Order.with_user(self.customer_1).with_context(
                allowed_company_ids=(self.market_a | self.market_b).ids
            ).search([]),
            self.order_1 | self.order_3,
        )
        self.assertEqual(Order.with_user(self.customer_2).search([]), self.order_2)
        self.assertNoAccess(self.order_2.with_user(self.customer_1).read, ["name"])

    def test_dealers_isolated(self):
        Order = self.env["vehicle.order"]
        self.assertEqual(Order.with_user(self.dealer_a).search([]), self.order_1 | self.order_2)
        self.assertEqual(Order.with_user(self.dealer_b).search([]), self.order_3)
        self.assertNoAccess(self.order_3.with_user(self.dealer_a).read, ["name"])

    def test_desk_limited_to_own_market(self):
        Order = self.env["vehicle.order"].with_user(self.desk_a)
        self.assertNotIn(self.order_3, Order.search([]))
        self.assertNoAccess(self.order_3.with_user(self.desk_a).read, ["name"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Order.create({"name": "OTHER-MARKET", "partner_id": self.customer_1.partner_id.id,
                          "outlet_id": self.outlet_b.id, "vehicle_model": "X"})

    def test_integration_cannot_read_orders_even_via_event(self):
        self._event(self.order_1, "V300", actual_date=self._days(-1))
        event = self.env["vehicle.order.event"].search([("order_id", "=", self.order_1.id)])
        self.assertNoAccess(event.with_user(self.integration).order_id.read, ["partner_id"])
