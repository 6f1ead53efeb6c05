from datetime import date

from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, tagged

from .common import MONTH_1, MONTH_2, MONTH_3, DealerProfileCommon
from .test_i18n import load_language

# Rebuilding an unpublished month: its KPI values, the outlets' markets, the previous
# month's scores, one DELETE and one INSERT of all its ratings.
QUERIES_DRAFT_MONTH_REBUILD = 7


@tagged("post_install", "-at_install")
class TestRatingPublication(DealerProfileCommon):
    """A month is rated once complete, published by the monthly cron (previous month)
    or a manager (an earlier month); leaderboards and stars show the latest published
    month for every outlet."""

    def _month(self, month):
        return self.env["dealer.rating.month"].search([("month", "=", month)])

    @freeze_time("2024-03-10")
    def test_current_month_is_not_rated(self):
        """A half-filled month gets no rating, however many values it has."""
        self._push_kpis(self.outlet_a, MONTH_3, sales=100)
        self.assertFalse(self._rating(self.outlet_a, MONTH_3))
        self.assertFalse(self._month(MONTH_3))
        with self.assertRaisesRegex(ValidationError, "not over yet"):
            self.env["dealer.rating.month"].with_user(self.manager).create(
                {"month": MONTH_3}
            )

    @freeze_time("2024-03-05")
    def test_cron_publishes_the_previous_month_once(self):
        self._push_kpis(self.outlet_a, MONTH_2, sales=90)
        self._push_kpis(self.outlet_b, MONTH_2, sales=80)
        self._push_kpis(self.outlet_a, MONTH_3, sales=10)  # current month: not rated
        RatingMonth = self.env["dealer.rating.month"]
        published = RatingMonth._cron_publish_previous_month()
        self.assertRecordValues(published, [{
            "month": MONTH_2, "state": "published", "is_latest": True,
            "published_by_id": self.env.uid,
        }])
        self.assertEqual(self.outlet_a.rating_month, MONTH_2)
        self.assertEqual(self.outlet_a.rating_score, 90.0)
        self.assertEqual(self.outlet_b.rating_stars, "3")
        published_date = published.published_date
        self.assertEqual(RatingMonth._cron_publish_previous_month(), published)
        self.assertEqual(published.published_date, published_date, "published once")
        self.assertEqual(RatingMonth.search([("month", ">=", MONTH_3)]), RatingMonth)

    def test_manager_publishes_an_earlier_month(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=78)
        month = self._month(MONTH_1)
        self.assertEqual(month.state, "draft", "rated as a preview, not published")
        self.assertFalse(self.outlet_a.rating_stars)
        month.with_user(self.manager).action_publish()
        self.assertRecordValues(month, [{
            "state": "published", "published_by_id": self.manager.id, "is_latest": True,
        }])
        self.assertEqual(self.outlet_a.rating_stars, "3")

    def test_award_told_in_the_space_managers_language(self):
        """The top outlet's Space manager reads the award in their language (month name
        and number format), whoever publishes the month."""
        load_language(self.env, "nl_NL", ["dealer_profile"])
        self.dealer_a.partner_id.lang = "nl_NL"
        self._push_kpis(self.outlet_a, MONTH_1, sales=78)
        self._month(MONTH_1).with_user(self.manager).with_context(lang="en_US").action_publish()
        award = self.outlet_a.message_ids.filtered(
            lambda m: self.dealer_a.partner_id in m.partner_ids
        )
        self.assertEqual(len(award), 1)
        self.assertIn("Topvestiging van januari 2024", award.body)
        self.assertIn("78,0", award.body)

    def test_publishing_an_older_month_keeps_the_latest(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=40)
        self._push_kpis(self.outlet_a, MONTH_2, sales=90)
        self._publish(MONTH_2)
        self._publish(MONTH_1)
        self.assertTrue(self._month(MONTH_2).is_latest)
        self.assertFalse(self._month(MONTH_1).is_latest)
        self.assertEqual(self.outlet_a.rating_score, 90.0)

    def test_month_no_outlet_shows_is_rebuilt_in_a_few_statements(self):
        """A month that is not the latest published one is rebuilt with set-based SQL
        (a network is 20,000 outlets): the same statements whatever the number of
        outlets, the rows the ORM would store, and outlets' stars untouched."""
        self._push_kpis(self.outlet_a, MONTH_2, sales=90)
        self._publish(MONTH_2)
        self._push_kpis(self.outlet_a, MONTH_1, sales=80)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=60)
        self._push_kpis(self.outlet_b, MONTH_1, sales=80)
        month = self._month(MONTH_1)
        old = month.outlet_rating_ids
        month._recompute()  # the ormcaches (parameters) filled
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_DRAFT_MONTH_REBUILD):
            month._recompute()
        self.assertFalse(old.exists())
        ratings = month.outlet_rating_ids.sorted(lambda r: (r.rank_network, r.outlet_id.id))
        self.assertRecordValues(ratings, [
            {"outlet_id": outlet.id, "kind": outlet.kind, "company_id": outlet.company_id.id,
             "month": MONTH_1, "state": "draft", "is_latest": False, "score": score,
             "rank_network": rank, "kpi_count": 1, "create_uid": self.env.uid}
            for outlet, score, rank in (
                (self.outlet_a, 80.0, 1), (self.outlet_b, 80.0, 1), (self.outlet_a2, 60.0, 3),
            )
        ])
        self.assertEqual(self.outlet_a.rating_month, MONTH_2, "stars of the latest month")
        self.assertEqual(self.outlet_a.rating_score, 90.0)

    def test_only_managers_publish_and_only_through_the_actions(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=60)
        month = self._month(MONTH_1)
        for user in (self.viewer, self.officer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    month.with_user(user).action_publish()
                with self.assertRaises(AccessError):
                    month.with_user(user).action_recompute()
                with self.assertRaises(AccessError):
                    self.env["dealer.rating.month"].with_user(user).create({"month": MONTH_2})
        for vals in ({"state": "published"}, {"is_latest": True},
                     {"published_by_id": self.viewer.id}, {"month": MONTH_2}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                month.with_user(self.manager).write(vals)
        # A JSON-RPC caller may send any context key, but not the workflow's token.
        with self.assertRaises(UserError):
            month.with_user(self.manager).with_context(
                dealer_workflow_write=True, rating_month_workflow=True
            ).write({"state": "published"})
        with self.assertRaises(UserError):
            self.env["dealer.rating.month"].with_user(self.manager).create(
                {"month": MONTH_2, "state": "published", "is_latest": True}
            )
        created = self.env["dealer.rating.month"].with_user(self.manager).create(
            {"month": MONTH_2}
        )
        self.assertRecordValues(created, [{"state": "draft", "is_latest": False}])
        with self.assertRaises(AccessError):
            month.with_user(self.dealer_a).read(["state"])
        self.assertEqual(month.state, "draft")

    def test_outlets_are_compared_on_the_same_month(self):
        """An outlet not rated in the latest published month shows no stars rather
        than those of another month."""
        self._push_kpis(self.outlet_a, MONTH_1, sales=90)
        self._push_kpis(self.outlet_b, MONTH_2, sales=50)
        self._publish(MONTH_1, MONTH_2)
        self.assertEqual(self.outlet_b.rating_month, MONTH_2)
        self.assertFalse(self.outlet_a.rating_stars)
        self.assertFalse(self.outlet_a.rating_month)
        top = self.env["dealer.outlet.rating"].search([("is_latest", "=", True)])
        self.assertEqual(set(top.mapped("month")), {MONTH_2})

    def test_value_pushed_into_a_published_month_waits_for_a_recompute(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=40)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=60)
        month = self._publish(MONTH_1)
        self._push_kpis(self.outlet_a, MONTH_1, sales=80)
        self.assertTrue(month.needs_recompute)
        self.assertEqual(self.outlet_a.rating_score, 40.0, "published ratings stay")
        month.with_user(self.manager).action_recompute()
        self.assertFalse(month.needs_recompute)
        self.assertEqual(self.outlet_a.rating_score, 80.0)
        self.assertEqual(self.outlet_a.rank_market, 1)
        log = month.message_ids.filtered(lambda m: "recomputed" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.manager.partner_id, "who recomputed")
        self.assertIn("Test Outlet Amsterdam", log.body)
        self.assertIn("40.0 %", log.body)
        self.assertIn("80.0 %", log.body)
        self.assertIn("rank 2", log.body)
        self.assertIn("Test Outlet Haarlem", log.body, "its rank moved from 1 to 2")

    def test_award_for_the_top_outlets_of_the_network(self):
        """Top N of the network (setting, default 5); the Space manager is told."""
        self.env["ir.config_parameter"].set_param("dealer_profile.rating_award_count", 2)
        self._push_kpis(self.outlet_a, MONTH_1, sales=90)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=20)
        self._push_kpis(self.outlet_b, MONTH_1, sales=70)
        self._publish(MONTH_1)
        self.assertEqual(
            [(o.rating_award, o.rank_market)
             for o in (self.outlet_a, self.outlet_a2, self.outlet_b)],
            [(True, 1), (False, 2), (True, 1)],
        )
        for outlet, dealer in ((self.outlet_a, self.dealer_a), (self.outlet_b, self.dealer_b)):
            message = outlet.message_ids.filtered(lambda m: "Top outlet" in (m.body or ""))
            self.assertEqual(len(message), 1)
            self.assertIn(dealer.partner_id, message.partner_ids)
            self.assertIn(dealer.partner_id, message.notification_ids.res_partner_id)
            self.assertIn("January 2024", message.body)
        self.assertFalse(
            self.outlet_a2.message_ids.filtered(lambda m: "Top outlet" in (m.body or ""))
        )

    def test_award_count_defaults_to_five(self):
        self.env["ir.config_parameter"].search(
            [("key", "=", "dealer_profile.rating_award_count")]
        ).unlink()
        outlets = self.outlet_a | self.outlet_a2 | self.env["dealer.outlet"].concat(*(
            self._create_outlet(f"Test Outlet {n}", f"TX{n}", self.market_a) for n in range(4)
        ))
        for rank, outlet in enumerate(outlets):
            self._push_kpis(outlet, MONTH_1, sales=100 - 10 * rank)
        self._publish(MONTH_1)
        self.assertEqual(outlets.mapped("rating_award"), [True] * 5 + [False])
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dealer_rating_award_count, 5)

    def test_recompute_tells_new_award_winners_only(self):
        self.env["ir.config_parameter"].set_param("dealer_profile.rating_award_count", 1)
        self._push_kpis(self.outlet_a, MONTH_1, sales=90)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=70)
        month = self._publish(MONTH_1)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=100)
        month.with_user(self.manager).action_recompute()
        self.assertTrue(self.outlet_a2.rating_award)
        self.assertFalse(self.outlet_a.rating_award)
        awards = self.outlet_a.message_ids.filtered(lambda m: "Top outlet" in (m.body or ""))
        self.assertEqual(len(awards), 1, "the first winner was told once, at publication")
        self.assertTrue(
            self.outlet_a2.message_ids.filtered(lambda m: "Top outlet" in (m.body or ""))
        )


