from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestListHeadersTour(CxCommon, HttpCase):
    def test_cases_in_german(self):
        """An agent's case list at 1280 px in German reads its headers and badges whole:
        "Pausiert (wartet auf Kunden)" was cut, the stage off screen."""
        load_language(self.env, "de_DE", ["cx_cases"])
        self.agent_a.partner_id.lang = "de_DE"
        case = self._case(name="Ladekabel verriegelt nicht an der Wallbox zu Hause")
        case.action_start()
        case.action_wait_customer()
        self.assertEqual(case.sla_status, "paused")
        self._case(name="Lackschaden an der Heckklappe bei der Auslieferung gesehen")
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-cx_cases.cx_case_action?view_type=list",
                        "dealer_profile_list_headers_fit", login=self.agent_a.login)

    def _kanban_tour(self, lang):
        load_language(self.env, lang, ["cx_cases"])
        self.agent_a.partner_id.lang = lang
        for kind, name in (("progress", "Ladekabel verriegelt nicht an der Wallbox"),
                           ("waiting", "Winterreifen bei der Auslieferung montieren?"),
                           ("solved", "Neuer Liefertermin nach dem Sturm")):
            case = self._case(name=name)
            case.action_start()
            if kind == "waiting":
                case.action_wait_customer()
            elif kind == "solved":
                case.action_solve()
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-cx_cases.cx_case_action?view_type=kanban",
                        "dealer_profile_kanban_headers_fit", login=self.agent_a.login)

    def test_case_kanban_in_english(self):
        """The case kanban's column titles at 1280 px read whole: "Solved - Awaiting
        Customer Confirmation" was cut; the stage is "Solved", its description says
        that it waits for the customer."""
        self._kanban_tour("en_US")

    def test_case_kanban_in_german(self):
        """Also in German, the longest of the suite's languages ("Gelöst - wartet auf
        Bestätigung des Kunden" was cut)."""
        self._kanban_tour("de_DE")

    def test_desk_lists_in_english(self):
        """A CX manager of every market reads the desk's lists whole at 1280 px in
        English: "First response (working hours)", "Resolution (working hours)", "At
        risk when left (%)", "Open Cases", "Fold", "Customer Language", "Customer
        Name", "Cases avoided" and "Affected Customers" were cut; the ratings read in
        the desk's words (core's list showed "Rated Operator" and "Parent Document
        Name", cut and empty for a case)."""
        self.cx_manager.group_ids |= self.env.ref("base.group_multi_company")
        agents = self.env.ref("cx_cases.group_cx_agent")
        self.env["mail.canned.response"].create({
            "source": "delay", "substitution": "Dear {{customer}}, your car is on its way.",
            "cx_lang": "en_US", "cx_team_ids": [Command.set(self.team_a.ids)],
            "group_ids": [Command.set(agents.ids)],
        })
        self.env["cx.article"].create({
            "name": "Charging at home: the cable stays locked", "company_id": self.market_a.id,
            "keywords": "charging cable", "is_public": True, "state": "published",
            "lang": "en_US", "summary": "Unlock the cable", "body": "<p>The steps.</p>",
        })
        self.env["cx.test.drive"].create({
            "customer_name": "Margaretha Wilhelmina van Oldenbarnevelt",
            "email": "m.vanoldenbarnevelt@drivers.example.org",
            "vehicle_model": "Aurora Polaris 4", "outlet_id": self.outlet_a.id,
        })
        self.env["cx.campaign"].create({
            "name": "Sunroof seal", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "target_model": "vehicle.order", "target_domain": "[]",
        })
        if not self.env["cx.team.member"].search([("team_id", "=", self.team_a.id)]):
            self.env["cx.team.member"].create({"team_id": self.team_a.id,
                                               "user_id": self.agent_a.id, "capacity": 12})
        case = self._case(user_id=self.agent_a.id)
        case.action_start()
        case.action_solve()
        case.sudo()._confirm_by_customer("email")
        case.sudo().rating_apply(5, token=case._rating_get_access_token(),
                                 feedback="Quick and friendly answer")
        self.browser_size = "1280x800"
        for action in ("cx_sla_policy_action", "cx_team_member_action", "cx_case_stage_action",
                       "mail_canned_response_action_cx", "cx_article_action",
                       "cx_test_drive_action", "cx_campaign_action", "cx_rating_action"):
            with self.subTest(action=action):
                self.start_tour(f"/odoo/action-cx_cases.{action}",
                                "dealer_profile_list_headers_fit", login=self.cx_manager.login)
        self.assertEqual(self.env.ref("cx_cases.cx_rating_action").view_ids.view_id,
                         self.env.ref("cx_cases.cx_rating_view_list"))

    def test_case_list_on_a_tablet_in_dutch(self):
        """An agent's case list on a tablet held upright (800 px) in Dutch: subjects
        were cut to three characters ("Lad..."), squeezed by a dozen columns; the
        columns a filter or a group-by away are optional and hidden."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.agent_a.partner_id.lang = "nl_NL"
        customer = self.customer.partner_id
        customer.name = "Margaretha van Oldenbarnevelt"
        for name in ("Laadkabel ontgrendelt niet aan de wallbox thuis",
                     "Lakschade aan de achterklep gezien bij de aflevering",
                     "Nieuwe leverdatum na de storm in de haven"):
            case = self._case(name=name, user_id=self.agent_a.id)
            case.action_start()
        self.browser_size = "800x1280"
        for tour in ("dealer_profile_list_cells_fit", "cx_cases_case_list_subject_room"):
            self.start_tour("/odoo/action-cx_cases.cx_case_action?view_type=list", tour,
                            login=self.agent_a.login)

    def test_campaign_list_in_dutch(self):
        """A CX manager's campaign list at 1280 px: the name, type, market and team
        of a campaign were cut ("Terugroepa...", "Servic...")."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.cx_manager.partner_id.lang = "nl_NL"
        self.cx_manager.group_ids |= self.env.ref("base.group_multi_company")
        self.market_a.name = "Aurora Nederland"
        self.team_a.name = "Klantenservice Nederland"
        for name, kind in (("Terugroepactie laadklep Aurora Polaris 4", "recall"),
                           ("Software-update infotainment", "service")):
            self.env["cx.campaign"].create({
                "name": name, "kind": kind, "company_id": self.market_a.id,
                "team_id": self.team_a.id, "target_model": "vehicle.order",
                "target_domain": "[]",
            })
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-cx_cases.cx_campaign_action",
                        "dealer_profile_list_cells_fit", login=self.cx_manager.login)
