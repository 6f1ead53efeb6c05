import itertools

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.market_matrix import MarketMatrixMixin
from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import OrderTrackingCommon

DESK_CONFIG = {"vehicle.order.status": "r", "vehicle.order.location": "r"}
NO_CONFIG = {**dict.fromkeys(DESK_CONFIG, ""), "vehicle.order.notice": ""}
# Per role: letters on a record of market A / of market B (see dealer_profile's
# market_matrix.py). The officers run the order desk of their market (as the demo's
# Dutch officer does); officer B stands for the German one.
MARKET_RIGHTS = {
    "viewer_a": {
        "vehicle.order": "", "vehicle.order.task": "", "vehicle.order.event": "",
        "vehicle.order.eta.change": "", **NO_CONFIG,
    },
    "officer_a": {
        "vehicle.order": "crw/", "vehicle.order.task": "crw/", "vehicle.order.event": "crw/",
        "vehicle.order.eta.change": "r/", **DESK_CONFIG, "vehicle.order.notice": "r/",
    },
    "officer_b": {
        "vehicle.order": "/crw", "vehicle.order.task": "/crw", "vehicle.order.event": "/crw",
        "vehicle.order.eta.change": "/r", **DESK_CONFIG, "vehicle.order.notice": "/r",
    },
    "region_desk": {
        "vehicle.order": "crw/crw", "vehicle.order.task": "crw/crw",
        "vehicle.order.event": "crw/crw", "vehicle.order.eta.change": "r/r", **DESK_CONFIG,
        "vehicle.order.notice": "r/r",
    },
    "manager": {
        "vehicle.order": "crwu/crwu", "vehicle.order.task": "crwu/crwu",
        "vehicle.order.event": "crwu/crwu", "vehicle.order.eta.change": "r/r",
        **dict.fromkeys(DESK_CONFIG, "crwu"), "vehicle.order.notice": "crwu/crwu",
    },
    # Portal users read orders on their order page (to-dos and events through the
    # controllers, after the order's access check): no direct access to the rest.
    "dealer": {
        "vehicle.order": "r/", "vehicle.order.task": "", "vehicle.order.event": "",
        "vehicle.order.eta.change": "", **NO_CONFIG,
    },
    "customer": {
        "vehicle.order": "r/", "vehicle.order.task": "", "vehicle.order.event": "",
        "vehicle.order.eta.change": "", **NO_CONFIG,
    },
    # The feed's event rights are its API's (see test_access): here, nothing else.
    "integration": {
        "vehicle.order": "", "vehicle.order.task": "", "vehicle.order.eta.change": "",
        **NO_CONFIG,
    },
}


