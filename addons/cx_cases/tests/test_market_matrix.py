import itertools

from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.market_matrix import MarketMatrixMixin

from .common import CxCommon

NOTHING = {"cx.case": "", "cx.campaign": "", "cx.case.team": "", "cx.sla.policy": "",
           "vehicle.order": ""}
# Per role: letters on a record of market A / of market B (see dealer_profile's
# market_matrix.py). Agents are members of their market's team; the supervisor and
# the network officer work for market A; the cases are the customer's, at an outlet
# of their market (the dealer manages the outlet of A).
MARKET_RIGHTS = {
    "agent_a": {"cx.case": "crw/", "cx.campaign": "r/", "cx.case.team": "r/",
                "cx.sla.policy": "r/", "vehicle.order": "r/"},
    "agent_b": {"cx.case": "/crw", "cx.campaign": "/r", "cx.case.team": "/r",
                "cx.sla.policy": "/r", "vehicle.order": "/r"},
    "supervisor_a": {"cx.case": "crw/", "cx.campaign": "crw/", "cx.case.team": "crw/",
                     "cx.sla.policy": "crw/", "vehicle.order": "r/"},
    "manager": {"cx.case": "crwu/crwu", "cx.campaign": "crwu/crwu",
                "cx.case.team": "crwu/crwu", "cx.sla.policy": "crwu/crwu",
                "vehicle.order": "r/r"},
    "officer_a": NOTHING,
    "telephony": NOTHING,
    # Customers read their own cases in every market (the portal is not a market's);
    # dealers those of the outlets they manage.
    "customer": {**NOTHING, "cx.case": "r/r", "vehicle.order": "r/"},
    "dealer": {**NOTHING, "cx.case": "r/", "vehicle.order": "r/"},
}


@tagged("post_install", "-at_install")
class TestCxMarketMatrix(MarketMatrixMixin, CxCommon):
    """Each role against cases, campaigns, teams, SLA policies and orders, on a record
    of market A and on one of market B."""

    MARKET_RIGHTS = MARKET_RIGHTS
    READ_FIELD = {"cx.case": "name", "cx.campaign": "name", "cx.case.team": "name",
                  "cx.sla.policy": "name", "vehicle.order": "vehicle_model"}
    _counter = itertools.count(1)

    def _matrix_users(self):
        return {
            "agent_a": self.agent_a, "agent_b": self.agent_b,
            "supervisor_a": self.supervisor_a, "manager": self.cx_manager,
            "officer_a": self.officer, "telephony": self.integration,
            "customer": self.customer, "dealer": self.dealer_a,
        }

    def _matrix_vals(self, model, market):
        n = next(self._counter)
        a = market == "A"
        company, team = (self.market_a, self.team_a) if a else (self.market_b, self.team_b)
        outlet = self.outlet_a if a else self.outlet_b
        return {
            "cx.case": lambda: {"name": f"Matrix case {n}", "team_id": team.id,
                                "partner_id": self.customer.partner_id.id,
                                "outlet_id": outlet.id},
            "cx.campaign": lambda: {"name": f"Matrix campaign {n}",
                                    "company_id": company.id, "team_id": team.id},
            "cx.case.team": lambda: {
                "name": f"Matrix team {n}", "company_id": company.id,
                "resource_calendar_id": (self.calendar_nl if a else self.calendar_b).id},
            "cx.sla.policy": lambda: {"name": f"Matrix policy {n}", "company_id": company.id},
            "vehicle.order": lambda: {
                "name": f"T-CX-MATRIX-{n}", "partner_id": self.customer.partner_id.id,
                "outlet_id": outlet.id, "vehicle_model": "Aurora Polaris 4"},
        }[model]()

    def _matrix_write_vals(self, model):
        if model == "vehicle.order":
            return {"vehicle_model": "Aurora Polaris 5"}
        return {"name": "Renamed"}

    def test_cx_staff_matrix(self):
        self._check_market_matrix(["agent_a", "agent_b", "supervisor_a", "manager"])

    def test_other_roles_matrix(self):
        self._check_market_matrix(["officer_a", "telephony", "customer", "dealer"])
