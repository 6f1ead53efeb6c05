import itertools
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DealerProfileCommon
from .market_matrix import MarketMatrixMixin

STAFF_READ = {"dealer.kpi": "r", "dealer.brand": "r"}
# Per role: letters on a record of market A / of market B (see market_matrix.py).
# The officer of A stands for the Dutch officer, the officer of B for the German one;
# the regional viewer works for the region above both markets.
MARKET_RIGHTS = {
    "viewer_a": {
        "dealer.outlet": "r/", "dealer.outlet.contact": "r/", "dealer.outlet.document": "r/",
        "dealer.kpi.value": "r/", "dealer.change.request": "r/",
        "dealer.change.request.contact": "r/", **STAFF_READ,
    },
    "region_viewer": {
        "dealer.outlet": "r/r", "dealer.outlet.contact": "r/r",
        "dealer.outlet.document": "r/r", "dealer.kpi.value": "r/r",
        "dealer.change.request": "r/r", "dealer.change.request.contact": "r/r", **STAFF_READ,
    },
    "officer_a": {
        "dealer.outlet": "crw/", "dealer.outlet.contact": "crwu/",
        "dealer.outlet.document": "crwu/", "dealer.kpi.value": "crwu/",
        "dealer.change.request": "rw/", "dealer.change.request.contact": "r/", **STAFF_READ,
    },
    "officer_b": {
        "dealer.outlet": "/crw", "dealer.outlet.contact": "/crwu",
        "dealer.outlet.document": "/crwu", "dealer.kpi.value": "/crwu",
        "dealer.change.request": "/rw", "dealer.change.request.contact": "/r", **STAFF_READ,
    },
    "manager": {
        "dealer.outlet": "crwu/crwu", "dealer.outlet.contact": "crwu/crwu",
        "dealer.outlet.document": "crwu/crwu", "dealer.kpi.value": "crwu/crwu",
        "dealer.change.request": "crwu/crwu", "dealer.change.request.contact": "r/r",
        "dealer.kpi": "crwu", "dealer.brand": "crwu",
    },
    # portal: the dealer manages an outlet of market A; the customer manages none
    "dealer": {
        "dealer.outlet": "r/", "dealer.outlet.contact": "r/", "dealer.outlet.document": "",
        "dealer.kpi.value": "", "dealer.change.request": "cr/",
        "dealer.change.request.contact": "r/", "dealer.kpi": "", "dealer.brand": "r",
    },
    "customer": {
        "dealer.outlet": "", "dealer.outlet.contact": "", "dealer.outlet.document": "",
        "dealer.kpi.value": "", "dealer.change.request": "",
        "dealer.change.request.contact": "", "dealer.kpi": "", "dealer.brand": "r",
    },
}


