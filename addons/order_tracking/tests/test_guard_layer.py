"""One guard layer for orders and their events (dealer.workflow.mixin): the can_*
flags agree with the server, roles over JSON-RPC, and order_tracking_raw (or any other
forged context key) skips no rule of the events."""

from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import (
    CanFlagsAgreeMixin,
    GuardHttpCase,
)

from .common import OrderTrackingCommon

ORDER = "vehicle.order"
EVENT = "vehicle.order.event"


class OrderGuardCommon(OrderTrackingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_2.action_cancel()
        # Only the handover event delivers an order (server code, as superuser).
        cls._event(cls.order_3, "V999", actual_date=cls.today)
        cls.orders = cls.order_1 | cls.order_2 | cls.order_3


@tagged("post_install", "-at_install")
class TestCanFlagsAgree(CanFlagsAgreeMixin, OrderGuardCommon):
    def test_order_flags(self):
        self.assertEqual(self.orders.mapped("state"), ["open", "cancelled", "delivered"])
        users = self.desk_a | self.ot_manager | self.integration | self.customer_1 | self.viewer
        self.assertCanFlagsAgree(self.orders, users)
        self.assertTrue(self.order_1.with_user(self.desk_a).can_cancel)
        self.assertFalse(self.order_3.with_user(self.ot_manager).can_reopen)


@tagged("post_install", "-at_install")
class TestGuardOverJsonRpc(OrderGuardCommon, GuardHttpCase):
    """Each role over /web/dataset/call_kw, every forged context key sent along."""

    def test_order_moves_per_role(self):
        for vals in ({"state": "delivered"}, {"status_id": self.statuses["V300"].id},
                     {"delivery_date": str(self.today)}):
            with self.subTest(vals=vals):
                self.assertRpcRefused("test_ot_manager", ORDER, "write", [self.order_1.ids, vals])
        self.assertRpcRefused("test_customer", ORDER, "action_cancel", [self.order_1.ids])
        self.assertRpcRefused("test_ot_manager", ORDER, "action_reopen", [self.order_3.ids])
        self.call_kw("test_desk_a", ORDER, "action_cancel", [self.order_1.ids])
        self.assertEqual(self.order_1.state, "cancelled")
        self.call_kw("test_desk_a", ORDER, "write", [self.order_1.ids, {"state": "open"}])
        self.assertEqual(self.order_1.state, "open")

    def test_raw_event_create_follows_the_api_rules(self):
        """order_tracking_raw once stored an event past the upsert: the order's status
        never moved and a second event for the same step broke the unique key."""
        vals = {"order_id": self.order_1.id, "status_id": self.statuses["V300"].id,
                "actual_date": str(self._days(-2))}
        first = self.call_kw("test_desk_a", EVENT, "create", [vals])
        self.assertEqual(self.order_1.status_id, self.statuses["V300"])
        second = self.call_kw("test_desk_a", EVENT, "create", [dict(vals, reason="Again")])
        self.assertEqual(first, second)

    def test_order_customer_of_another_market_refused(self):
        """The Order Desk of market A once gave an order a contact of market B as its
        customer over JSON-RPC: that contact's portal would show the order. The
        customer is a contact the desk may read (its market's, its region's, shared)."""
        other = self.env["res.partner"].create({
            "name": "Test B customer", "email": "b.customer@example.com",
            "company_id": self.market_b.id,
        })
        self.assertRpcRefused("test_desk_a", ORDER, "write",
                              [self.order_1.ids, {"partner_id": other.id}])
        self.assertRpcRefused("test_desk_a", ORDER, "create", [{
            "partner_id": other.id, "outlet_id": self.outlet_a.id, "vehicle_model": "Test",
        }])
        self.assertRpcRefused("test_desk_a", ORDER, "create", [{
            "outlet_id": self.outlet_a.id, "vehicle_model": "Test",
        }], context={"default_partner_id": other.id})
        self.env.invalidate_all()
        self.assertEqual(self.order_1.partner_id, self.customer_1.partner_id)
        self.call_kw("test_desk_a", ORDER, "write",
                     [self.order_1.ids, {"partner_id": self.customer_2.partner_id.id}])
        self.assertEqual(self.order_1.partner_id, self.customer_2.partner_id)

    def test_raw_event_server_fields_refused(self):
        """An event created by hand goes through the upsert, not super().create: the
        mixin's check of create never ran, and the values the upsert does not store were
        written past every guard. The Order Desk tied its event to an API batch of the
        ingestion log and gave it the stored fields the server computes."""
        batch = self.env["vehicle.order.ingestion"].sudo().create(
            {"source_system": "TEST-OMS", "user_id": self.integration.id})
        vals = {"order_id": self.order_1.id, "status_id": self.statuses["V300"].id,
                "actual_date": str(self._days(-2))}
        for forged in ({"ingestion_id": batch.id}, {"status_sequence": 1},
                       {"company_id": self.market_b.id}):
            with self.subTest(forged=forged):
                self.assertRpcRefused("test_desk_a", EVENT, "create", [dict(vals, **forged)])
        self.assertRpcRefused("test_desk_a", EVENT, "create", [vals],
                              context={"default_ingestion_id": batch.id})
        self.assertFalse(self.order_1.event_ids)
        event = self.env[EVENT].browse(self.call_kw("test_desk_a", EVENT, "create", [vals]))
        self.assertRpcRefused("test_desk_a", EVENT, "write",
                              [event.ids, {"ingestion_id": batch.id}])
        self.assertFalse(event.ingestion_id)

    def test_raw_event_write_keeps_order_and_status(self):
        event = self.order_3.event_ids[:1]
        for vals in ({"order_id": self.order_1.id}, {"status_id": self.statuses["V300"].id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused("test_ot_manager", EVENT, "write", [event.ids, vals])
        self.assertEqual(event.order_id, self.order_3)

    def test_create_defaults_checked_as_vals(self):
        """default_state "delivered" once created an order delivered from the start."""
        order = self.assertDefaultsRefused("test_desk_a", ORDER, {
            "partner_id": self.customer_1.partner_id.id, "outlet_id": self.outlet_a.id,
            "vehicle_model": "Test forged",
        }, {"state": "delivered", "delivery_date": str(self.today)})
        self.assertEqual(self.env[ORDER].browse(order).state, "open")

    def test_computed_fields_never_written_by_a_client(self):
        """The order desk once wrote an order's phase, its delay and the reason for it,
        and its customer for the portal rules (commercial_partner_id, which the
        customer's portal reads by) over JSON-RPC: stored computed fields store what a
        write gives them. The customer a plain write gives still moves all of them."""
        shown = ["phase", "is_delayed", "delay_days", "eta_reason", "open_task_count",
                 "commercial_partner_id"]
        before = self.order_1.read(shown)[0]
        other = self.customer_2.partner_id
        for login in ("test_desk_a", "test_ot_manager"):
            for vals in ({"phase": "delivery"}, {"is_delayed": True}, {"delay_days": 30},
                         {"eta_reason": "Test: forged reason"}, {"open_task_count": 0},
                         {"commercial_partner_id": other.id}):
                with self.subTest(login=login, vals=vals):
                    self.assertRpcRefused(login, ORDER, "write", [self.order_1.ids, vals])
        self.env.invalidate_all()
        self.assertEqual(self.order_1.read(shown)[0], before)
        self.call_kw("test_desk_a", ORDER, "write", [self.order_1.ids,
                                                     {"partner_id": other.id}])
        self.assertEqual(self.order_1.commercial_partner_id, other)
