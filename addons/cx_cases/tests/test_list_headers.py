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
