from datetime import date, timedelta

from odoo import Command

from odoo.addons.dealer_profile.tests.common import DealerProfileCommon


class OrderTrackingCommon(DealerProfileCommon):
    """dealer_profile's test network (markets A and B, outlets, dealers) plus order
    tracking staff, an integration user, two customers with an order each and a third
    order of customer 1 at outlet B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        all_companies = cls.hq | cls.region | cls.market_a | cls.market_b
        cls.desk_a = cls._new_user(
            "test_desk_a", "order_tracking.group_order_tracking_user", cls.market_a
        )
        cls.ot_manager = cls._new_user(
            "test_ot_manager", "order_tracking.group_order_tracking_manager",
            cls.market_a, all_companies,
        )
        cls.integration = cls._new_user(
            "test_integration", "order_tracking.group_order_tracking_integration",
            cls.hq, all_companies,
        )
        # The systems the tests' feed speaks for (the first: a batch naming none).
        cls.integration.order_event_sources = "TEST-OMS, FACTORY-OMS, FACTORY, OMS-A, OMS-B, FUZZ"
        cls.customer_1 = cls.customer
        cls.customer_2 = cls._new_user("test_customer_2", "base.group_portal", cls.market_a)
        cls.today = date.today()
        Status = cls.env["vehicle.order.status"]
        cls.statuses = {s.code: s for s in Status.search([])}
        cls.order_1 = cls._create_order("T-ORDER-0001", cls.customer_1, cls.outlet_a)
        cls.order_2 = cls._create_order("T-ORDER-0002", cls.customer_2, cls.outlet_a)
        cls.order_3 = cls._create_order("T-ORDER-0003", cls.customer_1, cls.outlet_b)

    @classmethod
    def _create_order(cls, name, customer, outlet, **vals):
        return cls.env["vehicle.order"].create({
            "name": name,
            "partner_id": customer.partner_id.id,
            "outlet_id": outlet.id,
            "vehicle_model": "Aurora Polaris 4",
            "configuration": "Long Range, Fjord Blue, 20-inch wheels",
            "order_date": cls.today - timedelta(days=60),
            "planned_handover_date": cls.today + timedelta(days=60),
            **vals,
        })

    @classmethod
    def _event(cls, order, code, **vals):
        """Store an event through the same path as the API (normalized values)."""
        Event = cls.env["vehicle.order.event"]
        entry = {"order_id": order.id, "status_id": cls.statuses[code].id,
                 "source_system": vals.pop("source_system", "TEST-FACTORY"), **vals}
        return Event._upsert([Event._normalize_vals(entry)])[0]

    @staticmethod
    def _free_slots(order):
        """The order's free handover slots, with the rights of the order's user."""
        return order.env["vehicle.order.task"]._free_handover_slots(order)

    def _days(self, n):
        return self.today + timedelta(days=n)

    @staticmethod
    def _set_groups(user, *xmlids):
        user.group_ids = [Command.set([user.env.ref(x).id for x in xmlids])]