@tagged("post_install", "-at_install")
class TestMarketMatrix(MarketMatrixMixin, DealerProfileCommon):
    """Each role against each model and operation, on a record of market A and on one
    of market B: the access rights and the market rules together."""

    MARKET_RIGHTS = MARKET_RIGHTS
    READ_FIELD = {
        "dealer.outlet": "name", "dealer.outlet.contact": "role",
        "dealer.outlet.document": "name", "dealer.kpi.value": "value",
        "dealer.change.request": "state", "dealer.change.request.contact": "email",
        "dealer.kpi": "name", "dealer.brand": "name",
    }
    # A dealer's proposal never changes (workflow): only who reads it is the matrix's.
    OPERATIONS = {"dealer.change.request.contact": ("read",)}
    _counter = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.viewer_a = cls._new_user(
            "test_viewer_a", "dealer_profile.group_network_viewer", cls.market_a
        )
        cls.region_viewer = cls._new_user(
            "test_region_viewer", "dealer_profile.group_network_viewer", cls.region
        )
        cls.officer_b = cls._new_user(
            "test_officer_b", "dealer_profile.group_network_officer", cls.market_b
        )

    def _matrix_users(self):
        return {
            "viewer_a": self.viewer_a, "region_viewer": self.region_viewer,
            "officer_a": self.officer, "officer_b": self.officer_b, "manager": self.manager,
            "dealer": self.dealer_a, "customer": self.customer,
        }

    def _matrix_vals(self, model, market):
        n = next(self._counter)
        outlet = self.outlet_a if market == "A" else self.outlet_b
        company = self.market_a if market == "A" else self.market_b
        dealer = self.dealer_a if market == "A" else self.dealer_b
        return {
            "dealer.outlet": lambda: {
                "name": f"Test Matrix {n}", "code": f"TMM{n}", "company_id": company.id,
                "contact_ids": [Command.create({
                    "partner_id": dealer.partner_id.id, "role": "space_manager",
                })],
            },
            "dealer.outlet.contact": lambda: {
                "outlet_id": outlet.id, "role": "sales_manager",
                "partner_id": self.env["res.partner"].create({"name": f"Test Person {n}"}).id,
            },
            "dealer.outlet.document": lambda: {
                "name": f"Test Document {n}", "outlet_id": outlet.id,
            },
            "dealer.kpi.value": lambda: {
                "outlet_id": outlet.id, "kpi_id": self.kpi_sales.id,
                "month": date(1970 + n // 12, n % 12 + 1, 1), "value": n,
            },
            "dealer.change.request": lambda: {
                "outlet_id": outlet.id, "new_phone": f"+31 6 0000 {n:04d}",
            },
            "dealer.kpi": lambda: {"code": f"test_market_{n}", "name": f"Test KPI {n}"},
            "dealer.brand": lambda: {"name": f"Test Market Brand {n}"},
        }[model]()

    def _matrix_record(self, model, market):
        if model == "dealer.change.request.contact":
            request = self.env["dealer.change.request"].create({
                **self._matrix_vals("dealer.change.request", market),
                "contact_line_ids": [Command.create({
                    "operation": "add", "name": "Test Proposed", "role": "sales_manager",
                    "email": "proposed@example.com",
                })],
            })
            return request.contact_line_ids
        return super()._matrix_record(model, market)

    def _matrix_write_vals(self, model):
        return {
            "dealer.outlet": {"name": "Test Renamed"},
            "dealer.outlet.contact": {"role": "cx_contact"},
            "dealer.outlet.document": {"name": "Test Renamed"},
            "dealer.kpi.value": {"value": 42.0},
            "dealer.change.request": {"rejection_reason": "Test reason"},
            "dealer.kpi": {"name": "Test Renamed"},
            "dealer.brand": {"name": "Test Brand Renamed"},
        }[model]

    def test_staff_matrix(self):
        self._check_market_matrix(
            ["viewer_a", "region_viewer", "officer_a", "officer_b", "manager"]
        )

    def test_portal_matrix(self):
        self._check_market_matrix(["dealer", "customer"])


@tagged("post_install", "-at_install")
class TestProposalMarkets(DealerProfileCommon):

    def test_officer_cannot_read_other_market_proposal_lines(self):
        """The persons and hours a dealer of market B proposed (names, emails) are market
        B's: the officer of A neither finds nor reads them."""
        request = self.env["dealer.change.request"].create({
            "outlet_id": self.outlet_b.id, "change_hours": True,
            "hours_line_ids": [Command.create(
                {"dayofweek": "0", "hour_from": 8.0, "hour_to": 17.0})],
            "contact_line_ids": [Command.create({
                "operation": "add", "name": "Test Newcomer", "role": "sales_manager",
                "email": "newcomer@example.com",
            })],
        })
        for lines in (request.hours_line_ids, request.contact_line_ids):
            with self.subTest(model=lines._name):
                self.assertFalse(
                    self.env[lines._name].with_user(self.officer).search(
                        [("id", "in", lines.ids)])
                )
                with self.assertRaises(AccessError):
                    lines.with_user(self.officer).read(["id"])


@tagged("post_install", "-at_install")
class TestMoveToOtherMarket(DealerProfileCommon):
    """A record follows its outlet's market: re-pointing it to an outlet of a market the
    writer does not work for is refused like writing there."""

    def test_officer_cannot_move_outlet_data_to_other_market(self):
        self._push_kpis(self.outlet_a, "2024-01", sales=50)
        partner = self.env["res.partner"].create({"name": "Test Mover"})
        records = {
            "contact": self.env["dealer.outlet.contact"].create(
                {"outlet_id": self.outlet_a.id, "partner_id": partner.id,
                 "role": "cx_contact"}),
            "document": self.env["dealer.outlet.document"].create(
                {"name": "Test Lease A", "outlet_id": self.outlet_a.id}),
            "kpi value": self.outlet_a.kpi_value_ids,
        }
        for name, record in records.items():
            with self.subTest(record=name):
                with self.assertRaises(AccessError):
                    record.with_user(self.officer).write({"outlet_id": self.outlet_b.id})
                self.assertEqual(record.outlet_id, self.outlet_a)

    def test_officer_moves_outlet_data_within_market(self):
        document = self.env["dealer.outlet.document"].create(
            {"name": "Test Lease A", "outlet_id": self.outlet_a.id})
        document.with_user(self.officer).outlet_id = self.outlet_a2
        self.assertEqual(document.outlet_id, self.outlet_a2)


@tagged("post_install", "-at_install")
class TestMoveOverJsonRpc(DealerProfileCommon, HttpCase):
    """The same refusal over /web/dataset/call_kw, as a browser or script sends it."""

    def test_officer_moves_document_over_rpc(self):
        document = self.env["dealer.outlet.document"].create(
            {"name": "Test Lease A", "outlet_id": self.outlet_a.id})
        self.authenticate("test_officer_a", "test_officer_a")
        with self.assertRaises(JsonRpcException) as caught, \
                mute_logger("odoo.http", "odoo.models"):
            self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": "dealer.outlet.document", "method": "write",
                "args": [[document.id], {"outlet_id": self.outlet_b.id}], "kwargs": {},
            })
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(document.outlet_id, self.outlet_a)
