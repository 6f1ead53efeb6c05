from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MONTH_1, MONTH_3, DealerProfileCommon


def orm_upsert(Value, entries, recompute_ratings=True):
    """upsert_values as it was before it wrote set-based (2026-12-06): every value
    created or written through the ORM. The reference the set-based path must match."""
    parsed = Value._upsert_parse(entries)
    if not parsed:
        return Value.browse()
    existing = {
        (rec.outlet_id.id, rec.kpi_id.id, rec.month): rec
        for rec in Value.search([
            ("outlet_id", "in", list({p["outlet_id"] for p in parsed})),
            ("kpi_id", "in", list({p["kpi_id"] for p in parsed})),
            ("month", "in", list({p["month"] for p in parsed})),
        ])
    }
    result = Value.browse()
    to_create = {}
    months = set()
    for vals in parsed:
        key = (vals["outlet_id"], vals["kpi_id"], vals["month"])
        record = existing.get(key)
        if record:
            changes = {
                name: vals[name]
                for name in ("value", "source", "validity_months")
                if record[name] != vals[name]
            }
            if changes:
                months |= record._rated_spans()
                record._workflow().write(changes)
            result |= record
        else:
            to_create[key] = vals
    result |= Value.create(list(to_create.values()))
    if recompute_ratings:
        Value.env["dealer.outlet.rating"].sudo()._kpi_values_changed(
            months | result._rated_spans()
        )
    return result


