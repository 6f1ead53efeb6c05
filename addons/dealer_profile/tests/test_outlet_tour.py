"""The network officer opens an outlet, clicked in Chromium."""

from odoo.tests import HttpCase, tagged

from .common import DealerProfileCommon


@tagged("post_install", "-at_install")
class TestOfficerOpensOutletTour(DealerProfileCommon, HttpCase):

    def test_officer_opens_an_outlet_with_its_space_manager(self):
        """Market A's officer creates an outlet in the form, adds the Space manager as
        its contact, grants her portal access from the contacts tab, then moves the
        outlet through onboarding to active: the outlet is market A's, its Space
        manager a portal user who manages it."""
        manager = self.env["res.partner"].create({
            "name": "Tour Manager Rotterdam", "email": "tour.rotterdam@example.com",
        })
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_action/new",
                        "dealer_profile_officer_opens_outlet", login=self.officer.login)
        outlet = self.env["dealer.outlet"].search([("code", "=", "TR1")])
        self.assertRecordValues(outlet, [{
            "name": "Tour Space Rotterdam", "company_id": self.market_a.id,
            "state": "active", "user_id": self.officer.id, "city": "Rotterdam",
        }])
        self.assertRecordValues(outlet.contact_ids, [{
            "partner_id": manager.id, "role": "space_manager", "has_portal_access": True,
        }])
        user = manager.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "tour.rotterdam@example.com")
        self.assertIn(outlet, self.env["dealer.outlet"].with_user(user).search([]))
