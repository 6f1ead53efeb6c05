"""The JSON payload parser of the machine APIs (tools/portal_form.py, clean_json):
typed values, the portal's text rules, and never an exception but a per-field error."""

import math
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..tools.portal_form import JsonSpec, clean_json, clean_json_value

SPECS = (
    JsonSpec("ref", required=True, max_length=16),
    JsonSpec("note", kind="text", max_length=100),
    JsonSpec("count", kind="int", minimum=0, maximum=10),
    JsonSpec("amount", kind="float", minimum=-1e6, maximum=1e6),
    JsonSpec("flag", kind="bool"),
    JsonSpec("day", kind="date", minimum=date(2000, 1, 1), maximum=date(2099, 12, 31)),
    JsonSpec("at", kind="datetime", minimum=datetime(2000, 1, 1),
             maximum=datetime(2099, 12, 31, 23, 59, 59)),
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["\ud800", "\x00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                     "2026-02-30", "2026-02-28T24:00:00", "1e309", "NaN", "  ", "x" * 500]),
)
json_value = st.recursive(
    json_leaf, lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=10,
)


@tagged("post_install", "-at_install")
class TestJsonPayload(TransactionCase):

    def _value(self, kind, value, **kw):
        return clean_json_value(self.env, JsonSpec("field", kind=kind, **kw), value)

    def _refused(self, kind, value, fragment, **kw):
        with self.assertRaises(UserError) as caught:
            self._value(kind, value, **kw)
        self.assertIn(fragment, caught.exception.args[0])

    def test_datetimes_at_the_edge_of_the_calendar(self):
        """Converting these offsets to UTC overflowed Python's datetime (an HTTP 500)."""
        limits = {"minimum": datetime(2000, 1, 1), "maximum": datetime(2099, 12, 31)}
        for value in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
            with self.subTest(value=value):
                self._refused("datetime", value, "bad date", **limits)
                self._refused("datetime", value, "bad date")
        self.assertEqual(self._value("datetime", "2026-03-01T08:15:00+01:00"),
                         datetime(2026, 3, 1, 7, 15))
        self.assertEqual(self._value("datetime", "2026-03-01T08:15:00Z"),
                         datetime(2026, 3, 1, 8, 15))
        for value in ("2026-02-30T00:00:00", "yesterday", 20260301, "2026-03-01T08:15:00+25:00"):
            with self.subTest(value=value):
                self._refused("datetime", value, "bad date")

    def test_numbers_are_finite_and_typed(self):
        for value in (math.nan, math.inf, -math.inf, 10**400):
            with self.subTest(value=value):
                self._refused("float", value, "finite")
        self._refused("float", "12", "bad type")
        self._refused("float", True, "bad type")
        self._refused("int", True, "bad type")
        self._refused("int", 0.5, "bad type")
        self._refused("int", 11, "between 0 and 10", minimum=0, maximum=10)
        self._refused("int", 2**31, "bad value")
        self.assertEqual(self._value("int", 3.0), 3)
        self.assertEqual(self._value("float", 2), 2.0)

    def test_texts_follow_the_portal_rules(self):
        self._refused("line", "a\ud800", "U+D800")
        self._refused("line", "a\x00", "U+0000")
        self._refused("line", "a\nb", "U+000A")
        self.assertEqual(self._value("text", " a\nb "), "a\nb")
        self._refused("line", "x" * 257, "longer than 256")
        self._refused("line", 5, "bad type")
        self._refused("line", "  ", "missing field", required=True)

    def test_dates(self):
        self.assertEqual(self._value("date", "2026-03-01"), date(2026, 3, 1))
        for value in ("2026-3-1", "01/03/2026", "2026-02-30", 20260301, "２０２６-０３-０１"):
            with self.subTest(value=value):
                self._refused("date", value, "bad date")
        self._refused("date", "2199-01-01", "between", maximum=date(2099, 12, 31))

    def test_errors_per_field_and_unknown_keys(self):
        values, errors = clean_json(self.env, {"count": "3", "extra\x00": 1, "at": "x"}, SPECS)
        self.assertEqual(set(errors), {"ref", "count", "at", "extra?"})
        self.assertIsNone(values["count"])
        self.assertIn("unknown field", errors["extra?"])
        _values, errors = clean_json(self.env, [1, 2], SPECS)
        self.assertIn("JSON object", errors[""])

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(payload=st.one_of(json_value, st.dictionaries(
        st.sampled_from([spec.name for spec in SPECS] + ["other"]), json_value, max_size=8,
    )))
    def test_any_payload_gives_values_or_errors(self, payload):
        values, errors = clean_json(self.env, payload, SPECS)
        for spec in SPECS:
            if spec.name in errors or not isinstance(payload, dict):
                continue
            value = values[spec.name]
            if value is None:
                continue
            if spec.kind in ("int", "float"):
                self.assertTrue(math.isfinite(value))
                self.assertTrue(spec.minimum <= value <= spec.maximum)
            elif spec.kind in ("date", "datetime"):
                self.assertTrue(spec.minimum <= value <= spec.maximum)
            elif spec.kind in ("line", "text"):
                self.assertLessEqual(len(value), spec.limit)
                value.encode("utf-8")  # storable: no lone surrogate