class OrderMarketsCommon(OrderTrackingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        desk = "order_tracking.group_order_tracking_user"
        officer = "dealer_profile.group_network_officer"
        cls.officer_a = cls._new_user("test_ot_officer_a", f"{officer},{desk}", cls.market_a)
        cls.officer_b = cls._new_user("test_ot_officer_b", f"{officer},{desk}", cls.market_b)
        cls.region_desk = cls._new_user("test_ot_region_desk", desk, cls.region)
        cls.viewer_a = cls._new_user(
            "test_ot_viewer_a", "dealer_profile.group_network_viewer", cls.market_a
        )


@tagged("post_install", "-at_install")
class TestOrderMarketMatrix(MarketMatrixMixin, OrderMarketsCommon):
    """Each role against each model and operation, on a record of market A and on one
    of market B."""

    MARKET_RIGHTS = MARKET_RIGHTS
    READ_FIELD = {
        "vehicle.order": "vehicle_model", "vehicle.order.task": "kind",
        "vehicle.order.event": "expected_date", "vehicle.order.eta.change": "new_date",
        "vehicle.order.status": "customer_label", "vehicle.order.location": "name",
        "vehicle.order.notice": "name",
    }
    _counter = itertools.count(1)

    def _matrix_users(self):
        return {
            "viewer_a": self.viewer_a, "officer_a": self.officer_a,
            "officer_b": self.officer_b, "region_desk": self.region_desk,
            "manager": self.ot_manager, "dealer": self.dealer_a, "customer": self.customer_1,
            "integration": self.integration,
        }

    def _order(self, market):
        n = next(self._counter)
        return self._create_order(
            f"T-MATRIX-{n}", self.customer_1, self.outlet_a if market == "A" else self.outlet_b
        )

    def _matrix_vals(self, model, market):
        n = next(self._counter)
        if model == "vehicle.order":
            return {"name": f"T-MATRIX-NEW-{n}", "partner_id": self.customer_1.partner_id.id,
                    "outlet_id": (self.outlet_a if market == "A" else self.outlet_b).id,
                    "vehicle_model": "Aurora Polaris 4"}
        if model == "vehicle.order.task":
            order = self._order(market)
            order.task_ids.filtered(lambda t: t.kind == "trade_in").unlink()
            return {"order_id": order.id, "kind": "trade_in"}
        if model == "vehicle.order.event":
            return {"order_id": self._order(market).id, "status_id": self.statuses["V300"].id,
                    "expected_date": self._days(5)}
        if model == "vehicle.order.eta.change":
            return {"order_id": self._order(market).id, "new_date": self._days(n)}
        if model == "vehicle.order.status":
            return {"code": f"TM{n:03d}", "name": f"test step {n}", "customer_label": "Step",
                    "sequence": 600 + n}
        if model == "vehicle.order.location":
            return {"code": f"TMLOC{n}", "name": f"Compound {n}", "kind": "compound"}
        return {"name": f"Notice {n}", "body": "Text", "target_domain": "[]",
                "company_id": (self.market_a if market == "A" else self.market_b).id}

    def _matrix_write_vals(self, model):
        return {
            "vehicle.order": {"vehicle_model": "Aurora Polaris 5"},
            "vehicle.order.task": {"answer": "Test answer"},
            "vehicle.order.event": {"reason": "weather"},
            "vehicle.order.eta.change": {"reason": "x"},
            "vehicle.order.status": {"customer_label": "Another label"},
            "vehicle.order.location": {"name": "Renamed"},
            "vehicle.order.notice": {"name": "Renamed"},
        }[model]

    def test_staff_matrix(self):
        self._check_market_matrix(
            ["viewer_a", "officer_a", "officer_b", "region_desk", "manager"]
        )

    def test_portal_and_integration_matrix(self):
        self._check_market_matrix(["dealer", "customer", "integration"])


@tagged("post_install", "-at_install")
class TestOrderMarketMove(OrderMarketsCommon):
    """An order stays in the markets of whoever edits it."""

    def test_officer_cannot_move_order_to_other_market(self):
        for n, vals in enumerate(({"outlet_id": self.outlet_b.id},
                                  {"company_id": self.market_b.id},
                                  {"company_id": self.region.id})):
            order = self._create_order(f"T-MOVE-{n}", self.customer_1, self.outlet_a)
            with self.subTest(vals=vals):
                # The market written against the outlet's: the ORM's company check
                # (UserError) or, reading the moved order, the record rules (AccessError).
                with self.assertRaises(UserError), mute_logger("odoo.models"):
                    order.with_user(self.officer_a).write(vals)
                self.assertEqual(order.outlet_id, self.outlet_a)
                self.assertEqual(order.company_id, self.market_a)

    def test_officer_moves_order_within_market(self):
        self.order_1.with_user(self.officer_a).outlet_id = self.outlet_a2
        self.assertEqual(self.order_1.outlet_id, self.outlet_a2)

    def test_user_of_both_markets_moves_order(self):
        self.order_1.with_user(self.region_desk).outlet_id = self.outlet_b
        self.assertEqual(self.order_1.company_id, self.market_b)

    def test_officer_cannot_move_todo_to_other_market_order(self):
        task = self.order_1.task_ids[:1]
        self.order_3.task_ids.filtered(lambda t: t.kind == task.kind).unlink()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            task.with_user(self.officer_a).order_id = self.order_3
        self.assertEqual(task.order_id, self.order_1)


@tagged("post_install", "-at_install")
class TestTodoMarkets(OrderMarketsCommon):
    """Customers' to-dos follow their order's market."""

    def test_officer_reads_and_writes_own_market_todos_only(self):
        Task = self.env["vehicle.order.task"].with_user(self.officer_a)
        tasks = (self.order_1 | self.order_3).task_ids
        self.assertEqual(Task.search([("id", "in", tasks.ids)]), self.order_1.task_ids)
        other = self.order_3.task_ids[:1].with_user(self.officer_a)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            other.read(["answer"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            other.write({"answer": "Hijacked"})
        self.assertFalse(self.order_3.task_ids[:1].answer)

    def test_officer_cannot_add_todo_to_other_market_order(self):
        self.order_3.task_ids.filtered(lambda t: t.kind == "trade_in").unlink()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["vehicle.order.task"].with_user(self.officer_a).create(
                {"order_id": self.order_3.id, "kind": "trade_in"}
            )

    def test_region_stands_for_its_markets(self):
        tasks = (self.order_1 | self.order_3).task_ids
        found = self.env["vehicle.order.task"].with_user(self.region_desk).search(
            [("id", "in", tasks.ids)]
        )
        self.assertEqual(found, tasks)

    def test_task_rule_is_global(self):
        self.assertTrue(self.env.ref("order_tracking.vehicle_order_task_rule_company")["global"])


@tagged("post_install", "-at_install")
class TestMarketsJsonRpc(OrderMarketsCommon, HttpCase):
    """The same refusals over /web/dataset/call_kw, as a browser or script sends them."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {},
        })

    def test_officer_moves_order_over_rpc(self):
        self.authenticate("test_ot_officer_a", "test_ot_officer_a")
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http", "odoo.models"):
            self._call("vehicle.order", "write",
                       [[self.order_1.id], {"outlet_id": self.outlet_b.id}],
                       {"context": {"allowed_company_ids": [self.market_a.id]}})
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(self.order_1.outlet_id, self.outlet_a)

    def test_officer_reads_and_writes_other_market_todo_over_rpc(self):
        self.authenticate("test_ot_officer_a", "test_ot_officer_a")
        other = self.order_3.task_ids[:1]
        for method, args in (("read", [[other.id], ["answer"]]),
                             ("write", [[other.id], {"answer": "Hijacked"}])):
            with self.subTest(method=method), self.assertRaises(JsonRpcException) as caught, \
                    mute_logger("odoo.http", "odoo.models"):
                self._call("vehicle.order.task", method, args)
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        found = self._call("vehicle.order.task", "search_count",
                           [[("order_id", "in", (self.order_1 | self.order_3).ids)]])
        self.assertEqual(found, len(self.order_1.task_ids))
        self.assertFalse(other.answer)

    def test_own_market_todo_over_rpc(self):
        self.authenticate("test_ot_officer_a", "test_ot_officer_a")
        task = self.order_1.task_ids[:1]
        self._call("vehicle.order.task", "write", [[task.id], {"answer": "Test holder"}])
        self.assertEqual(task.answer, "Test holder")


@tagged("post_install", "-at_install")
class TestOrderCustomerOfAnotherMarket(OrderMarketsCommon, HttpCase):
    """An order's customer is company-less (every market's), of the order's market or
    of a company above it: never a customer kept by another market. Before, an order
    desk working in markets A and B (as the demo's Dutch and Belgian officer does) gave
    an order of market A a customer of market B over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_b = Partner.create({"name": "Customer kept by B",
                                         "company_id": cls.market_b.id})
        cls.customer_region = Partner.create({"name": "Customer of the region",
                                              "company_id": cls.region.id})
        cls.customer_free = Partner.create({"name": "Company-less customer"})
        cls.desk_ab = cls._new_user(
            "test_ot_desk_ab", "order_tracking.group_order_tracking_user", cls.market_a,
            cls.market_a | cls.market_b,
        )
        cls.both = {"allowed_company_ids": (cls.market_a | cls.market_b).ids}

    def _write(self, order, partner):
        with mute_logger("odoo.http"):
            return call_kw(self, "vehicle.order", "write", order.ids,
                           {"partner_id": partner.id}, context=self.both)

    def test_desk_of_both_markets_cannot_give_an_order_of_a_a_customer_of_b(self):
        self.authenticate(self.desk_ab.login, self.desk_ab.login)
        __, error = self._write(self.order_1, self.customer_b)
        self.assertEqual(error and error["name"], "odoo.exceptions.UserError", error)
        with mute_logger("odoo.http"):
            __, error = call_kw(self, "vehicle.order", "create", {
                "name": "T-ORDER-CROSS", "partner_id": self.customer_b.id,
                "outlet_id": self.outlet_a.id, "vehicle_model": "Aurora Polaris 4",
            }, context=self.both)
        self.assertEqual(error and error["name"], "odoo.exceptions.UserError", error)
        self.assertFalse(self.env["vehicle.order"].search([("name", "=", "T-ORDER-CROSS")]))
        self.assertEqual(self.order_1.partner_id, self.customer_1.partner_id)

    def test_officer_of_one_market_cannot_either(self):
        self.authenticate(self.officer_a.login, self.officer_a.login)
        __, error = self._write(self.order_1, self.customer_b)
        self.assertIn(error and error["name"],
                      ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"), error)
        self.assertEqual(self.order_1.partner_id, self.customer_1.partner_id)

    def test_customers_of_the_market_above_it_or_of_none_are_taken(self):
        self.authenticate(self.desk_ab.login, self.desk_ab.login)
        for order, partner in ((self.order_1, self.customer_free),
                               (self.order_1, self.customer_region),
                               (self.order_3, self.customer_b)):
            with self.subTest(order=order.name, partner=partner.name):
                __, error = self._write(order, partner)
                self.assertIsNone(error)
                self.assertEqual(order.partner_id, partner)
