from unittest.mock import patch

from odoo.exceptions import ConcurrencyError
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.json_api_client import JsonApiClientMixin

from ..tools.event_api import API_KEY_SCOPE, MAX_BATCH_SIZE
from .common import OrderTrackingCommon

URL = "/order_tracking/api/events"


class OrderTrackingApiCommon(JsonApiClientMixin, OrderTrackingCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_key = cls.env["res.users.apikeys"].with_user(cls.integration).sudo()._generate(
            API_KEY_SCOPE, "test feed", None
        )
        cls.desk_key = cls.env["res.users.apikeys"].with_user(cls.desk_a).sudo()._generate(
            API_KEY_SCOPE, "desk key", None
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a session bound to the test database, no user

    def _post(self, body, key=None, raw=None, content_type="application/json"):
        key = key if key is False else key or self.api_key
        return self._api_post(URL, body, key, raw=raw, content_type=content_type)

    def _events(self, order):
        return self.env["vehicle.order.event"].search([("order_id", "=", order.id)])


@tagged("post_install", "-at_install")
class TestIngestionApi(OrderTrackingApiCommon):

    def test_valid_batch_is_stored_with_verdicts(self):
        response = self._post({"source": "FACTORY-OMS", "events": [
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": "2026-01-10",
             "external_id": "M-1"},
            {"order": "T-ORDER-0001", "status": "v999",
             "expected_date": self._days(50).isoformat(), "reason": "port congestion"},
        ]})
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual((answer["received"], answer["accepted"], answer["rejected"]), (2, 2, 0))
        self.assertEqual([r["verdict"] for r in answer["results"]], ["accepted", "accepted"])
        self.assertEqual(answer["results"][0]["external_id"], "M-1")
        self.assertEqual(self.order_1.status_id.code, "V300")
        self.assertEqual(self.order_1.eta_date, self._days(50))
        self.assertEqual(self.order_1.eta_change_ids.source, "FACTORY-OMS")
        log = self.env["vehicle.order.ingestion"].search([], limit=1)
        self.assertEqual((log.source_system, log.accepted_count), ("FACTORY-OMS", 2))

    def test_replay_is_duplicate(self):
        body = {"events": [{"order": "T-ORDER-0002", "status": "V260",
                            "actual_date": "2026-01-10", "external_id": "R-1"}]}
        self.assertEqual(self._post(body).json()["accepted"], 1)
        answer = self._post(body).json()
        self.assertEqual((answer["accepted"], answer["duplicate"]), (0, 1))
        self.assertEqual(len(self._events(self.order_2)), 1)

    def test_rejections_do_not_block_valid_events(self):
        events = [
            {"order": "NOPE", "status": "V300", "actual_date": "2026-01-10"},
            {"order": "T-ORDER-0001", "status": "X999", "actual_date": "2026-01-10"},
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": "10/01/2026"},
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": "2026-02-30"},
            {"status": "V300", "actual_date": "2026-01-10"},
            {"order": "T-ORDER-0001", "status": "V300"},
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": 20260110},
            {"order": "T-ORDER-0001", "status": "V300", "actual": "2026-01-10"},
            "not an object",
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": "2199-01-01"},
            {"order": "T-ORDER-0001\x00", "status": "V300", "actual_date": "2026-01-10"},
            {"order": "T-ORDER-0001", "status": "V260", "actual_date": "2026-01-05"},
        ]
        answer = self._post({"events": events}).json()
        verdicts = [r["verdict"] for r in answer["results"]]
        self.assertEqual(verdicts, ["rejected"] * 11 + ["accepted"])
        reasons = [r.get("reason", "") for r in answer["results"]]
        for index, expected in enumerate([
            "unknown order", "unknown status code", "bad date", "bad date", "missing field",
            "missing field", "bad date", "unknown field", "JSON object", "bad date", "U+0000",
        ]):
            self.assertIn(expected, reasons[index], reasons[index])
        self.assertEqual(self.order_1.status_id.code, "V260")
        self.assertEqual(len(self._events(self.order_1)), 1)

    def test_retried_request_reads_its_body_again(self):
        """When a concurrent request stored the same events first, Odoo retries the whole
        request: the retry must read the body again (a 200, not a 400 'malformed')."""
        Event = self.registry["vehicle.order.event"]
        insert_events = Event._insert_events
        attempts = []

        def insert_after_a_concurrent_batch(model, vals_list, ingestion=None):
            attempts.append(len(vals_list))
            if len(attempts) == 1:
                raise ConcurrencyError("another request stored these events")
            return insert_events(model, vals_list, ingestion)

        with patch.object(Event, "_insert_events", insert_after_a_concurrent_batch):
            response = self._post({"events": [
                {"order": "T-ORDER-0002", "status": "V260", "actual_date": "2026-01-10"},
            ]})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(attempts, [1, 1])
        self.assertEqual(response.json()["accepted"], 1)
        self.assertEqual(len(self._events(self.order_2)), 1)

    def test_missing_or_wrong_key_is_401(self):
        for key in (False, "0" * 40, self.api_key[:-1] + "x"):
            with self.subTest(key=key):
                response = self._post({"events": []}, key=key)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["error"], "unauthorized")

    def test_key_of_user_outside_integration_group_is_403(self):
        response = self._post({"events": [
            {"order": "T-ORDER-0001", "status": "V300", "actual_date": "2026-01-10"}
        ]}, key=self.desk_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"], "forbidden")
        self.assertFalse(self._events(self.order_1))

    def test_malformed_body_is_400(self):
        for raw in ("{", "[]", '{"events": {}}', '{"source": 5, "events": []}', "null",
                    '{"events": [' * 5000):
            with self.subTest(raw=raw[:20]):
                response = self._post(None, raw=raw)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["error"], "malformed")

    def test_not_json_is_415(self):
        response = self._post(None, raw="order=1", content_type="text/plain")
        self.assertEqual(response.status_code, 415)

    def test_oversized_batch_is_413(self):
        events = [{"order": "T-ORDER-0001", "status": "V300"}] * (MAX_BATCH_SIZE + 1)
        response = self._post({"events": events})
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._events(self.order_1))

    def test_integration_user_can_do_nothing_else(self):
        """Over the ORM (as over JSON-RPC): no orders, customers, catalogue or log."""
        from odoo.exceptions import AccessError
        for model in ("vehicle.order", "res.partner", "vehicle.order.status",
                      "vehicle.order.ingestion", "dealer.outlet", "vehicle.order.eta.change"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.integration).search([], limit=1)
        self.assertFalse(self.integration._is_internal())
        self.assertFalse(self.integration._is_portal())
