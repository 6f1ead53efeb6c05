"""The demo's public holidays: each market's, on its outlets' opening hours."""

from datetime import date, datetime

from odoo.tests import tagged

from .common import DealerProfileCommon


@tagged("post_install", "-at_install")
class TestDemoHolidays(DealerProfileCommon):
    def test_outlet_hours_have_their_market_holidays(self):
        """A Dutch outlet is closed on Christmas and Boxing Day (the handover slots
        come from its hours); another market's calendar is left alone."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.holidays import add_outlet_holidays  # noqa: PLC0415

        calendar_b = self.calendar_a.copy({"company_id": self.market_b.id})
        self.outlet_b.resource_calendar_id = calendar_b
        add_outlet_holidays(self.env, date(2026, 12, 6), {self.market_a: "nl"})

        def hours(calendar, day):
            intervals = calendar._working_intervals(datetime(2026, 12, day, 0, 0),
                                                    datetime(2026, 12, day, 23, 0))
            return sum((stop - start).total_seconds() for start, stop in intervals) / 3600

        self.assertEqual(hours(self.calendar_a, 24), 8)  # Thursday
        self.assertEqual(hours(self.calendar_a, 25), 0)
        self.assertEqual(hours(calendar_b, 25), 8)
        self.assertEqual(hours(self.calendar_a, 28), 8)  # the Monday after
