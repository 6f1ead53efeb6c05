"""The demo's story holds together: what it generates fits the day it is installed."""

import random
from datetime import datetime, timedelta

import pytz

from odoo.tests import TransactionCase, tagged

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    def test_order_after_a_test_drive_is_never_in_the_future(self):
        """A customer reached on a call-back orders that day or in the next ten, but
        an order date is never after today (orders were dated up to 20 days after
        the drive, in the future for recent drives)."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.story import order_date  # noqa: PLC0415

        now = datetime(2026, 12, 6, 10, 0)
        rng = random.Random(1)
        for days_ago in range(0, 15):
            called = now - timedelta(days=days_ago, hours=2)
            for _draw in range(20):
                day = order_date(called, now, rng)
                self.assertLessEqual(day, now.date())
                self.assertGreaterEqual(day, called.date())

    def test_cases_open_in_the_day_of_their_team(self):
        """Customers write in the day of their market: the demo opened cases from 00:00
        to 08:00 UTC when installed at 08:00 UTC, answered at 03:12 in Stockholm."""
        from ..demo.story import _daytime  # noqa: PLC0415

        team = self.env["cx.case.team"].create({
            "name": "Demo story team",
            "resource_calendar_id": self.env["resource.calendar"].create({
                "name": "Stockholm hours", "tz": "Europe/Stockholm"}).id,
        })
        now = datetime(2026, 12, 6, 8, 0)
        for days in range(0, 3):
            for hours in range(0, 9):
                opened = _daytime(team, now - timedelta(days=days), hours, now)
                self.assertLessEqual(opened, now)
                local = pytz.utc.localize(opened).astimezone(pytz.timezone("Europe/Stockholm"))
                self.assertTrue(8 <= local.hour <= 16, local)

    def test_team_without_agents_answers_in_its_name(self):
        """A demo team without agents answers as the team (its name on the message),
        not as a message of nobody."""
        from ..demo.story import _post  # noqa: PLC0415

        team = self.env["cx.case.team"].create({"name": "Kundservice Test"})
        partner = self.env["res.partner"].create({"name": "Demo customer"})
        case = self.env["cx.case"].create({"name": "Question", "team_id": team.id,
                                           "partner_id": partner.id})
        _post(case, "Tack för ditt meddelande.", self.env["res.partner"])
        message = case.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("Kundservice Test", message.email_from)

    def test_demo_test_drive_cases_in_the_customers_language(self):
        """The demo's test-drive call-back cases are named in their customer's language,
        as the mails about them are."""
        Case = self.env["cx.case"].with_context(active_test=False)
        cases = Case.search([("test_drive_id", "!=", False),
                             ("partner_id.lang", "in", ("de_DE", "sv_SE"))])
        if not cases:
            self.skipTest("demo data not installed")
        for case in cases:
            self.assertFalse(case.name.startswith("Test drive follow-up"), case.name)

    def test_test_drive_customers_are_people(self):
        """The demo's test drives are booked by as many people as drives, none of
        them someone else of the demo, each with an address made of their name and a
        mobile of the outlet's country to be called back on: the list read five times
        "Jesse Kok", a second "Ingrid Haugen" (a Norwegian portal customer) and
        testdrive58@example.com, without any phone number."""
        from ..demo.story import _test_drive_vals  # noqa: PLC0415

        if not self.env.ref("dealer_profile.company_market_no", raise_if_not_found=False):
            self.skipTest("demo data not installed")
        now = datetime(2026, 12, 6, 17, 0)
        # This database's test drives were made before: their customers are not taken.
        people = set(self.env["res.partner"].with_context(active_test=False).search(
            [("id", "not in", self.env["cx.test.drive"].search([]).partner_id.ids)],
        ).mapped("name"))
        drives = _test_drive_vals(self.env, now, random.Random(7), set(people))
        names = [drive["customer_name"] for drive in drives]
        self.assertGreater(len(drives), 100)
        self.assertEqual(len(set(names)), len(names), "one person per test drive")
        self.assertFalse(people & set(names), "nobody of the demo books a test drive")
        norway = self.env.ref("dealer_profile.company_market_no")
        for drive in drives:
            first, __, last = drive["customer_name"].partition(" ")
            self.assertTrue(drive["email"].startswith(f"{first.lower()}."), drive["email"])
            self.assertTrue(drive["email"].isascii(), drive["email"])
            outlet = self.env["dealer.outlet"].browse(drive["outlet_id"])
            country = outlet.company_id.country_id
            self.assertTrue(drive["phone"].startswith(f"+{country.phone_code} "),
                            drive["phone"])
            if outlet.company_id == norway:
                self.assertEqual(drive["lang"], "nb_NO")
        self.assertIn("+47 4555 ", " ".join(drive["phone"] for drive in drives))

    def test_care_customers_are_nobody_else_of_the_demo(self):
        """The care team's demo customers are people of their own: a second "Tan Wei
        Ming" (another address than the order-tracking demo's customer, who did not
        see his cases) and a "Nurul Aisyah" beside the officer Nurul Aisyah Rahman."""
        from ..demo.story import CUSTOMERS  # noqa: PLC0415

        others = self.env["ir.model.data"].search([
            ("model", "=", "res.partner"), ("module", "in", ("order_tracking", "dealer_profile")),
        ])
        names = set(self.env["res.partner"].browse(others.mapped("res_id")).exists()
                    .mapped("name"))
        if not names:
            self.skipTest("demo data not installed")
        for name in (name for market in CUSTOMERS.values() for name in market):
            with self.subTest(name=name):
                self.assertFalse([other for other in names if other.startswith(name)])

    def test_recall_in_the_markets_language(self):
        """The Dutch team's recall (whose name is the subject its customers read on
        the portal and in mails) and its call notes are Dutch; English elsewhere."""
        from ..demo.story import RECALL_CALLS, RECALL_TEXTS, _recall_texts  # noqa: PLC0415

        self.env["res.lang"]._activate_lang("nl_NL")
        company = self.env["res.company"].create({"name": "Demo story market"})
        company.partner_id.lang = "nl_NL"
        team = self.env["cx.case.team"].with_company(company).create(
            {"name": "Demo NL", "company_id": company.id})
        self.assertEqual(_recall_texts(team)["name"], "Vervanging afdichting panoramadak")
        company.partner_id.lang = "en_US"
        self.assertEqual(_recall_texts(team), RECALL_TEXTS["en_US"])
        for texts in RECALL_TEXTS.values():
            self.assertEqual(len(texts["calls"]), len(RECALL_CALLS))

    def test_call_notes_in_the_customers_language(self):
        """The agent's notes of the demo's call-backs and phone confirmations are in the
        customer's language (a Dutch team's agent noted in English), and every language
        lists the call-back's outcomes in the same order: the demo's random choice
        among them, and so its figures, stay as they were."""
        from ..demo.story import _in_lang  # noqa: PLC0415
        from ..demo.texts import CALLBACK_NOTES, CONFIRMATION_NOTES  # noqa: PLC0415

        self.env["res.lang"]._activate_lang("nl_NL")
        partner = self.env["res.partner"].create({"name": "Daan Jansen", "lang": "nl_NL"})
        case = self.env["cx.case"].create({"name": "Proefrit", "partner_id": partner.id})
        self.assertTrue(_in_lang(CALLBACK_NOTES, case)["order"].startswith("Teruggebeld"))
        self.assertTrue(_in_lang(CONFIRMATION_NOTES, case)["agent"].startswith("Klant gebeld"))
        partner.lang = "en_US"
        self.assertEqual(_in_lang(CALLBACK_NOTES, case), CALLBACK_NOTES["en_US"])
        for notes in (CALLBACK_NOTES, CONFIRMATION_NOTES):
            for lang, texts in notes.items():
                self.assertEqual(list(texts), list(notes["en_US"]), lang)


@tagged("post_install", "-at_install")
class TestDemoRatingComments(CxCommon):
    def test_comment_goes_with_the_score(self):
        """A demo rating's comment says what its score says: a 1/5 read "Quick and
        friendly." (and the recovery case it opened quoted it)."""
        from ..demo.story import rating_feedback  # noqa: PLC0415
        from ..demo.texts import RATING_COMMENTS  # noqa: PLC0415

        rng = random.Random(3)
        for comments in RATING_COMMENTS.values():
            none, good, mixed, poor = comments
            for score in (1, 2, 3, 4, 5):
                fits = {none, good} if score >= 4 else {none, mixed} if score == 3 \
                    else {none, poor}
                for _draw in range(20):
                    self.assertIn(rating_feedback(score, comments, rng), fits)

    def test_demo_poor_rating_has_no_praise(self):
        """The demo's customer who confirms and rates 1/5 does not write "Quick and
        friendly.": the recovery case the rating opens quotes the comment."""
        from ..demo.story import _confirm  # noqa: PLC0415

        class Draws:
            """The draws that gave the demo its contradiction: rate, 1/5, a comment."""

            def random(self):
                return 0.1

            def choice(self, options):
                return 1 if isinstance(options[0], int) else options[1]

        case = self._case(user_id=self.agent_a.id)
        case.partner_id.lang = "en_US"
        case.action_start()
        case.action_solve()
        _confirm(case, "portal", Draws())
        rating = case.rating_ids.filtered("consumed")
        self.assertEqual((rating.rating, rating.feedback),
                         (1, "Nobody called me back at first."))

    def test_poor_rating_of_an_outlet_reaches_its_space_manager(self):
        """One demo poor rating concerns an outlet: its recovery case is followed by the
        outlet's Space manager (the README's dealer sees it on her portal), dated when
        the customer rated, after the case was solved."""
        from ..demo.story import _outlet_recovery  # noqa: PLC0415

        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        _outlet_recovery(self.team_a, self.customer.partner_id, self.outlet_a, now)
        case = self.env["cx.case"].search([("partner_id", "=", self.customer.partner_id.id),
                                           ("recovery_of_id", "=", False)])
        self.assertEqual((case.stage_kind, case.outlet_id), ("closed", self.outlet_a))
        recovery = case.recovery_case_ids
        self.assertEqual(recovery.outlet_id, self.outlet_a)
        self.assertIn(self.dealer_a.partner_id, recovery.message_partner_ids)
        self.assertIn(recovery, self.env["cx.case"].with_user(self.dealer_a).search([]))
        rating = case.rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 1)
        self.assertLess(case.date_open, case.solved_date)
        self.assertLess(case.solved_date, rating.rated_on)
        self.assertEqual(recovery.date_open, rating.rated_on)
        self.assertLess(rating.rated_on, now)
        self.assertGreater(recovery.date_due, rating.rated_on)

    def _poorly_rated(self, name, score, days_ago):
        """A case solved and rated ``score`` ``days_ago`` days ago as the demo replays
        it (``_step``): its recovery case and the rating's moment."""
        from ..demo.story import _step  # noqa: PLC0415

        rated = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
        case = self.env["cx.case"].create({
            "name": name, "partner_id": self.customer.partner_id.id, "team_id": self.team_a.id,
        })
        case.action_start()
        case.action_solve()
        _step(case, rated, lambda c: c._confirm_by_customer("portal"))
        _step(case, rated, lambda c: c.rating_apply(score, token=c._rating_get_access_token(),
                                                     feedback="Nobody called back."))
        return case.recovery_case_ids, rated

    def test_every_demo_recovery_dates_from_its_rating(self):
        """A poor rating the demo replays in the past opens its recovery case at the
        rating's moment, due a working day later (the demo's other recoveries opened
        at the install's minute, days after the rating they answer)."""
        recovery, rated = self._poorly_rated("Scratch on the door", 2, 5)
        self.assertEqual(len(recovery), 1)
        self.assertEqual(recovery.date_open, rated)
        self.assertGreater(recovery.date_due, rated)
        self.assertLess(recovery.date_due, rated + timedelta(days=5))

    def test_old_demo_recovery_was_resolved_and_followed_up(self):
        """A recovery opened weeks ago reads as the desk worked it: resolved by its due
        date, in the customer's language, and the customer asked to rate again ten
        days later; a recent one is still open."""
        old, rated = self._poorly_rated("Late handover 40", 1, 40)
        self.assertEqual(old.stage_kind, "closed")
        self.assertGreater(old.recovery_resolved_date, rated)
        self.assertLessEqual(old.recovery_resolved_date, old.date_due)
        self.assertEqual(old.closed_date, old.recovery_resolved_date)
        self.assertEqual(old.recovery_rating_sent,
                         old.recovery_resolved_date + timedelta(days=10))
        self.assertTrue(old.recovery_resolution)
        self.assertLess(old.message_ids[:1].date, datetime.now() - timedelta(days=20))
        recent, _rated = self._poorly_rated("Late handover 3", 1, 3)
        self.assertNotEqual(recent.stage_kind, "closed")
        self.assertFalse(recent.recovery_resolved_date)


@tagged("post_install", "-at_install")
class TestDemoArticles(TransactionCase):
    def test_help_articles_in_the_markets_language(self):
        """Dutch-speaking Belgians and Swedes read help articles of their market in
        their language, on the Dutch ones' topics (delivery delay, charging, recall
        appointment; Swedish also the handover): articles are a market's, and Belgium's
        and Sweden's had none."""
        from ..demo.knowledge import ARTICLES  # noqa: PLC0415
        from ..demo.texts import MARKET_LANGS  # noqa: PLC0415

        def public_topics(market):
            return {code for lang, _slug, _title, _summary, _keywords, codes, public, _body
                    in ARTICLES.get(market, []) if public and lang == MARKET_LANGS[market]
                    for code in codes}

        dutch = public_topics("nl")
        self.assertEqual(dutch, {"technical", "question", "delivery", "recall"})
        for market in ("be", "se"):
            with self.subTest(market=market):
                self.assertEqual(public_topics(market), dutch)
        self.assertIn("infor-overlamningen", [slug for _lang, slug, *_rest in ARTICLES["se"]])
