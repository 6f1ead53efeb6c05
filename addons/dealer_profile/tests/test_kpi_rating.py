import ast
from datetime import date, timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged, warmup
from odoo.tools import format_date

from .common import MONTH_1, MONTH_2, DealerProfileCommon
from .test_i18n import load_language


@tagged("post_install", "-at_install")
class TestKpiUpsert(DealerProfileCommon):

    def _values(self, outlet=None):
        return self.env["dealer.kpi.value"].search(
            [("outlet_id", "=", (outlet or self.outlet_a).id)]
        )

    def test_upsert_creates_then_updates(self):
        entry = {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01"}
        created = self.env["dealer.kpi.value"].upsert_values([{**entry, "value": 70}])
        self.assertRecordValues(created, [{
            "outlet_id": self.outlet_a.id, "kpi_id": self.kpi_sales.id, "month": MONTH_1,
            "value": 70.0, "source": "api",
        }])
        updated = self.env["dealer.kpi.value"].upsert_values(
            [{**entry, "value": 85, "source": "test_feed"}]
        )
        self.assertEqual(updated, created, "the same record is updated, not a new one")
        self.assertEqual(self._values(), created)
        self.assertEqual((created.value, created.source), (85.0, "test_feed"))

    def test_upsert_last_entry_for_a_key_wins(self):
        entry = {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01"}
        result = self.env["dealer.kpi.value"].upsert_values(
            [{**entry, "value": 10}, {**entry, "value": 20}]
        )
        self.assertEqual(len(result), 1)
        self.assertEqual(result.value, 20.0)

    def test_upsert_accepts_month_string_and_dates(self):
        values = self.env["dealer.kpi.value"].upsert_values([
            {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": " 2024-01 ",
             "value": 1},
            {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": date(2024, 2, 17),
             "value": 2},
            {"outlet_id": self.outlet_a.id, "kpi_id": self.kpi_response.id,
             "month": date(2024, 3, 31), "value": 3},
        ])
        self.assertEqual(
            sorted(values.mapped("month")), [MONTH_1, MONTH_2, date(2024, 3, 1)],
            "every month is stored as its first day",
        )

    def test_upsert_rejects_bad_months(self):
        for month in ("2026/03", "2026-13", "2026-00", "03-2026", "", None):
            with self.subTest(month=month), self.assertRaises(ValidationError):
                self.env["dealer.kpi.value"].upsert_values([{
                    "outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": month,
                    "value": 1,
                }])
        self.assertFalse(self._values())

    def test_upsert_rejects_non_numeric_values(self):
        for value in ("12", None, True, [1]):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.env["dealer.kpi.value"].upsert_values([{
                    "outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01",
                    "value": value,
                }])
        self.assertFalse(self._values())

    def test_upsert_rejects_unknown_kpi_code(self):
        with self.assertRaisesRegex(ValidationError, "test_nope"):
            self.env["dealer.kpi.value"].upsert_values([{
                "outlet_id": self.outlet_a.id, "kpi_code": "test_nope", "month": "2024-01",
                "value": 1,
            }])

    def test_upsert_rejects_unknown_outlets(self):
        missing_id = self.env["dealer.outlet"].search([], order="id desc", limit=1).id + 1000
        for outlet_id in (missing_id, str(self.outlet_a.id), None):
            with self.subTest(outlet_id=outlet_id), self.assertRaises(ValidationError):
                self.env["dealer.kpi.value"].upsert_values([{
                    "outlet_id": outlet_id, "kpi_code": "test_sales", "month": "2024-01",
                    "value": 1,
                }])

    def test_upsert_batch_with_one_bad_entry_writes_nothing(self):
        """The bad entry is the last one: the good ones before it (a creation and an
        update) must not be written either."""
        existing = self.env["dealer.kpi.value"].upsert_values([{
            "outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01",
            "value": 50,
        }])
        ratings_before = self.env["dealer.outlet.rating"].search([("month", "=", MONTH_1)])
        with self.assertRaisesRegex(ValidationError, "KPI entry 3"):
            self.env["dealer.kpi.value"].upsert_values([
                {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01",
                 "value": 99},
                {"outlet_id": self.outlet_b.id, "kpi_code": "test_sales", "month": "2024-01",
                 "value": 99},
                {"outlet_id": self.outlet_b.id, "kpi_code": "test_sales", "month": "2030/01",
                 "value": 99},
            ])
        self.assertEqual(existing.value, 50.0)
        self.assertFalse(self._values(self.outlet_b))
        self.assertEqual(
            self.env["dealer.outlet.rating"].search([("month", "=", MONTH_1)]), ratings_before
        )

    def test_direct_create_normalises_month(self):
        value = self.env["dealer.kpi.value"].create({
            "outlet_id": self.outlet_a.id, "kpi_id": self.kpi_sales.id,
            "month": "2024-01-15", "value": 5,
        })
        self.assertEqual(value.month, MONTH_1)

    def test_list_edits_the_month_with_a_month_picker(self):
        """The editable list of values picks a month, not a day."""
        arch = etree.fromstring(self.env["dealer.kpi.value"].get_view(
            self.env.ref("dealer_profile.dealer_kpi_value_view_list").id, "list")["arch"])
        [month] = arch.xpath("//field[@name='month']")
        options = ast.literal_eval(month.get("options"))
        self.assertEqual((options["min_precision"], options["max_precision"]),
                         ("months", "months"))

    def test_deleting_a_value_rebuilds_its_months(self):
        """A value withdrawn takes its KPI out of the ratings of the months it counted
        in (an unpublished month is rebuilt at once)."""
        values = self.env["dealer.kpi.value"].upsert_values([
            {"outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": MONTH_1,
             "value": 5},
            {"outlet_id": self.outlet_a.id, "kpi_code": "test_response", "month": MONTH_1,
             "value": 6},
        ])
        def rating():
            return self.env["dealer.outlet.rating"].search(
                [("outlet_id", "=", self.outlet_a.id), ("month", "=", MONTH_1)])

        self.assertEqual(rating().kpi_count, 2)
        values.filtered(lambda v: v.kpi_id == self.kpi_response).unlink()
        self.assertEqual(rating().kpi_count, 1)

    @warmup
    def test_upsert_query_count(self):
        """Four new values of two outlets, ratings of the month rebuilt."""
        entries = [
            {"outlet_id": outlet.id, "kpi_code": code, "month": "2024-01", "value": 3}
            for outlet in (self.outlet_a, self.outlet_b)
            for code in ("test_sales", "test_response")
        ]
        # 17: outlets are searched under the caller's record rules (not browsed), the
        # month's rating record is looked up before its ratings are rebuilt, and the
        # month before's scores are read to break ties. The values themselves: one read
        # of the stored ones, one INSERT ... ON CONFLICT DO UPDATE (19 through the ORM).
        with self.assertQueryCount(17):
            values = self.env["dealer.kpi.value"].upsert_values(entries)
        self.assertEqual(len(values), 4)


@tagged("post_install", "-at_install")
class TestRating(DealerProfileCommon):

    def test_score_is_weighted_and_capped(self):
        """Sales beat their target (150/100, capped at 100%, weight 3), response time
        reaches 80% (target 4 h / 5 h, weight 1): (3 x 1 + 1 x 0.8) / 4 = 95%."""
        self._push_kpis(self.outlet_a, MONTH_1, sales=150, response=5)
        rating = self._rating(self.outlet_a, MONTH_1)
        self.assertRecordValues(rating, [{
            "score": 95.0, "stars": "5", "kpi_count": 2,
            "company_id": self.market_a.id, "region_id": self.region.id,
        }])

    def test_lower_is_better_kpi(self):
        cases = ((2.0, 100.0), (4.0, 100.0), (8.0, 50.0), (0.0, 100.0))
        for response, score in cases:
            with self.subTest(response=response):
                self.env["dealer.kpi.value"].upsert_values([{
                    "outlet_id": self.outlet_a.id, "kpi_code": "test_response",
                    "month": MONTH_1, "value": response,
                }])
                self.assertEqual(self._rating(self.outlet_a, MONTH_1).score, score)

    def test_achievement_below_target(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=40, response=10)
        # (3 x 0.4 + 1 x 0.4) / 4 = 40%: below the two-star band (60 %), one star
        self.assertRecordValues(
            self._rating(self.outlet_a, MONTH_1), [{"score": 40.0, "stars": "1"}]
        )

    def test_stars_for_score(self):
        """Default bands: five stars from 95 %, four from 85, three from 75, two from 60."""
        Rating = self.env["dealer.outlet.rating"]
        cases = {0: "1", 59.9: "1", 60: "2", 74.9: "2", 75: "3", 84.9: "3", 85: "4",
                 94.9: "4", 95: "5", 100: "5"}
        for score, stars in cases.items():
            with self.subTest(score=score):
                self.assertEqual(Rating._stars_for_score(score), stars)

    def test_star_bands_are_a_setting(self):
        """The bands moved in the settings (an administrator's); the next rating uses them."""
        settings = self.env["res.config.settings"].create({
            "dealer_rating_stars_5_min": 90.0, "dealer_rating_stars_4_min": 80.0,
            "dealer_rating_stars_3_min": 70.0, "dealer_rating_stars_2_min": 50.0,
        })
        settings.execute()
        self._push_kpis(self.outlet_a, MONTH_1, sales=91)
        self._push_kpis(self.outlet_b, MONTH_1, sales=55)
        self.assertEqual(
            [self._rating(outlet, MONTH_1).stars for outlet in (self.outlet_a, self.outlet_b)],
            ["5", "2"],
        )

    def test_star_bands_must_descend(self):
        for bands in ((90.0, 90.0, 70.0, 50.0), (95.0, 85.0, 75.0, 0.0),
                      (120.0, 85.0, 75.0, 60.0), (60.0, 75.0, 85.0, 95.0)):
            with self.subTest(bands=bands), self.assertRaisesRegex(ValidationError, "Star bands"):
                self.env["res.config.settings"].create(dict(zip(
                    ("dealer_rating_stars_5_min", "dealer_rating_stars_4_min",
                     "dealer_rating_stars_3_min", "dealer_rating_stars_2_min"), bands,
                    strict=True,
                )))

    def test_competition_ranking_in_market_and_region(self):
        """Ties share a rank and the next rank is skipped (1, 1, 3); the region ranks
        outlets of both markets together."""
        outlet_a2 = self.outlet_a2
        outlet_a3 = self._create_outlet("Test Outlet Leiden", "TA3", self.market_a)
        self.env["dealer.kpi.value"].upsert_values([
            {"outlet_id": outlet.id, "kpi_code": "test_sales", "month": "2024-01",
             "value": value}
            for outlet, value in ((self.outlet_a, 80), (outlet_a2, 80), (outlet_a3, 60),
                                  (self.outlet_b, 90))
        ])
        outlets = self.outlet_a | outlet_a2 | outlet_a3 | self.outlet_b
        ratings = [self._rating(outlet, MONTH_1) for outlet in outlets]
        self.assertEqual([r.score for r in ratings], [80.0, 80.0, 60.0, 90.0])
        self.assertEqual([r.rank_market for r in ratings], [1, 1, 3, 1])
        self.assertEqual([r.rank_region for r in ratings], [2, 2, 4, 1])

    def test_only_open_outlets_are_rated(self):
        prospect = self.env["dealer.outlet"].create({
            "name": "Test Prospect", "code": "TP1", "company_id": self.market_a.id,
        })
        self._push_kpis(prospect, MONTH_1, sales=100)
        self._push_kpis(self.outlet_a, MONTH_1, sales=100)
        self.assertFalse(self._rating(prospect, MONTH_1))
        self.assertTrue(self._rating(self.outlet_a, MONTH_1))

    def test_outlet_shows_the_latest_published_month(self):
        self._push_kpis(self.outlet_a, MONTH_2, sales=90)
        self._push_kpis(self.outlet_a, MONTH_1, sales=40)
        self.assertFalse(self.outlet_a.rating_stars, "nothing published yet")
        self._publish(MONTH_1, MONTH_2)
        latest = self._rating(self.outlet_a, MONTH_2)
        self.assertEqual(self.outlet_a.latest_rating_id, latest)
        self.assertRecordValues(self.outlet_a, [{
            "rating_month": MONTH_2, "rating_score": 90.0, "rating_stars": "4",
            "rank_market": 1, "rank_region": 1,
        }])

    def test_competition_ranks_shown_on_outlets(self):
        outlet_a3 = self._create_outlet("Test Outlet Leiden", "TA3", self.market_a)
        for outlet, value in ((self.outlet_a, 80), (self.outlet_a2, 80), (outlet_a3, 60)):
            self._push_kpis(outlet, MONTH_1, sales=value)
        self._publish(MONTH_1)
        outlets = self.outlet_a | self.outlet_a2 | outlet_a3
        self.assertEqual(outlets.mapped("rank_market"), [1, 1, 3])

    def test_ties_broken_by_previous_month(self):
        """Same score this month: the better score of the month before ranks first;
        outlets equal on both share the rank (and the award)."""
        outlet_a3 = self._create_outlet("Test Outlet Leiden", "TA3", self.market_a)
        for outlet, before in ((self.outlet_a, 70), (self.outlet_a2, 90), (outlet_a3, 70)):
            self._push_kpis(outlet, MONTH_1, sales=before)
            self._push_kpis(outlet, MONTH_2, sales=100)
        self._publish(MONTH_1, MONTH_2)
        ranks = [self._rating(outlet, MONTH_2).rank_market
                 for outlet in (self.outlet_a, self.outlet_a2, outlet_a3)]
        self.assertEqual(ranks, [2, 1, 2])
        # Listed in the ranking's order (Top Outlets of the Month), not the score's.
        listed = self.env["dealer.outlet.rating"].search([
            ("month", "=", MONTH_2), ("outlet_id", "in", (self.outlet_a | self.outlet_a2).ids),
        ])
        self.assertEqual(listed.outlet_id.ids, [self.outlet_a2.id, self.outlet_a.id])


@tagged("post_install", "-at_install")
class TestDocumentExpiry(DealerProfileCommon):

    def _document(self, days, reminder_days=30, outlet=None):
        today = fields.Date.context_today(self.env.user)
        return self.env["dealer.outlet.document"].create({
            "name": f"Test document {days}",
            "outlet_id": (outlet or self.outlet_a).id,
            "expiry_date": today + timedelta(days=days) if days is not None else False,
            "reminder_days": reminder_days,
        })

    def _expiry_activities(self, outlet=None):
        return self.env["mail.activity"].search([
            ("res_model", "=", "dealer.outlet"),
            ("res_id", "=", (outlet or self.outlet_a).id),
            ("activity_type_id", "=",
             self.env.ref("dealer_profile.mail_activity_type_document_expiry").id),
        ])

    def test_expiry_state(self):
        cases = {None: "valid", 31: "valid", 30: "expiring", 0: "expiring", -1: "expired"}
        for days, state in cases.items():
            with self.subTest(days=days):
                self.assertEqual(self._document(days).expiry_state, state)

    def test_search_expiry_state(self):
        valid, expiring, expired = self._document(60), self._document(5), self._document(-5)
        Document = self.env["dealer.outlet.document"]
        ours = valid | expiring | expired
        self.assertEqual(Document.search([("expiry_state", "=", "expiring")]) & ours, expiring)
        self.assertEqual(
            Document.search([("expiry_state", "in", ["expired", "valid"])]) & ours,
            valid | expired,
        )
        self.assertEqual(self.outlet_a.document_alert_count, 2)

    def test_cron_reminds_expiring_document_once(self):
        document = self._document(10)
        self._document(60)
        Document = self.env["dealer.outlet.document"]
        Document._cron_remind_expiring_documents()
        activity = self._expiry_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(activity.date_deadline, document.expiry_date)
        self.assertTrue(document.reminder_sent)
        Document._cron_remind_expiring_documents()
        self.assertEqual(self._expiry_activities(), activity)

    def test_reminder_in_the_officers_language(self):
        """The job runs in no one's language: the Dutch officer's to-do read
        "Test document 10 expires on 2026-12-20"."""
        load_language(self.env, "nl_NL", ["dealer_profile"])
        self.officer.lang = "nl_NL"
        document = self._document(10)
        self.env["dealer.outlet.document"].with_context(
            lang="en_US"
        )._cron_remind_expiring_documents()
        expected = format_date(self.env, document.expiry_date, lang_code="nl_NL",
                               date_format="long")
        self.assertEqual(self._expiry_activities().summary,
                         f"Test document 10 verloopt op {expected}")

    def test_reminder_flag_is_the_servers(self):
        """A network officer once silenced the reminder of an expiring contract by
        writing the read-only ``reminder_sent`` (any context key along): only the
        reminder cron sets it, and a new expiry date (their edit) resets it."""
        document = self._document(10)
        as_officer = document.with_user(self.officer)
        for context in ({}, {"dealer_server_values": ["reminder_sent"],
                             "dealer_workflow_write": True}):
            with self.subTest(context=context), self.assertRaises(UserError):
                as_officer.with_context(**context).write({"reminder_sent": True})
        with self.assertRaises(UserError):
            self.env["dealer.outlet.document"].with_user(self.officer).create({
                "name": "Test silenced", "outlet_id": self.outlet_a.id,
                "expiry_date": document.expiry_date, "reminder_sent": True,
            })
        self.env["dealer.outlet.document"]._cron_remind_expiring_documents()
        self.assertTrue(document.reminder_sent)
        as_officer.expiry_date = document.expiry_date + timedelta(days=5)
        self.assertFalse(document.reminder_sent)

    def test_renewed_document_is_reminded_again(self):
        document = self._document(10)
        self.env["dealer.outlet.document"]._cron_remind_expiring_documents()
        document.expiry_date = document.expiry_date + timedelta(days=5)
        self.assertFalse(document.reminder_sent)
        self.env["dealer.outlet.document"]._cron_remind_expiring_documents()
        self.assertEqual(len(self._expiry_activities()), 2)
