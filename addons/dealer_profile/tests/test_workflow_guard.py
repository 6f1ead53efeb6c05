"""Workflows only through their methods and multi-company writes for dealer_profile:
the outlet lifecycle, dealers' change requests, markets."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerProfileCommon


@tagged("post_install", "-at_install")
class TestWorkflowGuardCommon(DealerProfileCommon):
    def assertRefused(self, func, *args, exception=UserError):
        with self.assertRaises(exception), mute_logger("odoo.models"):
            func(*args)


@tagged("post_install", "-at_install")
class TestOutletLifecycleGuard(TestWorkflowGuardCommon):
    def test_lifecycle_fields_only_through_buttons_and_wizard(self):
        outlet = self.outlet_a
        for user in (self.officer, self.manager):
            for vals in ({"state": "suspended", "state_reason": "Because"},
                         {"state": "closed", "state_reason": "Because"},
                         {"state_reason": "Rewritten history"},
                         {"activation_date": "2020-01-01"},
                         {"closing_date": "2020-01-01"}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(outlet.with_user(user).write, vals)
        self.assertRecordValues(outlet, [{"state": "active", "state_reason": False,
                                          "closing_date": False}])

    def test_buttons_and_wizard_move_it(self):
        outlet = self.outlet_a.with_user(self.officer)
        wizard = self.env["dealer.outlet.state.wizard"].with_user(self.officer).create({
            "outlet_ids": [Command.set(outlet.ids)], "new_state": "suspended",
            "reason": "Certification lapsed",
        })
        wizard.action_confirm()
        self.assertRecordValues(outlet, [{
            "state": "suspended", "state_reason": "Certification lapsed",
            "suspension_date": fields.Date.context_today(outlet),
        }])
        outlet.action_activate()
        self.assertEqual(outlet.state, "active")

    def test_wizard_keeps_the_transition_rules(self):
        wizard = self.env["dealer.outlet.state.wizard"].with_user(self.officer).create({
            "outlet_ids": [Command.set(self.outlet_a.ids)], "new_state": "prospect",
            "reason": "Start again",
        })
        self.assertRefused(wizard.action_confirm)
        self.assertEqual(self.outlet_a.state, "active")

    def test_outlets_are_created_as_prospects(self):
        Outlet = self.env["dealer.outlet"]
        for user in (self.officer, self.manager):
            for vals in ({"state": "active"}, {"activation_date": "2020-01-01"}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(Outlet.with_user(user).create, {
                        "name": "Test New", "code": "TNEW", "company_id": self.market_a.id,
                        **vals,
                    })
        outlet = Outlet.with_user(self.officer).create({
            "name": "Test New", "code": "TNEW", "company_id": self.market_a.id,
            "state": "prospect",
        })
        self.assertEqual(outlet.state, "prospect")

    def test_forged_context_is_useless(self):
        for value in (True, "1", 1):
            with self.subTest(value=value):
                self.assertRefused(
                    self.outlet_a.with_user(self.officer).with_context(
                        dealer_workflow_write=value).write,
                    {"state": "suspended", "state_reason": "x"},
                )
        self.assertEqual(self.outlet_a.state, "active")

    def test_viewer_and_portal_get_access_errors(self):
        for user in (self.viewer, self.dealer_a):
            with self.subTest(user=user.login):
                self.assertRefused(self.outlet_a.with_user(user).write,
                                   {"state": "closed", "state_reason": "x"},
                                   exception=AccessError)
                self.assertRefused(self.outlet_a.with_user(user).action_activate,
                                   exception=AccessError)


@tagged("post_install", "-at_install")
class TestChangeRequestGuard(TestWorkflowGuardCommon):
    def _propose(self, **vals):
        return self.env["dealer.change.request"].with_user(self.dealer_a).create({
            "outlet_id": self.outlet_a.id, "new_phone": "+31 20 999 9999",
            "change_hours": True,
            "hours_line_ids": [Command.create({"dayofweek": "0", "hour_from": 9.0,
                                               "hour_to": 17.0})],
            **vals,
        })

    def test_review_only_through_the_buttons(self):
        request = self._propose()
        for user in (self.officer, self.manager):
            for vals in ({"state": "approved"}, {"reviewed_by_id": user.id},
                         {"review_date": fields.Datetime.now()}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(request.with_user(user).write, vals)
        self.assertRefused(request.with_user(self.dealer_a).write, {"state": "approved"},
                           exception=AccessError)
        self.assertRecordValues(request, [{"state": "pending", "reviewed_by_id": False}])
        self.assertEqual(self.outlet_a.phone, "+31 20 000 0001")

    def test_proposal_is_what_the_dealer_proposed(self):
        """Staff approve or reject the dealer's proposal; they cannot rewrite it."""
        request = self._propose()
        hours = request.hours_line_ids
        officer_request = request.with_user(self.officer)
        for vals in ({"new_phone": "+31 20 123 4567"}, {"new_email": "x@example.com"},
                     {"outlet_id": self.outlet_a2.id}, {"requested_by_id": self.officer.id},
                     {"hours_line_ids": [Command.clear()]}, {"note": "Edited"}):
            with self.subTest(vals=vals):
                self.assertRefused(officer_request.write, vals)
        self.assertRefused(hours.with_user(self.officer).write, {"hour_to": 23.0})
        self.assertRefused(hours.with_user(self.manager).unlink)
        self.assertRefused(self.env["dealer.change.request.hours"].with_user(self.dealer_a)
                           .create, {"request_id": request.id, "dayofweek": "6",
                                     "hour_from": 0.0, "hour_to": 24.0})
        self.assertRecordValues(request, [{"new_phone": "+31 20 999 9999",
                                           "outlet_id": self.outlet_a.id}])
        self.assertEqual(request.hours_line_ids, hours)
        self.assertEqual(hours.hour_to, 17.0)
        officer_request.write({"rejection_reason": "Closed on Mondays"})
        officer_request.action_reject()
        self.assertEqual(request.state, "rejected")

    def test_reviewed_request_is_locked(self):
        request = self._propose()
        request.with_user(self.officer).action_approve()
        self.assertRefused(request.with_user(self.officer).write,
                           {"rejection_reason": "Too late"})
        self.assertRefused(request.with_user(self.manager).unlink)
        request.with_user(self.officer).message_post(body="Done", message_type="comment")
        pending = self._propose(new_phone="+31 20 888 8888")
        pending.with_user(self.manager).unlink()
        self.assertFalse(pending.exists())


