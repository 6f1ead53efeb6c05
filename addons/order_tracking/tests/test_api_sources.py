from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_api import OrderTrackingApiCommon


@tagged("post_install", "-at_install")
class TestIngestionSources(OrderTrackingApiCommon):
    """An integration key speaks for its own source systems (its user's Event Sources):
    a batch naming another system is refused whole (403) and nothing of it is stored."""

    def _counts(self):
        return (self.env["vehicle.order.event"].search_count([]),
                self.env["vehicle.order.ingestion"].sudo().search_count([]))

    def _batch(self, **event):
        return [{"order": "T-ORDER-0001", "status": "V300",
                 "actual_date": self._days(-10).isoformat(), **event}]

    def test_batch_of_another_source_is_refused(self):
        before = self._counts()
        response = self._post({"source": "NORDIC-RORO", "events": self._batch()})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"], "forbidden")
        self.assertIn("NORDIC-RORO", response.json()["message"])
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.order_1.status_id)

    def test_event_of_another_source_refuses_the_batch(self):
        """An event may name its own source: one naming another system's is not a
        way around the batch's check."""
        before = self._counts()
        response = self._post({"source": "TEST-OMS", "events": [
            *self._batch(), {"order": "T-ORDER-0002", "status": "V300", "source": "NORDIC-RORO",
                             "actual_date": self._days(-10).isoformat()},
        ]})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(self._counts(), before)

    def test_batch_without_source_is_the_first_of_the_user(self):
        response = self._post({"events": self._batch(external_id="S-1")})
        self.assertEqual(response.status_code, 200, response.text)
        event = self._events(self.order_1)
        self.assertEqual(event.source_system, "TEST-OMS")
        self.assertEqual(self.env["vehicle.order.ingestion"].sudo().search(
            [], limit=1).source_system, "TEST-OMS")

    def test_own_sources_are_accepted(self):
        response = self._post({"source": "OMS-B", "events": self._batch(source=" FACTORY ")})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self._events(self.order_1).source_system, "FACTORY")

    def test_user_without_sources_is_refused(self):
        self.integration.order_event_sources = False
        response = self._post({"source": "TEST-OMS", "events": self._batch()})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("Event Sources", response.json()["message"])
        self.assertFalse(self._events(self.order_1))

    def test_sources_are_the_order_tracking_managers(self):
        """Neither the feed itself nor an access-rights administrator who does not run
        order tracking widens a feed's sources; the order-tracking manager does."""
        with self.assertRaises(AccessError):
            self.integration.with_user(self.integration).write(
                {"order_event_sources": "NORDIC-RORO"})
        admin = self._new_user("test_rights_admin", "base.group_erp_manager", self.market_a)
        with self.assertRaises(AccessError):
            self.integration.with_user(admin).write({"order_event_sources": "NORDIC-RORO"})
        self._set_groups(admin, "base.group_erp_manager",
                         "order_tracking.group_order_tracking_manager")
        self.integration.with_user(admin).write({"order_event_sources": "NORDIC-RORO"})
        self.assertEqual(self.integration._order_event_source_names(), ["NORDIC-RORO"])

    def test_bad_source_name_is_a_validation_error(self):
        with self.assertRaises(ValidationError):
            self.integration.order_event_sources = "OK, bad\x07name"
