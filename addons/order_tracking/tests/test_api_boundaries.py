import json
import xmlrpc.client
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..controllers.api import MAX_BODY_BYTES
from ..tools.event_api import API_KEY_SCOPE
from .test_api import URL, OrderTrackingApiCommon


@tagged("post_install", "-at_install")
class TestEventApiBadInput(OrderTrackingApiCommon):
    """One bad event never costs the good ones: a verdict per event, never a 500."""

    def _good(self, status="V260"):
        return {"order": "T-ORDER-0001", "status": status,
                "actual_date": self._days(-5).isoformat()}

    def _verdicts(self, response):
        self.assertEqual(response.status_code, 200, response.text[:500])
        return [(r["verdict"], r.get("reason", "")) for r in response.json()["results"]]

    def test_extreme_sent_at_is_a_per_event_rejection(self):
        """Both overflowed Python's datetime when converted to UTC: a 500 for the batch."""
        verdicts = self._verdicts(self._post({"events": [
            {**self._good("V200"), "sent_at": "9999-12-31T23:59:59-14:00"},
            {**self._good("V250"), "sent_at": "0001-01-01T00:00:00+14:00"},
            {**self._good("V260"), "sent_at": "2026-03-01T08:15:00+01:00"},
        ]}))
        self.assertEqual([v for v, _reason in verdicts], ["rejected", "rejected", "accepted"])
        self.assertIn("sent_at", verdicts[0][1])
        event = self._events(self.order_1)
        self.assertEqual(event.status_id.code, "V260")
        self.assertEqual(event.message_date.isoformat(), "2026-03-01T07:15:00")

    def test_lone_surrogate_is_a_per_event_rejection(self):
        raw = json.dumps({"events": [self._good("V250"), self._good("V260")]})
        raw = raw.replace('"status": "V250"', '"status": "V250", "reason": "delay \\ud800"')
        verdicts = self._verdicts(self._post(None, raw=raw))
        self.assertEqual(verdicts[0][0], "rejected")
        self.assertIn("U+D800", verdicts[0][1])
        self.assertEqual(verdicts[1][0], "accepted")
        self.assertEqual(self._events(self.order_1).status_id.code, "V260")

    def test_external_id_of_another_event_is_rejected(self):
        """Within a batch, across batches, and an id another system filed under the
        event's own source (was a unique-index error: HTML 422 for the whole batch)."""
        self._event(self.order_1, "V300", actual_date=self._days(-3), external_id="X-1",
                    source_system="OMS-A")
        self._event(self.order_2, "V300", actual_date=self._days(-3), external_id="X-2",
                    source_system="OMS-A")
        verdicts = self._verdicts(self._post({"source": "OMS-A", "events": [
            {**self._good("V260"), "external_id": "X-1"},
            {"order": "T-ORDER-0002", "status": "V250", "external_id": "N-1",
             "actual_date": self._days(-6).isoformat()},
            {"order": "T-ORDER-0002", "status": "V260", "external_id": "N-1",
             "actual_date": self._days(-5).isoformat()},
        ]}))
        self.assertEqual([v for v, _reason in verdicts], ["rejected", "accepted", "rejected"])
        self.assertIn("X-1", verdicts[0][1])
        # OMS-B reports the OMS-A event with its own id X-2 (OMS-A's id of another event).
        verdicts = self._verdicts(self._post({"source": "OMS-B", "events": [
            {"order": "T-ORDER-0001", "status": "V300", "external_id": "X-2",
             "actual_date": self._days(-2).isoformat()},
        ]}))
        self.assertEqual(verdicts[0][0], "accepted")
        event = self._events(self.order_1).filtered(lambda e: e.status_id.code == "V300")
        self.assertEqual((event.actual_date, event.external_id), (self._days(-2), "X-1"))

    def test_absurd_eta_is_rejected_not_shown_to_the_customer(self):
        eta = self.order_1.eta_date
        verdicts = self._verdicts(self._post({"events": [
            {"order": "T-ORDER-0001", "status": "V999", "expected_date": "2099-12-31"},
            {"order": "T-ORDER-0001", "status": "V999", "expected_date": "2001-01-01"},
            {"order": "T-ORDER-0002", "status": "V999",
             "expected_date": self._days(80).isoformat()},
        ]}))
        self.assertEqual([v for v, _reason in verdicts], ["rejected", "rejected", "accepted"])
        self.assertIn("outside the dates this order can have", verdicts[0][1])
        self.assertEqual(self.order_1.eta_date, eta)
        self.assertEqual(self.order_2.eta_date, self._days(80))

    def test_chunked_body_over_the_limit_is_413(self):
        """No Content-Length to check: the limit holds on the bytes read."""
        body = json.dumps({"events": [{**self._good(), "reason": "x" * (3 * MAX_BODY_BYTES)}]})

        def chunks():
            for start in range(0, len(body), 65536):
                yield body[start:start + 65536].encode()

        response = self.url_open(URL, data=chunks(), method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}",
        })
        self.assertEqual(response.status_code, 413, response.text[:300])
        self.assertEqual(response.json()["error"], "too_large")
        self.assertFalse(self._events(self.order_1))

    def test_every_refusal_has_the_same_json_shape(self):
        cases = [
            (401, self._post({"events": []}, key=False)),
            (403, self._post({"events": []}, key=self.desk_key)),
            (415, self._post(None, raw="x", content_type="text/plain")),
            (400, self._post(None, raw="{")),
            (413, self._post(None, raw=" " * (MAX_BODY_BYTES + 1))),
        ]
        for status, response in cases:
            with self.subTest(status=status):
                self.assertEqual(response.status_code, status)
                self.assertEqual(set(response.json()), {"error", "message"})