@tagged("post_install", "-at_install")
class TestKpiUpsertSetBased(DealerProfileCommon):
    """upsert_values writes with one INSERT ... ON CONFLICT DO UPDATE: the same stored
    values, ratings, flags and refusals as the ORM's create and write it replaces."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Value = cls.env["dealer.kpi.value"]
        cls.kpi_sales.validity_months = 2  # a value counts in the following month too
        # Stored before the batch: values it updates, keeps, or changes the validity of.
        cls.Value.upsert_values([
            {"outlet_id": cls.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01",
             "value": 80},
            {"outlet_id": cls.outlet_a.id, "kpi_code": "test_response", "month": "2024-01",
             "value": 5},
            {"outlet_id": cls.outlet_b.id, "kpi_code": "test_sales", "month": "2024-01",
             "value": 95, "source": "feed"},
            {"outlet_id": cls.outlet_a2.id, "kpi_code": "test_sales", "month": "2024-02",
             "value": 60, "validity_months": 3},
            {"outlet_id": cls.outlet_b.id, "kpi_code": "test_response", "month": "2024-03",
             "value": 4},
        ])
        # January is published (a changed value flags it), February and March are not.
        cls.env["dealer.rating.month"]._get_or_create([MONTH_1]).with_user(
            cls.manager
        ).action_publish()

    def _batch(self):
        a, b, a2 = self.outlet_a.id, self.outlet_b.id, self.outlet_a2.id
        return [
            # updated value; unchanged value; source changed
            {"outlet_id": a, "kpi_code": "test_sales", "month": "2024-01", "value": 90},
            {"outlet_id": a, "kpi_code": "test_response", "month": "2024-01", "value": 5,
             "source": "api"},
            {"outlet_id": b, "kpi_code": "test_sales", "month": "2024-01", "value": 95},
            # validity shortened: March loses the value
            {"outlet_id": a2, "kpi_code": "test_sales", "month": "2024-02", "value": 60,
             "validity_months": 1},
            # new values, one key twice (the last wins), one with its own validity
            {"outlet_id": b, "kpi_code": "test_response", "month": "2024-02", "value": 3},
            {"outlet_id": a, "kpi_code": "test_sales", "month": "2024-03", "value": 10},
            {"outlet_id": a, "kpi_code": "test_sales", "month": "2024-03", "value": 70},
            {"outlet_id": a2, "kpi_code": "test_response", "month": date(2024, 3, 9),
             "value": 2.5, "validity_months": 4},
            # a new key sent with a long validity, then a short one: created once, with
            # the short one (the months of the long one are not rated for it)
            {"outlet_id": b, "kpi_code": "test_sales", "month": "2023-10", "value": 50,
             "validity_months": 3},
            {"outlet_id": b, "kpi_code": "test_sales", "month": "2023-10", "value": 55,
             "validity_months": 1},
            # a stored value changed, then changed back: written twice by the ORM
            {"outlet_id": b, "kpi_code": "test_response", "month": "2024-03", "value": 6},
            {"outlet_id": b, "kpi_code": "test_response", "month": "2024-03", "value": 4},
        ]

    def _state(self, result):
        self.env.flush_all()
        query = self.env.execute_query
        return {
            "result": [(v.outlet_id.id, v.kpi_id.id, v.month) for v in result],
            "values": query(SQL(
                """SELECT outlet_id, kpi_id, month, value, source,
                          coalesce(validity_months, 0), valid_until, company_id, region_id,
                          kind, create_uid, write_uid, create_date, write_date
                     FROM dealer_kpi_value WHERE outlet_id IN %s
                 ORDER BY outlet_id, kpi_id, month""",
                (self.outlet_a.id, self.outlet_b.id, self.outlet_a2.id),
            )),
            "ratings": query(SQL(
                """SELECT r.outlet_id, r.month, r.score, r.stars, r.rank_market,
                          r.rank_region, r.rank_network, r.kpi_count, r.award
                     FROM dealer_outlet_rating r ORDER BY r.month, r.outlet_id"""
            )),
            "months": query(SQL(
                "SELECT month, state, needs_recompute FROM dealer_rating_month ORDER BY month"
            )),
        }

    def _both_paths(self, user, entries):
        """The state after the set-based path and after the ORM reference, each from
        the same starting point."""
        states = []
        for upsert in (
            lambda: self.Value.with_user(user).upsert_values(entries),
            lambda: orm_upsert(self.Value.with_user(user), entries),
        ):
            with self.env.cr.savepoint(flush=False) as savepoint:
                states.append(self._state(upsert()))
                savepoint.rollback()
            self.env.invalidate_all()
        return states

    def test_same_values_ratings_and_flags_as_the_orm(self):
        for user in (self.env.user, self.manager):
            with self.subTest(user=user.login):
                set_based, orm = self._both_paths(user, self._batch())
                self.assertEqual(set_based, orm)
                self.assertEqual(len(set_based["result"]), 9)
                self.assertNotIn(date(2023, 11, 1), [m[0] for m in set_based["months"]])
                self.assertIn((MONTH_1, "published", True), set_based["months"])
                march = [r for r in set_based["ratings"] if r[1] == MONTH_3]
                self.assertTrue(march, "March was rebuilt")

    def test_unchanged_values_are_not_written(self):
        """As with the ORM, a value sent again as it is keeps its write date."""
        self.env.cr.execute(
            "UPDATE dealer_kpi_value SET write_date = '2024-01-01' WHERE outlet_id = %s",
            [self.outlet_b.id],
        )
        self.env.invalidate_all()
        self.Value.upsert_values([{"outlet_id": self.outlet_b.id, "kpi_code": "test_sales",
                                   "month": "2024-01", "value": 95, "source": "feed"}])
        value = self.Value.search([("outlet_id", "=", self.outlet_b.id),
                                   ("kpi_id", "=", self.kpi_sales.id)])
        self.assertEqual(value.write_date.date(), date(2024, 1, 1))

    def test_cache_follows_the_sql_write(self):
        """Values, the outlet's and the KPI's lists read after the batch show it."""
        value = self.Value.search([("outlet_id", "=", self.outlet_a.id),
                                   ("kpi_id", "=", self.kpi_sales.id)])
        self.assertEqual(value.value, 80.0)
        before = self.outlet_a.kpi_value_ids
        self.Value.upsert_values(self._batch())
        self.assertEqual(value.value, 90.0)
        self.assertEqual(len(self.outlet_a.kpi_value_ids), len(before) + 1)
        self.assertIn(self.outlet_a, self.kpi_sales.value_ids.outlet_id)

    def test_refuses_what_the_orm_refused(self):
        """Invalid values, months that have not begun, an outlet of another market,
        a user without write access: refused by both paths, nothing written."""
        entry = {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales",
                 "month": "2024-01", "value": 90}
        cases = [
            (self.env.user, [{**entry, "value": 1001}], ValidationError),
            (self.env.user, [{**entry, "value": float("nan")}], ValidationError),
            (self.env.user, [{**entry, "month": "2999-01"}], ValidationError),
            (self.env.user, [{**entry, "validity_months": 121}], ValidationError),
            (self.officer, [{**entry, "outlet_id": self.outlet_b.id}], ValidationError),
            # a viewer reads KPI values but neither creates nor writes them
            (self.viewer, [entry], AccessError),
            (self.viewer, [{**entry, "month": "2024-02"}], AccessError),
        ]
        for user, entries, error in cases:
            for name, upsert in (("set-based", self.Value.with_user(user).upsert_values),
                                 ("orm", lambda e, u=user: orm_upsert(
                                     self.Value.with_user(u), e))):
                with self.subTest(user=user.login, entries=entries, path=name):
                    before = self._state(self.Value.browse())
                    with self.assertRaises(error):
                        upsert(entries)
                    self.env.invalidate_all()
                    self.assertEqual(self._state(self.Value.browse()), before)

    def test_record_rules_checked_on_the_stored_rows(self):
        """The officer of market A may write values of market A only: a value the
        record rules hide from them is refused, not silently taken as theirs."""
        officer_b = self._new_user(
            "test_officer_b", "dealer_profile.group_network_officer", self.market_b
        )
        Value = self.Value.with_user(officer_b)
        with self.assertRaises(ValidationError):  # outlet A is not theirs to see
            Value.upsert_values([{"outlet_id": self.outlet_a.id, "kpi_code": "test_sales",
                                  "month": "2024-01", "value": 1}])
        result = Value.upsert_values([{"outlet_id": self.outlet_b.id,
                                       "kpi_code": "test_sales", "month": "2024-01",
                                       "value": 91}])
        self.assertEqual((result.value, result.company_id), (91.0, self.market_b))

    def test_no_stored_field_depends_on_kpi_values(self):
        """The set-based write refreshes caches itself and marks nothing to recompute:
        this holds while no stored computed field depends on a KPI value's fields."""
        registry = self.env.registry
        for name, field in self.Value._fields.items():
            dependents = [
                str(dependent) for dependent in registry.get_dependent_fields(field)
                if dependent.store and dependent.model_name != "dealer.kpi.value"
            ]
            self.assertFalse(dependents, f"{name} has stored dependents: update "
                             "dealer.kpi.value._upsert_invalidate")
