"""The demo's story holds together: the factory feed tells each customer in their
language."""

import random
from datetime import datetime, time

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
