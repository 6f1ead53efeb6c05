"""The demo's public holidays: each market's, on its outlets' opening hours. The demo's
markets: their language and time zone."""

import re
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tools.misc import file_path

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


@tagged("post_install", "-at_install")
class TestDemoMarkets(DealerProfileCommon):
    def test_every_market_speaks_its_language(self):
        """Every market of the demo gets its language and time zone on its contact: a
        customer whom a mail to the Dutch team creates then reads Dutch (all markets
        were English, so were the customers the demo's gateway created)."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.languages import MARKET_LOCALES, set_market_locales  # noqa: PLC0415

        with open(file_path("dealer_profile/demo/dealer_profile_demo.xml")) as demo:
            markets = set(re.findall(r'id="(company_market_\w+)"', demo.read()))
        self.assertEqual(set(MARKET_LOCALES), markets)
        for lang, tz in MARKET_LOCALES.values():
            self.assertIn(tz, self.env["res.partner"]._fields["tz"].get_values(self.env))
            self.env["res.lang"]._activate_lang(lang)
        set_market_locales(self.env, {self.market_a: MARKET_LOCALES["company_market_nl"]})
        self.assertEqual((self.market_a.partner_id.lang, self.market_a.partner_id.tz),
                         ("nl_NL", "Europe/Amsterdam"))