@tagged("post_install", "-at_install")
class TestHandEnteredEvents(OrderTrackingApiCommon):
    """Events typed in the backend (JSON-RPC create/write) pass the API's text checks."""

    def _call_kw(self, method, args):
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": "vehicle.order.event", "method": method, "args": args, "kwargs": {},
            },
        }), headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 200)
        return response.json()

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_control_characters_and_lengths_refused(self):
        self.authenticate("test_desk_a", "test_desk_a")
        base = {"order_id": self.order_1.id, "status_id": self.statuses["V300"].id,
                "actual_date": self._days(-3).isoformat()}
        for vals in ({"reason": "late\x00"}, {"reason": "late\x1b[31m"},
                     {"reason": "x" * 300}, {"external_id": "id\ud800"},
                     {"source_system": "feed\x07"}):
            with self.subTest(vals=repr(vals)[:40]):
                answer = self._call_kw("create", [{**base, **vals}])
                self.assertIn("error", answer)
                self.assertEqual(answer["error"]["data"]["name"],
                                 "odoo.exceptions.ValidationError", answer["error"])
        self.assertFalse(self._events(self.order_1))
        answer = self._call_kw("create", [{**base, "reason": "port congestion"}])
        self.assertNotIn("error", answer)
        answer = self._call_kw("write", [answer["result"], {"reason": "a\x00b"}])
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertEqual(self._events(self.order_1).reason, "port congestion")


