"""The array parameters of the suite's set-based inserts (tools/bulk_mail.py): what
PostgreSQL reads back is what was given, whatever the text."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from odoo.tests import TransactionCase, tagged

from ..tools.bulk_mail import array_param

HYPOTHESIS = settings(max_examples=80, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])
# What a text column can hold: any character but NUL and lone surrogates (the suite's
# inputs refuse those before any query).
STORABLE = st.text(alphabet=st.characters(exclude_characters="\x00",
                                          exclude_categories=["Cs"]), max_size=40)


@tagged("post_install", "-at_install")
class TestArrayParam(TransactionCase):

    def _round_trip(self, values, column_type):
        param = array_param(values, column_type)
        self.env.cr.execute(f"SELECT %s::{column_type}[]", [param])
        return param, self.env.cr.fetchone()[0]

    @HYPOTHESIS
    @given(st.lists(st.one_of(st.none(), STORABLE), max_size=30))
    def test_texts(self, values):
        for column_type in ("varchar", "text"):
            param, stored = self._round_trip(values, column_type)
            self.assertIsInstance(param, str, "one literal, not a list")
            self.assertEqual(stored, values)

    def test_awkward_texts(self):
        values = ['say "hi"', "back\\slash", "it's", "{a,b}", "NULL", "", "  ", "a\nb\tc",
                  "€ 😀", Markup("<p>x &amp; y</p>"), None]
        _param, stored = self._round_trip(values, "text")
        self.assertEqual(stored, [None if v is None else str(v) for v in values])

    @HYPOTHESIS
    @given(st.lists(st.one_of(st.none(), st.integers(-2**31, 2**31 - 1)), max_size=30),
           st.lists(st.one_of(st.none(), st.booleans()), max_size=30),
           st.lists(st.one_of(st.none(), st.dates()), max_size=30),
           st.lists(st.one_of(st.none(), st.datetimes()), max_size=30),
           st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
                    max_size=30))
    def test_other_types(self, ints, bools, dates, stamps, floats):
        self.assertEqual(self._round_trip(ints, "int4")[1], ints)
        self.assertEqual(self._round_trip(bools, "bool")[1], bools)
        self.assertEqual(self._round_trip(dates, "date")[1], dates)
        self.assertEqual(self._round_trip(stamps, "timestamp")[1], stamps)
        self.assertEqual(self._round_trip(floats, "float8")[1], floats)

    def test_left_to_psycopg2(self):
        """Values a literal would get wrong are passed as the list psycopg2 adapts."""
        for values, column_type in (
            ([float("nan"), 1.0], "float8"),
            ([{"en_US": "Door"}], "jsonb"),
            ([False, "x"], "varchar"),
            ([datetime.time(8, 30)], "time"),
        ):
            self.assertIsInstance(array_param(values, column_type), list)
