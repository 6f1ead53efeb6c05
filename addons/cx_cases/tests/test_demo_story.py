"""The demo's story holds together: what it generates fits the day it is installed."""

import random
from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged


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
