import json
import threading
from datetime import date, timedelta

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from ..tools.event_api import named_sources
from .test_api import URL, OrderTrackingApiCommon

CODES = ["V200", "V250", "V260", "V300", "V333", "V334", "V335", "V336", "D002", "D003",
         "O090", "O100", "O400", "V900", "V999"]
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=300),
    st.sampled_from(["\x00", "2026-02-30", "9999-12-31", "0001-01-01", "V300", "'; DROP TABLE",
                     "x" * 5000, "2026-01-01T00:00:00", "📦", "\ud800", "a\x1bb",
                     "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                     "2099-12-31", 1e308, -(2**63)]),
)
json_value = st.recursive(
    json_leaf,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=20), children, max_size=4),
    max_leaves=20,
)
hostile_event = st.one_of(
    json_value,
    st.fixed_dictionaries({}, optional={
        key: json_value for key in ("order", "status", "planned_date", "expected_date",
                                    "actual_date", "external_id", "source", "reason",
                                    "location", "sent_at", "unexpected")
    }),
    # A known order and status, so that the hostile value reaches the deeper checks.
    st.fixed_dictionaries({
        "order": st.sampled_from(["T-ORDER-0001", "T-ORDER-0003"]),
        "status": st.sampled_from(["V300", "V999"]),
        "expected_date": st.sampled_from(["2099-12-31", "2001-01-01", "2026-13-01"]),
    }, optional={
        "sent_at": st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                                    "2026-01-01T00:00:00+99:00", "2026-01-01T25:00:00Z"]),
        "reason": st.sampled_from(["\ud800", "a\x00b", "\x1b[2J", "x" * 300]),
        "external_id": st.sampled_from(["\udfff", "E\x00", "E-1"]),
    }),
)
clean_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=50
)
# Within the dates the test orders can have (ordered 60 days ago: a year before, three after).
past_dates = st.dates(
    min_value=date.today() - timedelta(days=300), max_value=date.today()
).map(date.isoformat)
any_dates = st.dates(
    min_value=date.today() - timedelta(days=300), max_value=date.today() + timedelta(days=900)
).map(date.isoformat)


@tagged("post_install", "-at_install")
class TestIngestionFuzz(OrderTrackingApiCommon):
    """Property-based: whatever the body, never a server error, and every valid event of
    a batch is stored with the values it carried."""

    def _valid_events(self):
        return st.lists(
            st.fixed_dictionaries(
                {"order": st.sampled_from(["T-ORDER-0001", "T-ORDER-0002", "T-ORDER-0003"]),
                 "status": st.sampled_from(CODES)},
                optional={"planned_date": any_dates, "expected_date": any_dates,
                          "actual_date": past_dates, "reason": clean_text},
            ).filter(lambda e: any(k.endswith("_date") for k in e)),
            max_size=8, unique_by=lambda e: (e["order"], e["status"]),
        )

    def test_fuzz_batches(self):
        checked = []

        @FUZZ
        @given(valid=self._valid_events(), hostile=st.lists(hostile_event, max_size=8),
               mix=st.randoms(use_true_random=False))
        def run(valid, hostile, mix):
            events = valid + hostile
            mix.shuffle(events)
            response = self._post({"source": "FUZZ", "events": events})
            if named_sources(events) - set(self.integration._order_event_source_names()):
                # An event naming another system's source: the whole batch is refused.
                self.assertEqual(response.status_code, 403, response.text[:500])
                return
            self.assertEqual(response.status_code, 200, response.text[:500])
            results = response.json()["results"]
            self.assertEqual(len(results), len(events))
            for event, result in zip(events, results, strict=True):
                if any(event is v for v in valid):
                    self.assertIn(result["verdict"], ("accepted", "duplicate"), (event, result))
                    self._assert_stored(event)
            checked.append(len(valid))

        run()
        self.assertTrue(sum(checked) > 0, "the fuzz checked valid events")

    def _assert_stored(self, event):
        order = self.env["vehicle.order"].search([("name", "=", event["order"])])
        stored = self.env["vehicle.order.event"].search([
            ("order_id", "=", order.id), ("status_id.code", "=", event["status"])])
        self.assertEqual(len(stored), 1)
        for key in ("planned_date", "expected_date", "actual_date"):
            if key in event:
                self.assertEqual(stored[key].isoformat(), event[key])
        if event.get("reason", "").strip():
            self.assertEqual(stored.reason, event["reason"].strip())

    def test_fuzz_whole_bodies(self):
        @FUZZ
        @given(body=st.one_of(json_value.map(json.dumps), st.binary(max_size=300)))
        def run(body):
            response = self._post(None, raw=body)
            # 403: a body naming a source that is not the key's.
            self.assertIn(response.status_code, (200, 400, 403), response.text[:300])
            self.assertIsInstance(response.json(), dict)

        run()


@tagged("post_install", "-at_install")
class TestIngestionConcurrency(OrderTrackingApiCommon):

    def test_two_identical_requests_store_once(self):
        events = [
            {"order": "T-ORDER-0001", "status": code, "external_id": f"CC-{code}",
             "actual_date": (self.today - timedelta(days=30 - n)).isoformat()}
            for n, code in enumerate(["V200", "V250", "V260", "V300", "V333", "V334"])
        ]
        data = json.dumps({"source": "FACTORY", "events": events})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"}
        responses = [None, None]
        barrier = threading.Barrier(2)
        self.env.flush_all()

        def send(slot, cookies):
            barrier.wait()
            responses[slot] = requests.post(self.base_url() + URL, data=data, headers=headers,
                                            cookies=cookies, timeout=60)

        with self.allow_requests():
            cookies = dict(self.opener.cookies)
            threads = [threading.Thread(target=send, args=(slot, cookies)) for slot in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(90)
        self.env.invalidate_all()
        self.assertEqual([r.status_code for r in responses], [200, 200])
        answers = [r.json() for r in responses]
        self.assertEqual(sum(a["accepted"] for a in answers), len(events))
        self.assertEqual(sum(a["duplicate"] for a in answers), len(events))
        self.assertEqual(len(self._events(self.order_1)), len(events))
        self.assertEqual(self.order_1.status_id.code, "V334")
