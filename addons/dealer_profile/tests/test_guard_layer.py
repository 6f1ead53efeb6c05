"""One guard layer (dealer.workflow.mixin): transition tables, one check for write,
create, unlink and the buttons, can_* flags that agree with the server, and no context
key a JSON-RPC client sends that skips a rule."""

import xmlrpc.client
from datetime import datetime

from odoo import Command
from odoo.tests import get_db_name, tagged
from odoo.tools import mute_logger

from .common import MONTH_1, MONTH_2, DealerProfileCommon
from .guard_layer_common import CanFlagsAgreeMixin, GuardHttpCase

OUTLET = "dealer.outlet"
REQUEST = "dealer.change.request"
MONTH = "dealer.rating.month"


class GuardLayerCommon(DealerProfileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Outlet = cls.env[OUTLET]
        cls.outlets = Outlet.browse()
        for index, state in enumerate(("prospect", "onboarding", "suspended", "closed")):
            cls.outlets |= Outlet.create({
                "name": f"Test Guard {state}", "code": f"TG{index}",
                "company_id": cls.market_a.id, "state": state, "state_reason": "Test",
            })
        cls.outlets |= cls.outlet_a
        cls.onboarding = cls.outlets.filtered(lambda o: o.state == "onboarding")
        cls.pending = cls._propose()
        cls.pending.rejection_reason = "Test: not this way"
        cls.approved = cls._propose()
        cls.approved._workflow().write({"state": "approved"})
        cls._push_kpis(cls.outlet_a, MONTH_1, 50.0)
        cls._push_kpis(cls.outlet_a, MONTH_2, 60.0)
        cls.month_1 = cls.env[MONTH]._get_or_create([MONTH_1])
        cls.month_2 = cls.env[MONTH]._get_or_create([MONTH_2])
        cls.month_2.action_publish()

    @classmethod
    def _propose(cls):
        return cls.env[REQUEST].with_user(cls.dealer_a).create({
            "outlet_id": cls.outlet_a.id, "new_phone": "+31 20 555 0000",
            "change_hours": True,
            "hours_line_ids": [Command.create({"dayofweek": "0", "hour_from": 9.0,
                                               "hour_to": 17.0})],
        }).sudo()


@tagged("post_install", "-at_install")
class TestCanFlagsAgree(CanFlagsAgreeMixin, GuardLayerCommon):
    """For every model of dealer_profile on the mixin, every state and role: a button is
    shown (can_*) exactly when the server accepts it."""

    def test_outlet_flags(self):
        users = self.viewer | self.officer | self.manager | self.dealer_a
        self.assertGreater(self.assertCanFlagsAgree(self.outlets, users), 70)

    def test_flags_follow_the_move(self):
        """The flags depend on the state: read again after a move, they follow it."""
        outlet = self.onboarding.with_user(self.officer)
        self.assertEqual((outlet.can_activate, outlet.can_suspend), (True, False))
        outlet.action_activate()
        self.assertEqual((outlet.can_activate, outlet.can_suspend), (False, True))

    def test_change_request_flags(self):
        users = self.viewer | self.officer | self.manager | self.dealer_a
        self.assertCanFlagsAgree(self.pending | self.approved, users)
        self.assertTrue(self.pending.with_user(self.officer).can_approve)

    def test_rating_month_flags(self):
        self.assertCanFlagsAgree(self.month_1 | self.month_2, self.viewer | self.officer
                                 | self.manager)
        self.assertTrue(self.month_1.with_user(self.manager).can_publish)


@tagged("post_install", "-at_install")
class TestGuardOverJsonRpc(GuardLayerCommon, GuardHttpCase):
    """Each role over /web/dataset/call_kw, every forged context key sent along."""

    def test_state_never_written_directly(self):
        for login in ("test_officer_a", "test_manager"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, OUTLET, "write", [self.outlet_a.ids, {
                    "state": "suspended", "state_reason": "Forged",
                }])
                self.assertRpcRefused(login, REQUEST, "write",
                                      [self.pending.ids, {"state": "approved"}])
                self.assertRpcRefused(login, MONTH, "write",
                                      [self.month_1.ids, {"state": "published"}])
        self.assertEqual(self.outlet_a.state, "active")
        self.assertEqual(self.pending.state, "pending")
        self.assertEqual(self.month_1.state, "draft")

    def test_outlet_buttons_per_role(self):
        self.assertRpcRefused("test_viewer", OUTLET, "action_activate", [self.onboarding.ids])
        self.assertRpcRefused("test_dealer_a", OUTLET, "action_activate", [self.onboarding.ids])
        # A button that does not apply in this state is refused, for every role.
        self.assertRpcRefused("test_manager", OUTLET, "action_start_onboarding",
                              [self.outlet_a.ids])
        self.call_kw("test_officer_a", OUTLET, "action_activate", [self.onboarding.ids])
        self.assertEqual(self.onboarding.state, "active")

    def test_change_request_buttons_per_role(self):
        for login in ("test_dealer_a", "test_viewer"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, REQUEST, "action_approve", [self.pending.ids])
        self.assertRpcRefused("test_officer_a", REQUEST, "action_approve", [self.approved.ids])
        self.call_kw("test_officer_a", REQUEST, "action_approve", [self.pending.ids])
        self.assertEqual(self.pending.state, "approved")
        self.assertEqual(self.outlet_a.phone, "+31 20 555 0000")

    def test_rating_month_buttons_per_role(self):
        self.assertRpcRefused("test_officer_a", MONTH, "action_publish", [self.month_1.ids])
        self.assertRpcRefused("test_officer_a", MONTH, "action_recompute", [self.month_2.ids])
        self.call_kw("test_manager", MONTH, "action_publish", [self.month_1.ids])
        self.assertEqual(self.month_1.state, "published")

    def test_kpi_write_always_refreshes_ratings(self):
        """dealer_kpi_no_rating once let a client change a published month's values
        without the month being flagged for recomputation."""
        value = self.env["dealer.kpi.value"].search([
            ("outlet_id", "=", self.outlet_a.id), ("month", "=", MONTH_2),
        ], limit=1)
        self.assertFalse(self.month_2.needs_recompute)
        self.call_kw("test_officer_a", "dealer.kpi.value", "write", [value.ids, {"value": 99.0}])
        self.assertTrue(self.month_2.needs_recompute)

    def test_kpi_create_always_refreshes_ratings(self):
        """A value created through the ORM (the KPI values list, an import, JSON-RPC)
        left a published month unflagged and an unpublished one unrated: only the KPI
        API and write refreshed the ratings."""
        self.assertFalse(self.month_2.needs_recompute)
        self.call_kw("test_officer_a", "dealer.kpi.value", "create", [{
            "outlet_id": self.outlet_a2.id, "kpi_id": self.kpi_sales.id,
            "month": MONTH_2.isoformat(), "value": 90.0,
        }])
        self.assertTrue(self.month_2.needs_recompute)
        self.call_kw("test_officer_a", "dealer.kpi.value", "create", [{
            "outlet_id": self.outlet_a2.id, "kpi_id": self.kpi_sales.id,
            "month": MONTH_1.isoformat(), "value": 90.0,
        }])
        self.assertEqual(self._rating(self.outlet_a2, MONTH_1).score, 90.0)

    def test_kpi_unlink_always_refreshes_ratings(self):
        """_force_unlink once let an officer delete a value of a published month without
        the month being flagged for recomputation (it counts for the superuser only,
        who uninstalls modules)."""
        value = self.env["dealer.kpi.value"].search([
            ("outlet_id", "=", self.outlet_a.id), ("month", "=", MONTH_2),
        ], limit=1)
        self.assertFalse(self.month_2.needs_recompute)
        self.call_kw("test_officer_a", "dealer.kpi.value", "unlink", [value.ids])
        self.assertTrue(self.month_2.needs_recompute)

    def test_force_unlink_skips_no_lock(self):
        """Odoo skips at_uninstall=False guards for a ``_force_unlink`` context: the
        mixin's guard is not one of them."""
        self.assertRpcRefused("test_manager", REQUEST, "unlink", [self.approved.ids])
        self.assertTrue(self.approved.exists())

    def test_create_defaults_checked_as_vals(self):
        """default_<field> context keys once created a request approved "by" an officer
        and an outlet closed from the start."""
        self.assertDefaultsRefused("test_dealer_a", REQUEST, {
            "outlet_id": self.outlet_a.id, "new_phone": "+31 20 555 0001",
        }, {"state": "approved", "reviewed_by_id": self.officer.id,
            "review_date": "2026-01-01 00:00:00"})
        outlet = {"name": "Test Guard New", "code": "TGNEW", "company_id": self.market_a.id}
        for login in ("test_officer_a", "test_manager"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, OUTLET, "create", [outlet],
                                      context={"default_state": "closed"})
        # The kanban's quick create in the Prospect column: the state an outlet starts in.
        created = self.call_kw("test_officer_a", OUTLET, "create", [outlet],
                               context={"default_state": "prospect"})
        self.assertEqual(self.env[OUTLET].browse(created).state, "prospect")

    def test_create_user_defaults_checked_as_vals(self):
        """An internal user's own ir.default is a default the ORM adds as late."""
        self.call_kw("test_officer_a", "ir.default", "set", [OUTLET, "state", "closed"],
                     {"user_id": True})
        self.assertRpcRefused("test_officer_a", OUTLET, "create", [{
            "name": "Test Guard New", "code": "TGNEW", "company_id": self.market_a.id,
        }])

    def test_rating_rebuild_is_server_code(self):
        """recompute_months (public, as superuser) once let a portal customer create a
        rating month and rebuild the whole network's ratings over XML-RPC (which
        carries dates). Managers recompute through the month's button."""
        for user in (self.dealer_a, self.officer, self.manager):
            for method in ("recompute_months", "_recompute_months"):
                with self.subTest(login=user.login, method=method), \
                        self.assertRaises(xmlrpc.client.Fault), \
                        mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc"):
                    self.xmlrpc_object.execute_kw(
                        get_db_name(), user.id, user.login, "dealer.outlet.rating", method,
                        [[datetime(1990, 1, 1)]],
                    )
        self.assertFalse(self.env[MONTH].search([("month", "=", "1990-01-01")]))
        self.call_kw("test_manager", MONTH, "action_recompute", [self.month_2.ids])
        self.assertRpcRefused("test_officer_a", MONTH, "action_recompute", [self.month_2.ids])

    def test_computed_fields_never_written_by_a_client(self):
        """An officer once gave their outlet five stars, the market's first rank and the
        award over JSON-RPC (stored related fields of the latest rating: Odoo stores
        what a write gives them), and stretched a KPI value's validity: the published
        rating and the outlet's stars disagreed. Written by no role, in vals or as
        context defaults; the outlet's other fields still take a plain write."""
        rating = self.outlet_a.latest_rating_id
        self.assertTrue(rating)
        shown = self.outlet_a.read(["rating_stars", "rating_score", "rank_market",
                                    "rating_award", "latest_rating_id"])[0]
        forged = {"rating_stars": "5", "rating_score": 99.9, "rank_market": 1,
                  "rank_region": 1, "rating_award": True}
        value = self.env["dealer.kpi.value"].search(
            [("outlet_id", "=", self.outlet_a.id), ("month", "=", MONTH_2)], limit=1)
        valid_until = value.valid_until
        for login in ("test_officer_a", "test_manager"):
            for name, forged_value in forged.items():
                with self.subTest(login=login, field=name):
                    self.assertRpcRefused(login, OUTLET, "write",
                                          [self.outlet_a.ids, {name: forged_value}])
            with self.subTest(login=login, field="valid_until"):
                self.assertRpcRefused(login, "dealer.kpi.value", "write",
                                      [value.ids, {"valid_until": "2099-12-01"}])
            with self.subTest(login=login, create="default_rating_stars"):
                self.assertRpcRefused(login, OUTLET, "create", [{
                    "name": "Test Guard Stars", "code": "TGSTAR",
                    "company_id": self.market_a.id,
                }], context={"default_rating_stars": "5", "default_rating_award": True})
        self.env.invalidate_all()
        self.assertEqual(self.outlet_a.read(list(shown))[0], shown)
        self.assertEqual(value.valid_until, valid_until)
        self.call_kw("test_officer_a", OUTLET, "write", [self.outlet_a.ids,
                                                         {"phone": "+31 20 555 0002"}])
        self.assertEqual(self.outlet_a.phone, "+31 20 555 0002")