@tagged("post_install", "-at_install")
class TestOutletCompanyWrites(TestWorkflowGuardCommon):
    """The officer of the Netherlands and Belgium edits a Dutch outlet but cannot move
    it to Malaysia; the head office's manager can."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_asia_region()

    def test_officer_edits_but_cannot_move_abroad(self):
        # outlet_a2: no opening hours of its market, whose company check would speak first
        outlet = self._as(self.officer_ab, self.outlet_a2)
        outlet.write({"name": "Test Outlet Haarlem Centrum"})
        for company in (self.market_asia, self.region_asia, self.hq, self.region):
            with self.subTest(company=company.name):
                self.assertRefused(outlet.write, {"company_id": company.id},
                                   exception=AccessError)
        self.assertRecordValues(self.outlet_a2, [{"company_id": self.market_a.id,
                                                  "name": "Test Outlet Haarlem Centrum"}])

    def test_officer_moves_between_own_markets(self):
        self._as(self.officer_ab, self.outlet_a2).write({"company_id": self.market_b.id})
        self.assertEqual(self.outlet_a2.company_id, self.market_b)

    def test_officer_cannot_create_abroad(self):
        Outlet = self._as(self.officer_ab, self.env["dealer.outlet"])
        self.assertRefused(Outlet.create, {"name": "Test KL", "code": "TKL",
                                           "company_id": self.market_asia.id},
                           exception=AccessError)

    def test_manager_moves_an_outlet_abroad(self):
        self._as(self.manager_hq, self.outlet_a2).write({"company_id": self.market_asia.id})
        self.assertEqual(self.outlet_a2.company_id, self.market_asia)
