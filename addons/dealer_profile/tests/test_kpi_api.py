import math
from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MONTH_1, DealerProfileCommon


class _Undo(Exception):
    """Rolls a hypothesis example back so the next one starts from the same data."""


@tagged("post_install", "-at_install")
class TestKpiApiInput(DealerProfileCommon):
    """upsert_values refuses what is not a clean value for a month that has begun, of an
    outlet the caller may see, with one ValidationError naming the entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Value = cls.env["dealer.kpi.value"]
        cls.kpi_share = cls.env["dealer.kpi"].create({
            "code": "test_share", "name": "Test share", "unit": "%", "target": 90.0,
            "min_value": 0.0, "max_value": 100.0,
        })

    def _entry(self, **vals):
        return {"outlet_id": self.outlet_a.id, "kpi_code": "test_share", "month": "2024-01",
                "value": 50, **vals}

    def _snapshot(self):
        self.env.flush_all()
        return self.env.execute_query(SQL(
            """SELECT (SELECT count(*) FROM dealer_kpi_value),
                      (SELECT coalesce(sum(value), 0) FROM dealer_kpi_value
                        WHERE value != 'NaN'),
                      (SELECT count(*) FROM dealer_kpi_value WHERE value = 'NaN'),
                      (SELECT count(*) FROM dealer_outlet_rating),
                      (SELECT count(*) FROM dealer_rating_month)"""
        ))

    def assertRefused(self, entries, *fragments, user=None):
        """One ValidationError naming each fragment; nothing written."""
        before = self._snapshot()
        with self.assertRaises(ValidationError) as caught:
            self.Value.with_user(user or self.env.user).upsert_values(entries)
        message = caught.exception.args[0]
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertNotIn("Traceback", message)
        self.assertLess(len(message), 4000, "a short message, not the entry echoed")
        self.assertEqual(self._snapshot(), before, "nothing written")
        return message

    def test_refuses_months_after_the_current_one(self):
        next_month = fields.Date.context_today(self.Value) + relativedelta(months=1, day=1)
        for month in ("9999-12", next_month, next_month.strftime("%Y-%m")):
            with self.subTest(month=month):
                self.assertRefused([self._entry(month=month)], "KPI entry 1",
                                   "after the current month")
        current = fields.Date.context_today(self.Value).strftime("%Y-%m")
        self.assertEqual(len(self.Value.upsert_values([self._entry(month=current)])), 1)

    def test_refuses_values_that_are_not_finite(self):
        for value in (math.nan, math.inf, -math.inf, 10**400):
            with self.subTest(value=value):
                self.assertRefused([self._entry(value=value)], "KPI entry 1", "finite")

    def test_refuses_values_outside_the_kpi_range(self):
        for value, word in ((-0.5, "below"), (100.01, "above"), (1e300, "above")):
            with self.subTest(value=value):
                self.assertRefused([self._entry(value=value)], "KPI entry 1", word)
        self.assertEqual(
            self.Value.upsert_values([self._entry(value=0), self._entry(value=100,
                                                                         month="2024-02")])
            .mapped("value"),
            [0.0, 100.0],
        )

    def test_orm_writes_follow_the_same_rules(self):
        value = self.Value.upsert_values([self._entry()])
        for vals in ({"value": math.nan}, {"value": 101}, {"month": "9999-12-01"}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                value.write(vals)
        with self.assertRaises(ValidationError):
            self.Value.create({"outlet_id": self.outlet_a.id, "kpi_id": self.kpi_share.id,
                               "month": "2024-02-01", "value": math.inf})

    def test_outlet_of_another_market_is_not_accessible(self):
        """The officer of market A has create rights on KPI values, not market B."""
        self.assertRefused(
            [self._entry(outlet_id=self.outlet_b.id)],
            "KPI entry 1", f"outlet {self.outlet_b.id} is unknown or not accessible",
            user=self.officer,
        )
        values = self.Value.with_user(self.officer).upsert_values([self._entry()])
        self.assertEqual(values.outlet_id, self.outlet_a)

    def test_each_malformed_entry_is_named(self):
        """The bad entry is the second one: the first is valid and not written either."""
        missing_id = self.env["dealer.outlet"].search([], order="id desc", limit=1).id + 1000
        cases = [
            ("not a dict", ["outlet", 1], "expected a dictionary"),
            ("string outlet id", self._entry(outlet_id=str(self.outlet_a.id)),
             "bad type: outlet_id must be a whole number"),
            ("boolean outlet id", self._entry(outlet_id=True), "bad type: outlet_id"),
            ("unknown outlet", self._entry(outlet_id=missing_id), "unknown or not accessible"),
            ("huge outlet id", self._entry(outlet_id=10**30), "bad value: outlet_id must be"),
            ("boolean KPI id", {**self._entry(kpi_code=None), "kpi_id": True},
             "bad type: kpi_id"),
            ("string KPI id", {**self._entry(kpi_code=None), "kpi_id": "7"},
             "bad type: kpi_id"),
            ("unknown KPI id", {**self._entry(kpi_code=None), "kpi_id": 2**31 - 1},
             "unknown KPI id"),
            ("unknown KPI code", self._entry(kpi_code="test_nope"), "unknown KPI code"),
            ("KPI code not text", self._entry(kpi_code=["test_share"]),
             "bad type: kpi_code must be a string"),
            ("id and code disagree", self._entry(kpi_id=self.kpi_sales.id),
             "two different KPIs"),
            ("no KPI", self._entry(kpi_code=None), "give the KPI"),
            ("year 0", self._entry(month="0000-05"), "not understood"),
            ("month 13", self._entry(month="2024-13"), "not understood"),
            ("month as number", self._entry(month=202401), "not understood"),
            ("before 1970", self._entry(month="1969-12"), "before 1970"),
            ("missing month", {k: v for k, v in self._entry().items() if k != "month"},
             "month is missing"),
            ("missing value", {k: v for k, v in self._entry().items() if k != "value"},
             "missing field: value"),
            ("value as text", self._entry(value="12"), "must be a number"),
            ("value as boolean", self._entry(value=True), "must be a number"),
            ("2 MB source", self._entry(source="x" * 2_000_000), "source is longer than 64"),
            ("NUL in source", self._entry(source="feed\x00"), "source contains a character"),
            ("source not text", self._entry(source=42), "bad type: source"),
            ("unknown key", self._entry(comment="hello"), "unknown field: comment"),
            ("validity 0.5", self._entry(validity_months=0.5), "validity_months"),
            ("validity 121", self._entry(validity_months=121), "validity_months"),
        ]
        for name, bad, problem in cases:
            with self.subTest(case=name):
                self.assertRefused([self._entry(), bad], "KPI entry 2:", problem)

    def test_not_a_list(self):
        for entries in ("2024-01", {"outlet_id": 1}, 42, None):
            with self.subTest(entries=entries):
                self.assertRefused(entries, "list of dictionaries")

    def test_every_bad_entry_is_listed_once(self):
        message = self.assertRefused(
            [self._entry(value=math.nan), self._entry(), self._entry(month="9999-01")],
            "2 of 3", "KPI entry 1:", "KPI entry 3:",
        )
        self.assertNotIn("KPI entry 2:", message)

    def test_hostile_entries(self):
        """Whatever the entries, upsert_values writes them cleanly or raises one
        ValidationError having written nothing; never another exception."""
        good_ids = [self.outlet_a.id, self.outlet_b.id]
        current = fields.Date.context_today(self.Value).replace(day=1)
        anything = st.one_of(
            st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
            st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
            st.binary(max_size=10), st.lists(st.integers(), max_size=2),
            st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        )
        months = st.one_of(
            st.sampled_from(["2024-01", "2024-02", " 2024-03 ", "0000-01", "2024-13",
                             "9999-12", "2024/01", "", "２０２４-０１"]),
            st.just(current), st.just(current + relativedelta(months=1)),
            st.just(MONTH_1), anything,
        )
        entry = st.fixed_dictionaries(
            {},
            optional={
                "outlet_id": st.one_of(st.sampled_from(good_ids), anything),
                "kpi_code": st.one_of(st.sampled_from(["test_share", "test_sales", "nope"]),
                                      anything),
                "kpi_id": st.one_of(st.just(self.kpi_share.id), anything),
                "month": months,
                "value": st.one_of(st.floats(min_value=-10, max_value=110), anything),
                "source": st.one_of(st.just("feed"), st.text(max_size=80), anything),
                "validity_months": st.one_of(st.integers(min_value=-1, max_value=3),
                                             anything),
                "junk": anything,
            },
        )
        entries = st.lists(st.one_of(entry, anything), min_size=1, max_size=4)
        outcomes = {"written": 0, "refused": 0}

        @settings(max_examples=150, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(entries=entries)
        def check(entries):
            before = self._snapshot()
            try:
                with self.env.cr.savepoint():
                    try:
                        self.Value.upsert_values(entries)
                        outcomes["written"] += 1
                    except ValidationError:
                        self.assertEqual(self._snapshot(), before, "nothing written")
                        outcomes["refused"] += 1
                    raise _Undo
            except _Undo:
                self.env.invalidate_all()

        check()
        self.assertTrue(outcomes["refused"], "the strategies reach the refusals")
