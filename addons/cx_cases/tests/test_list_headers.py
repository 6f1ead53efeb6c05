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
