"""The order desk's main job in the backend, clicked in Chromium."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestDeskTour(OrderTrackingCommon, HttpCase):

    def test_desk_corrects_the_eta_with_a_reason(self):
        """The order desk of market A opens an order, adds an event of the handover step
        with the new expected date and the reason from the order's *Events*, and reads
        the new date on the order and the move with its reason in the ETA history: the
        order's ETA follows the event, the customer is told why."""
        self.assertFalse(self.order_1.eta_date)
        self.start_tour(
            f"/odoo/action-order_tracking.vehicle_order_action/{self.order_1.id}",
            "order_tracking_desk_corrects_eta", login=self.desk_a.login,
        )
        eta = self.today + timedelta(days=75)
        event = self.order_1.event_ids
        self.assertRecordValues(event, [{
            "status_id": self.statuses["V999"].id, "expected_date": eta,
            "reason": "Production slot moved by the factory", "source_system": "manual",
            "create_uid": self.desk_a.id,
        }])
        self.assertEqual(self.order_1.eta_date, eta)
        self.assertEqual(self.order_1.eta_reason, "Production slot moved by the factory")
        self.assertRecordValues(self.order_1.eta_change_ids, [{
            "old_date": False, "new_date": eta, "source": "manual",
            "reason": "Production slot moved by the factory", "event_id": event.id,
        }])
        self.assertTrue(self.order_1.customer_update_due, "the customer will be told")
