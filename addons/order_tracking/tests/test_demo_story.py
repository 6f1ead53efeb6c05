"""The demo's story holds together: the factory feed tells each customer in their
language."""

import random
from datetime import date, datetime, time

from odoo.tests import TransactionCase, tagged

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    def test_delay_reasons_in_the_customer_language(self):
        """Emma (Dutch) reads why her car is late in Dutch: the reason the English
        story draws, in the customer's language (English for a language the story
        does not tell)."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.story import DELAY_REASONS, _delay_reason  # noqa: PLC0415

        at_sea = {lang: dict(story)[7] for lang, story in DELAY_REASONS.items()}
        self.assertIn("het schip wachtte tot de storm voorbij was", at_sea["nl"])
        english = [_delay_reason(random.Random(seed), "nl", 7, "en_US") for seed in range(8)]
        self.assertEqual(set(english), set(at_sea["en"]))
        for lang, code in (("nl_NL", "nl"), ("de_DE", "de"), ("nb_NO", "nb"),
                           ("sv_SE", "sv"), ("ms_MY", "ms"), ("fr_FR", "en"), (False, "en")):
            with self.subTest(lang=lang):
                told = [_delay_reason(random.Random(seed), "nl", 7, lang) for seed in range(8)]
                self.assertEqual(told, [at_sea[code][at_sea["en"].index(r)] for r in english])
        self.assertEqual(_delay_reason(random.Random(3), "my", 8, "ms_MY"),
                         "pemeriksaan kastam tambahan di Pelabuhan Klang")
        steps = {lang: [(step, len(reasons)) for step, reasons in story]
                 for lang, story in DELAY_REASONS.items()}
        self.assertEqual(steps, dict.fromkeys(DELAY_REASONS, steps["en"]),
                         "every language tells the same story, step by step")

    def test_eta_history_dated_as_the_car_went(self):
        """The history of the expected date reads as the feed told it: first on the
        day of the order, moved on the day of the step that moved it (the demo dated
        every line on its install day: "6. Dezember 2026: zuerst erwartet am 25. Januar
        2027" on a car ordered in October, and its move the same day)."""
        from ..demo.story import ROUTE, _order  # noqa: PLC0415

        partner = self.env.ref("order_tracking.partner_customer_anna",
                               raise_if_not_found=False)
        if not partner:
            self.skipTest("demo data not installed")
        today = date(2026, 12, 6)
        step = [code for code, __ in ROUTE].index("D002")
        for seed in range(20):
            order = _order(self.env, random.Random(seed), today, 900 + seed, partner, "de", 0,
                           step)
            if len(order.eta_change_ids) == 2:
                break
        moved, first = order.eta_change_ids  # newest first
        arrived = order.event_ids.filtered(lambda event: event.status_id.code == "D002")
        self.assertEqual(first.changed_at.date(), order.order_date)
        self.assertEqual(moved.changed_at.date(), arrived.actual_date)
        self.assertTrue(moved.reason)

    def test_other_customers_read_their_markets_language(self):
        """The orders' other customers read the language of their market, at an
        address made of their name: all read English at customer<n>@example.com (the
        German market's Elin Nilsson, the Norwegian one's Marie Dubois)."""
        from ..demo.story import OTHER_CUSTOMERS, _other_customer, name_email  # noqa: PLC0415

        if not self.env.ref("dealer_profile.outlet_osl01", raise_if_not_found=False):
            self.skipTest("demo data not installed")
        langs = {"nl": "nl_NL", "be": "nl_NL", "de": "de_DE", "se": "sv_SE", "no": "nb_NO",
                 "my": "ms_MY"}
        told = {}
        for n, name in enumerate(OTHER_CUSTOMERS):
            partner, market = _other_customer(self.env, n, name)
            self.assertEqual(partner.lang, langs[market], name)
            self.assertEqual(partner.email, name_email(name))
            told[name] = market
        self.assertEqual(told["Elin Nilsson"], "se")
        self.assertEqual(told["Kari Haugen"], "no")
        self.assertEqual(told["Lena Wagner"], "de")
        self.assertEqual(name_email("Silje Nygaard"), "silje.nygaard@example.com")
        self.assertEqual(name_email("Bjørn Sjöberg"), "bjorn.sjoberg@example.com")

@tagged("post_install", "-at_install")
class TestDemoEtaHistory(OrderTrackingCommon):
    def test_eta_history_dated_as_the_feed_told_it(self):
        """The customer's "Changes to the expected date" read the day the factory
        planned the car and the day the date moved, not the install's minute for
        both (every demo order read "December 6: first expected…, December 6:
        moved…")."""
        from ..demo.story import date_eta_history  # noqa: PLC0415

        self._event(self.order_1, "V999", expected_date=self._days(30))
        self._event(self.order_1, "V999", expected_date=self._days(35), reason="storm")
        planned, moved = self._days(-60), self._days(-4)
        date_eta_history(self.order_1, planned, moved)
        history = {change["text"]: change["when"]
                   for change in self.order_1._portal_eta_history()}
        self.assertEqual(sorted(history.values()),
                         sorted([self.order_1._portal_date(planned),
                                 self.order_1._portal_date(moved)]))

    def test_order_chatter_dated_as_its_story(self):
        """The order's creation note reads its order day and its delivery the day it
        was handed over (every demo order's chatter read the install's minute)."""
        from ..demo.story import date_order_chatter  # noqa: PLC0415

        self.order_1.order_date = self._days(-90)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.order_1.sudo()._workflow().write({"state": "delivered",
                                               "delivery_date": self._days(-3)})
        date_order_chatter(self.order_1)
        messages = self.order_1.message_ids
        delivered = messages.filtered(
            lambda m: "state" in m.tracking_value_ids.field_id.mapped("name"))
        self.assertEqual(delivered.mapped("date"),
                         [datetime.combine(self._days(-3), time(16, 0))])
        self.assertEqual(set((messages - delivered).mapped("date")),
                         {datetime.combine(self._days(-90), time(10, 0))})

    def test_lead_times_learned_from_orders_delivered_later(self):
        """Orders a later demo takes along the factory's route (cx_cases' test-drive
        orders) count in the lead times once delivered: the demo's list read 12
        delivered orders per leg, its forecasts learned from them, with 26 delivered."""
        from ..demo.story import follow_route  # noqa: PLC0415

        LeadTime = self.env["vehicle.order.lead.time"].sudo()
        LeadTime.search([]).unlink()
        orders = self.order_1 | self.order_2 | self.order_3
        orders.order_date = self._days(-200)
        follow_route(self.env, orders)
        self.assertEqual(set(orders.mapped("state")), {"delivered"})
        learned = {(lt.from_status_id.id, lt.to_status_id.id): lt.sample_count
                   for lt in LeadTime.search([])}
        self.assertTrue(learned)
        self.assertEqual(learned, {leg: len(days)
                                   for leg, days in LeadTime._leg_durations().items()})
        ours = LeadTime._leg_durations(orders)
        self.assertTrue(all(len(days) == 3 for days in ours.values()), ours)
