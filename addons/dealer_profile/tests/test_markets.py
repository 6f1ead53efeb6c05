import re

from odoo.tests import HttpCase, tagged

from .common import DealerProfileCommon


@tagged("post_install", "-at_install")
class TestAllMarketsSelected(DealerProfileCommon, HttpCase):
    """Staff of several markets start with all of them selected in the company switcher."""

    def test_first_page_selects_every_market(self):
        self.authenticate(self.viewer.login, self.viewer.login)
        response = self.url_open("/odoo")
        self.assertEqual(response.status_code, 200)
        cids = [int(cid) for cid in response.cookies["cids"].split("-")]
        self.assertEqual(cids[0], self.viewer.company_id.id, "the default market comes first")
        self.assertEqual(set(cids), set(self.viewer.company_ids.ids))

    def test_user_choice_is_kept(self):
        """Once the user narrowed the selection, the server leaves the cookie alone."""
        self.authenticate(self.viewer.login, self.viewer.login)
        self.opener.cookies.set("cids", str(self.market_a.id))
        response = self.url_open("/odoo")
        self.assertNotIn("cids", response.cookies)

    def test_outlets_of_every_market_listed(self):
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_action",
                        "dealer_profile_all_markets_shown", login=self.viewer.login)


@tagged("post_install", "-at_install")
class TestPortalLanguage(DealerProfileCommon, HttpCase):
    """The portal speaks the logged-in user's language, whatever an earlier cookie says."""

    def test_login_sets_contact_language(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.dealer_a.partner_id.lang = "nl_NL"
        self.opener.cookies.set("frontend_lang", "en_US")
        login_page = self.url_open("/web/login")
        self.assertIn('"lang": "en_US"', login_page.text, "anonymous: the cookie decides")
        response = self.url_open("/web/login", data={
            "login": self.dealer_a.login, "password": self.dealer_a.login,
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', login_page.text)[1],
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn('"lang": "nl_NL"', response.text)
        self.assertIn('"lang": "nl_NL"', self.url_open("/my").text, "and it stays")

    def test_footer_names_the_brand(self):
        """The footer's copyright is the head office's (the brand), not the market's."""
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open("/my").text
        footer = page[page.index("o_footer_copyright_name"):][:300]
        self.assertIn(self.hq.name, footer)
        self.assertNotIn(self.market_a.name, footer)

    def test_renamed_brand_reaches_the_footer(self):
        """The brand is kept per process (res.company._brand_name): renaming the head
        office empties it (core's cache_invalidation_fields)."""
        Company = self.env["res.company"]
        self.assertEqual(Company._brand_name(self.market_a.id), self.hq.name)
        self.hq.name = "Test Brand Renamed"
        self.assertEqual(Company._brand_name(self.market_a.id), "Test Brand Renamed")


@tagged("post_install", "-at_install")
class TestPortalTimeZone(DealerProfileCommon):
    """A user without a time zone reads times in their market's, not in UTC."""

    def test_market_time_zone_without_own(self):
        self.market_a.partner_id.tz = "Europe/Amsterdam"
        self.customer.partner_id.tz = False
        context = self.env["res.users"].with_user(self.customer).context_get()
        self.assertEqual(context["tz"], "Europe/Amsterdam")
        env = self.customer.with_context(tz=context["tz"]).env
        self.assertEqual(env.tz.zone, "Europe/Amsterdam")

    def test_market_time_zone_change_seen(self):
        """The time zone is kept per user (context_get is cached): the market's or
        the user's new one is read at once, and asking again costs no query."""
        Users = self.env["res.users"].with_user(self.customer)
        self.market_a.partner_id.tz = "Europe/Amsterdam"
        self.customer.partner_id.tz = False
        self.assertEqual(Users.context_get()["tz"], "Europe/Amsterdam")
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            Users.context_get()
        self.market_a.partner_id.tz = "Europe/Berlin"
        self.assertEqual(Users.context_get()["tz"], "Europe/Berlin")
        self.customer.partner_id.tz = "Europe/Oslo"
        self.assertEqual(Users.context_get()["tz"], "Europe/Oslo")

    def test_own_time_zone_wins(self):
        self.market_a.partner_id.tz = "Europe/Amsterdam"
        self.customer.partner_id.tz = "Asia/Kuala_Lumpur"
        context = self.env["res.users"].with_user(self.customer).context_get()
        self.assertEqual(context["tz"], "Asia/Kuala_Lumpur")
