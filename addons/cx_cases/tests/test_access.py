from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.market_matrix import AccessMatrixMixin

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestCxAccessMatrix(AccessMatrixMixin, CxCommon):
    """Model rights per role on records of market A (team A)."""

    MODELS = ("cx.case", "cx.case.team", "cx.sla.policy", "cx.campaign", "cx.case.type")
    EXPECTED_RIGHTS = {
        "agent": {"cx.case": "crw", "cx.case.team": "r", "cx.sla.policy": "r",
                  "cx.campaign": "r", "cx.case.type": "r"},
        "supervisor": {"cx.case": "crw", "cx.case.team": "crw", "cx.sla.policy": "crw",
                       "cx.campaign": "crw", "cx.case.type": "r"},
        "manager": {"cx.case": "crwu", "cx.case.team": "crwu", "cx.sla.policy": "crwu",
                    "cx.campaign": "crwu", "cx.case.type": "crwu"},
        "network_officer": {"cx.case": "", "cx.case.team": "", "cx.sla.policy": "",
                            "cx.campaign": "", "cx.case.type": "r"},
        "portal": {"cx.case": "", "cx.case.team": "", "cx.sla.policy": "",
                   "cx.campaign": "", "cx.case.type": "r"},
    }
    READ_FIELD = {"cx.case": "name", "cx.case.team": "name", "cx.sla.policy": "name",
                  "cx.campaign": "name", "cx.case.type": "name"}

    def _create_vals(self, model):
        self._seq = getattr(self, "_seq", 0) + 1
        return {
            "cx.case": {"name": "Matrix case", "team_id": self.team_a.id,
                        "partner_id": self.customer2.partner_id.id},
            "cx.case.team": {"name": f"Matrix team {self._seq}",
                             "company_id": self.market_a.id,
                             "resource_calendar_id": self.calendar_nl.id},
            "cx.sla.policy": {"name": "Matrix policy", "company_id": self.market_a.id},
            "cx.campaign": {"name": "Matrix campaign", "company_id": self.market_a.id,
                            "team_id": self.team_a.id},
            "cx.case.type": {"name": "Matrix type", "code": f"matrix_{self._seq}"},
        }[model]

    def _write_vals(self, model):
        return {"name": "Renamed"}

    def test_matrix_agent(self):
        self._check_matrix("agent", self.agent_a)

    def test_matrix_supervisor(self):
        self._check_matrix("supervisor", self.supervisor_a)

    def test_matrix_manager(self):
        self._check_matrix("manager", self.cx_manager)

    def test_matrix_network_officer(self):
        self._check_matrix("network_officer", self.officer)

    def test_matrix_portal(self):
        self._check_matrix("portal", self.customer)


@tagged("post_install", "-at_install")
class TestCxRecordRules(CxCommon):
    """Who sees which case: teams, markets, customers, dealers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls._case(outlet_id=cls.outlet_a.id, name="Case A at outlet A")
        cls.case_a2 = cls._case(outlet_id=cls.outlet_a2.id, partner=cls.customer2.partner_id,
                                name="Case A of customer two")
        cls.case_b = cls._case(team=cls.team_b, outlet_id=cls.outlet_b.id,
                               partner=cls.customer2.partner_id, name="Case B")
        cls.case_a.message_post(body="INTERNAL: dealer was rude", subtype_xmlid="mail.mt_note")
        cls.all_cases = cls.case_a | cls.case_a2 | cls.case_b

    def _visible(self, user):
        return self.env["cx.case"].with_user(user).search([("id", "in", self.all_cases.ids)])

    def test_agent_sees_own_team_only(self):
        self.assertEqual(self._visible(self.agent_a), self.case_a | self.case_a2)
        self.assertEqual(self._visible(self.agent_b), self.case_b)

    def test_agent_outside_team_sees_only_assigned(self):
        self.assertFalse(self._visible(self.agent_a_other))
        self.case_a.user_id = self.agent_a_other
        self.assertEqual(self._visible(self.agent_a_other), self.case_a)

    def test_agent_cannot_write_other_team_case(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.case_b.with_user(self.agent_a).write({"name": "Hijack"})

    def test_supervisor_sees_their_market(self):
        self.assertEqual(self._visible(self.supervisor_a), self.case_a | self.case_a2)

    def test_manager_sees_all_markets(self):
        self.assertEqual(self._visible(self.cx_manager), self.all_cases)

    def test_customer_sees_own_cases_only(self):
        self.assertEqual(self._visible(self.customer), self.case_a)
        self.assertEqual(self._visible(self.customer2), self.case_a2 | self.case_b)

    def test_dealer_sees_cases_of_their_outlets(self):
        self.assertEqual(self._visible(self.dealer_a), self.case_a)
        self.assertEqual(self._visible(self.dealer_b), self.case_b)

    def test_dealer_does_not_see_internal_notes(self):
        bodies = self.env["mail.message"].with_user(self.dealer_a).search([
            ("model", "=", "cx.case"), ("res_id", "=", self.case_a.id),
        ]).mapped("body")
        self.assertFalse([b for b in bodies if "INTERNAL" in str(b)])
        staff_bodies = self.env["mail.message"].with_user(self.agent_a).search([
            ("model", "=", "cx.case"), ("res_id", "=", self.case_a.id),
        ]).mapped("body")
        self.assertTrue([b for b in staff_bodies if "INTERNAL" in str(b)])

    def test_portal_cannot_write(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.case_a.with_user(self.customer).write({"name": "Mine now"})
