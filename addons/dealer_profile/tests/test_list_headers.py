from datetime import date

from lxml import etree

from odoo.tests import HttpCase, tagged

from .common import MONTH_1, DealerProfileCommon
from .test_i18n import load_language


@tagged("post_install", "-at_install")
class TestListHeadersTour(DealerProfileCommon, HttpCase):
    """Dutch headers of the outlet form's lists read whole at 1280 px (a laptop)."""

    def test_outlet_contacts(self):
        load_language(self.env, "nl_NL", ["dealer_profile"])
        self.officer.partner_id.lang = "nl_NL"
        operator = self.env["res.partner"].create({
            "name": "Lowlands Mobility B.V.", "is_company": True,
        })
        partner = self.env["res.partner"].create({
            "name": "Joris van Dijk", "email": "joris.vandijk@lowlandsmobility.example",
            "phone": "+31 6 5512 0478", "parent_id": operator.id,
        })
        self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a.id, "partner_id": partner.id, "role": "cx_contact",
        })
        self.browser_size = "1280x800"
        self.start_tour(f"/odoo/action-dealer_profile.dealer_outlet_action/{self.outlet_a.id}",
                        "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_outlet_list_of_the_network_manager(self):
        """The outlets' list of a manager of every market (market column) at 1280 px in
        Dutch reads its headers and lifecycle badges whole: "Netwerkbeheerder",
        "Positie in markt", "Levenscyclus", "Onboarding" and "Opgeschort" were cut."""
        load_language(self.env, "nl_NL", ["dealer_profile"])
        self.manager.partner_id.lang = "nl_NL"
        self.manager.group_ids |= self.env.ref("base.group_multi_company")
        self.outlet_a.name = "Amsterdam Space"
        self._create_outlet("Rotterdam Handover Hub", "RTM01", self.market_a,
                            state="onboarding")
        self.outlet_b.name = "Frankfurt Servicepunt"
        self.outlet_b._set_lifecycle_state("suspended", reason="Renovatie van de showroom")
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_action",
                        "dealer_profile_list_headers_fit", login=self.manager.login)

    def test_outlet_list_on_a_tablet_in_german(self):
        """A network manager's outlet list on a tablet held upright (800 px) in German:
        names were cut to nine characters ("Kuala Lu..."), Space managers and markets
        too, the rank and the lifecycle pushed off screen."""
        load_language(self.env, "de_DE", ["dealer_profile"])
        self.manager.partner_id.lang = "de_DE"
        self.manager.group_ids |= self.env.ref("base.group_multi_company")
        self.market_a.name = "Aurora Nederland"
        self.outlet_a.name = "Amsterdam Space"
        self.outlet_a2.name = "Rotterdam Handover Hub"
        self.outlet_b.name = "Brussels Service Point"
        operator = self.env["res.partner"].create({"name": "Lowlands Mobility B.V.",
                                                   "is_company": True})
        self.dealer_a.partner_id.parent_id = operator
        self.outlet_b._set_lifecycle_state("suspended", reason="Umbau des Showrooms")
        self._push_kpis(self.outlet_a, MONTH_1, 90, 95)
        self._push_kpis(self.outlet_a2, MONTH_1, 70, 60)
        self._publish(MONTH_1)
        self.browser_size = "800x1280"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_action",
                        "dealer_profile_list_cells_fit", login=self.manager.login)

    def test_top_outlets_of_the_month(self):
        """The viewer's Top Outlets of the month at 1280 px in Dutch reads its rank
        headers whole ("Positie in markt", "Positie in regio", "Plaats in netwerk" were
        cut above their numbers)."""
        load_language(self.env, "nl_NL", ["dealer_profile"])
        self.viewer.partner_id.lang = "nl_NL"
        self.viewer.group_ids |= self.env.ref("base.group_multi_company")
        self._push_kpis(self.outlet_a, MONTH_1, 90, 95)
        self._push_kpis(self.outlet_b, MONTH_1, 70, 60)
        self._publish(MONTH_1)
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_rating_action_top",
                        "dealer_profile_list_headers_fit", login=self.viewer.login)

    def test_rating_months(self):
        """The officer's Rating Months at 1280 px read their headers whole in Dutch and
        German ("Outlets Rated", "KPI Values Changed" and "Latest Published" were cut
        in English already)."""
        self.officer.group_ids |= self.env.ref("base.group_multi_company")
        self._push_kpis(self.outlet_a, MONTH_1, 90, 95)
        self._publish(MONTH_1)
        self.browser_size = "1280x800"
        for lang in ("en_US", "nl_NL", "de_DE"):
            with self.subTest(lang=lang):
                if lang != "en_US":
                    load_language(self.env, lang, ["dealer_profile"])
                self.officer.partner_id.lang = lang
                self.start_tour("/odoo/action-dealer_profile.dealer_rating_month_action",
                                "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_top_outlets_cells_in_german(self):
        """A viewer's Top Outlets of the month at 1280 px in German reads its cells: the
        month was cut to "November ...", the region to "North Am...", the kind to
        "Übergabesta..."."""
        load_language(self.env, "de_DE", ["dealer_profile"])
        self.viewer.partner_id.lang = "de_DE"
        self.viewer.group_ids |= self.env.ref("base.group_multi_company")
        self.region.name = "North America East"
        self.outlet_a.write({"name": "Rotterdam Handover Hub", "kind": "handover"})
        self.outlet_b.name = "San Francisco Dealership"
        month = date(2024, 9, 1)
        self._push_kpis(self.outlet_a, month, 90, 95)
        self._push_kpis(self.outlet_b, month, 70, 60)
        self._publish(month)
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_rating_action_top",
                        "dealer_profile_list_cells_fit", login=self.viewer.login)

    def test_kpi_list_in_english(self):
        """The KPI catalogue at 1280 px reads its headers whole in English ("Higher Is
        Better", "Highest Value", "Valid for (months)" were cut)."""
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_kpi_action",
                        "dealer_profile_list_headers_fit", login=self.manager.login)

    def test_top_outlets_of_the_month_in_german(self):
        """A German officer's Top Outlets of the month at 1280 px reads the score's
        header whole ("Punktzahl (%)" was cut to "Punktzahl (..." above its figures)."""
        load_language(self.env, "de_DE", ["dealer_profile"])
        self.officer.partner_id.lang = "de_DE"
        self.outlet_a.name = "Hamburg Handover"
        self._push_kpis(self.outlet_a, MONTH_1, 90, 95)
        self._publish(MONTH_1)
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_rating_action_top",
                        "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_unrated_outlet_shows_no_rank(self):
        """An outlet not rated yet (a Norwegian prospect) shows no rank and no score,
        not a rank of 0 below the rated outlets' 1 and 2."""
        Outlet = self.env["dealer.outlet"]
        for view_type in ("list", "form"):
            arch = etree.fromstring(Outlet.get_view(view_type=view_type)["arch"])
            fields = [field for field in arch.iter("field")
                      if field.get("name") in ("rank_market", "rank_region", "rating_score")
                      and not any(parent.tag == "field" for parent in field.iterancestors())]
            self.assertTrue(fields)
            for field in fields:
                with self.subTest(view=view_type, field=field.get("name")):
                    self.assertIn(field.get("invisible"),
                                  (f"not {field.get('name')}", "not rating_month"))