@tagged("post_install", "-at_install")
class TestKpiValidity(DealerProfileCommon):
    """The rating of a month uses, per outlet and KPI, the latest value valid in it."""

    def test_value_counts_for_its_validity(self):
        self.kpi_sales.validity_months = 2
        self._push_kpis(self.outlet_a, MONTH_1, sales=80)
        self._push_kpis(self.outlet_a2, MONTH_3, sales=10)  # rates March for the network
        self.assertEqual(self._rating(self.outlet_a, MONTH_1).score, 80.0)
        self.assertEqual(self._rating(self.outlet_a, MONTH_2).score, 80.0,
                         "January's value still counts in February")
        self.assertFalse(self._rating(self.outlet_a, MONTH_3), "expired in March")

    def test_newer_value_replaces_an_older_valid_one(self):
        self.kpi_sales.validity_months = 3
        self._push_kpis(self.outlet_a, MONTH_1, sales=80)
        self._push_kpis(self.outlet_a, MONTH_2, sales=30)
        self.assertEqual(
            [self._rating(self.outlet_a, m).score for m in (MONTH_1, MONTH_2, MONTH_3)],
            [80.0, 30.0, 30.0],
        )

    def test_outlets_rated_on_the_same_kpis(self):
        """Outlet A's response time of January and outlet B's of February both count
        in February when the KPI is valid two months: both are rated on two KPIs."""
        self.kpi_response.validity_months = 2
        self._push_kpis(self.outlet_a, MONTH_1, sales=50, response=4)
        self._push_kpis(self.outlet_a, MONTH_2, sales=50)
        self._push_kpis(self.outlet_b, MONTH_2, sales=50, response=8)
        self.assertEqual(
            [self._rating(o, MONTH_2).kpi_count for o in (self.outlet_a, self.outlet_b)],
            [2, 2],
        )

    def test_entry_validity_overrides_the_kpi(self):
        values = self.env["dealer.kpi.value"].upsert_values([{
            "outlet_id": self.outlet_a.id, "kpi_code": "test_sales", "month": "2024-01",
            "value": 70, "validity_months": 3,
        }])
        self.assertEqual(values.valid_until, MONTH_3)
        self.assertEqual(self._rating(self.outlet_a, MONTH_3).score, 70.0)
        self.kpi_sales.validity_months = 6
        self.assertEqual(values.valid_until, MONTH_3, "the entry's own validity stays")

    def test_kpi_validity_change_moves_valid_until(self):
        values = self._push_kpis(self.outlet_a, MONTH_1, sales=70)
        self.assertEqual(values.valid_until, MONTH_1)
        self.kpi_sales.validity_months = 2
        self.assertEqual(values.valid_until, date(2024, 2, 1))


@tagged("post_install", "-at_install")
class TestStarsLookAlike(DealerProfileCommon, HttpCase):
    """Five slots, filled up to the rating, in the back office (tour) as on the portal."""

    def test_backend_and_portal_stars(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=0)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=100)
        self._publish(MONTH_1)
        self.assertEqual((self.outlet_a.rating_stars, self.outlet_a2.rating_stars), ("1", "5"))
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_action",
                        "dealer_profile_backend_stars", login=self.officer.login)
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = html.fromstring(self.url_open("/my/leaderboard").content)
        stars = page.xpath(
            "//tr[contains(., 'Test Outlet Amsterdam')]//span[contains(@class, 'o_dealer_stars')]"
        )
        self.assertEqual(len(stars), 1)
        self.assertEqual(stars[0].get("title"), "1 / 5")
        self.assertEqual(
            [icon.get("class") for icon in stars[0].xpath(".//i")],
            ["fa fa-star"] + ["fa fa-star-o"] * 4,
        )