@tagged("post_install", "-at_install")
class TestEventFeedKeyScope(OrderTrackingApiCommon):
    """The feed's key posts events and nothing else; its user never logs in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A key made from the user form has no scope (core: valid for any RPC).
        cls.global_key = cls.env["res.users.apikeys"].with_user(cls.integration).sudo()._generate(
            None, "global key", None
        )

    def test_scoped_key_posts_events(self):
        """The documented key (scope order_tracking.events): refused by the old 'rpc' check."""
        response = self._post({"events": [
            {"order": "T-ORDER-0001", "status": "V260", "actual_date": self._days(-5).isoformat()},
        ]})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["accepted"], 1)

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users",
                 "odoo.addons.rpc.controllers.xmlrpc")
    def test_keys_and_password_refused_over_xmlrpc(self):
        common, db = self.xmlrpc_common, self.env.cr.dbname
        for secret in (self.api_key, self.global_key, "test_integration"):
            with self.subTest(secret=secret[:8]):
                self.assertFalse(common.authenticate(db, "test_integration", secret, {}))
                with self.assertRaises(xmlrpc.client.Fault):
                    self.xmlrpc_object.execute_kw(
                        db, self.integration.id, secret, "vehicle.order.event", "search_read",
                        [[]], {"fields": ["reason"], "limit": 5},
                    )

    @mute_logger("odoo.http")
    def test_keys_refused_by_json2(self):
        for key in (self.api_key, self.global_key):
            with self.subTest(key=key[:8]):
                response = self.url_open(
                    "/json/2/vehicle.order.event/search_read", method="POST",
                    data=json.dumps({"domain": [], "fields": ["reason"], "limit": 5}),
                    headers={"Content-Type": "application/json",
                             "Authorization": f"Bearer {key}",
                             "X-Odoo-Database": self.env.cr.dbname},
                )
                self.assertEqual(response.status_code, 401, response.text[:300])

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_no_web_login(self):
        response = self.url_open("/web/session/authenticate", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "db": self.env.cr.dbname, "login": "test_integration",
                "password": "test_integration",
            },
        }), headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())

    def test_rpc_scope_key_no_longer_posts_events(self):
        rpc_key = self.env["res.users.apikeys"].with_user(self.integration).sudo()._generate(
            "rpc", "old key", None
        )
        self.assertEqual(self._post({"events": []}, key=rpc_key).status_code, 401)

    def test_scope_is_the_documented_one(self):
        self.assertEqual(API_KEY_SCOPE, "order_tracking.events")

    @mute_logger("odoo.addons.base.models.res_users", "odoo.addons.rpc.controllers.xmlrpc")
    def test_administrator_makes_the_scoped_key(self):
        """The user form's *New Integration Key*: core's *New API Key* only makes keys of
        the user logged in, and an integration never logs in."""
        admin = self.env.ref("base.user_admin")
        action = self.integration.with_user(admin)._new_integration_key()
        key = action["context"]["default_key"]
        response = self._post({"events": [
            {"order": "T-ORDER-0001", "status": "V260", "actual_date": self._days(-5).isoformat()},
        ]}, key=key)
        self.assertEqual(response.json()["accepted"], 1, response.text)
        self.assertFalse(self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "test_integration", key, {}))
        with self.assertRaises(AccessError):
            self.integration.with_user(self.ot_manager)._new_integration_key()
        with self.assertRaises(UserError):
            self.desk_a.with_user(admin)._new_integration_key()


@tagged("post_install", "-at_install")
class TestEventFeedMarkets(OrderTrackingApiCommon):
    """A feed of one market finds the orders of that market only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feed_a = cls._new_user(
            "test_feed_market_a", "order_tracking.group_order_tracking_integration",
            cls.market_a,
        )
        cls.feed_a.order_event_sources = "OMS-A"
        cls.feed_a_key = cls.env["res.users.apikeys"].with_user(cls.feed_a).sudo()._generate(
            API_KEY_SCOPE, "market A feed", None
        )

    def test_order_of_another_market_is_unknown(self):
        self.assertEqual(self.order_3.company_id, self.market_b)
        response = self._post({"events": [
            {"order": "T-ORDER-0003", "status": "V260",
             "actual_date": (self.today - timedelta(days=5)).isoformat()},
            {"order": "T-ORDER-0001", "status": "V260",
             "actual_date": (self.today - timedelta(days=5)).isoformat()},
        ]}, key=self.feed_a_key)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual([r["verdict"] for r in results], ["rejected", "accepted"])
        self.assertIn("unknown order", results[0]["reason"])
        self.assertFalse(self._events(self.order_3))
        self.assertEqual(self.order_1.status_id.code, "V260")
