import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.json_api_client import JsonApiClientMixin

from ..controllers.telephony import API_KEY_SCOPE, MAX_BODY
from .common import CxCommon

URL = "/cx/telephony/call"
hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["\ud800", "+31\x00612345678", "+31 6 1234 5678\x1b", "９９９", "",
                     "+31612345678" * 10, "<script>", "' OR 1=1 --"]),
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text,
)
json_value = st.recursive(
    json_leaf, lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=10), children, max_size=3), max_leaves=12,
)


@tagged("post_install", "-at_install")
class TestTelephonyBoundaries(JsonApiClientMixin, CxCommon, HttpCase):
    """The telephony key opens the telephony endpoint, within its markets, with the
    machine APIs' common answers; nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Keys = cls.env["res.users.apikeys"]
        cls.key = Keys.with_user(cls.integration).sudo()._generate(
            API_KEY_SCOPE, "Test PBX", None
        )
        cls.agent_key = Keys.with_user(cls.agent_a).sudo()._generate(
            API_KEY_SCOPE, "Agent key", None
        )
        cls.events_key = Keys.with_user(cls.integration).sudo()._generate(
            "order_tracking.events", "Not a telephony key", None
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def _call(self, body, key=None, raw=None, content_type="application/json"):
        key = key if key is False else key or self.key
        return self._api_post(URL, body, key, raw=raw, content_type=content_type)

    def test_customers_of_other_markets_are_not_named(self):
        """Customers have no company (shared): the Dutch PBX named a Swedish customer
        with cases only in market B, and anyone with a matching phone."""
        Partner = self.env["res.partner"]
        swedish = Partner.create({"name": "Test Swedish Customer", "phone": "+46 70 123 45 67",
                                  "email": "sw@example.com"})
        self._case(team=self.team_b, partner=swedish, name="Only in B")
        nobody = Partner.create({"name": "Test Unknown Person", "phone": "+49 151 2345 6789"})
        for number, partner in (("+46701234567", swedish), ("+4915123456789", nobody)):
            with self.subTest(partner=partner.name):
                response = self._call({"caller": number})
                self.assertEqual(response.status_code, 200, response.text)
                self.assertIsNone(response.json()["customer"])
                self.assertNotIn(partner.name, response.text)

    def test_own_market_customer_is_named(self):
        response = self._call({"caller": "+31612345678"})
        self.assertEqual(response.json()["customer"]["id"], self.customer.partner_id.id)

    @mute_logger("odoo.http")
    def test_refusals_share_the_machine_api_answers(self):
        chunked = (part for part in [b'{"caller": "', b"9" * (4 * MAX_BODY), b'"}'])
        cases = [
            (401, "unauthorized", self._call({"caller": "+31612345678"}, key=False)),
            (401, "unauthorized", self._call({"caller": "+31612345678"}, key=self.events_key)),
            (403, "forbidden", self._call({"caller": "+31612345678"}, key=self.agent_key)),
            (415, "unsupported_media_type",
             self._call(None, raw="caller=+31612345678", content_type="text/plain")),
            (400, "malformed", self._call({"caller": "call\x00me"})),
            (413, "too_large", self._call(None, raw=chunked)),
        ]
        for status, code, response in cases:
            with self.subTest(status=status, code=code):
                self.assertEqual(response.status_code, status, response.text[:200])
                answer = response.json()
                self.assertEqual(answer["error"], code)
                self.assertIn("message", answer)
        self.assertIn("caller", cases[4][2].json()["fields"])

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users",
                 "odoo.addons.rpc.controllers.xmlrpc")
    def test_telephony_user_never_logs_in(self):
        """Its key is refused by XML-RPC, /json/2 and the event API; its password
        (the user is internal for core) by XML-RPC and the web client."""
        db = self.env.cr.dbname
        for secret in (self.key, "cx_telephony"):
            with self.subTest(secret=secret[:8]):
                self.assertFalse(self.xmlrpc_common.authenticate(db, "cx_telephony", secret, {}))
        response = self.url_open(
            "/json/2/res.partner/search_read", method="POST",
            data=json.dumps({"domain": [], "fields": ["name", "email"], "limit": 5}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}",
                     "X-Odoo-Database": db},
        )
        self.assertEqual(response.status_code, 401)
        response = self.url_open(
            "/order_tracking/api/events", method="POST", data=json.dumps({"events": []}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
        )
        self.assertEqual(response.status_code, 401)
        response = self.url_open("/web/session/authenticate", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": db, "login": "cx_telephony", "password": "cx_telephony"},
        }), headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())

    @mute_logger("odoo.http")
    def test_hostile_bodies_never_500(self):
        seen = set()

        @settings(max_examples=40, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(body=st.one_of(
            json_value,
            st.fixed_dictionaries({"caller": hostile_text}, optional={
                key: json_value for key in ("called", "call_id", "direction", "extra")
            }),
        ))
        def run(body):
            response = self._call(body)
            self.assertIn(response.status_code, (200, 400), response.text[:200])
            answer = response.json()
            self.assertIsInstance(answer, dict)
            if response.status_code == 400:
                self.assertEqual(set(answer) - {"fields"}, {"error", "message"})
            seen.add(response.status_code)

        run()
        self.assertIn(400, seen)
