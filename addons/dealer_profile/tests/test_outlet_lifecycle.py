import psycopg2

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerProfileCommon


@tagged("post_install", "-at_install")
class TestOutletLifecycle(DealerProfileCommon):

    def _prospect(self, code="TP1"):
        return self.env["dealer.outlet"].create({
            "name": "Test Prospect", "code": code, "company_id": self.market_a.id,
        })

    def test_new_outlet_is_prospect_without_dates(self):
        outlet = self._prospect()
        self.assertEqual(outlet.state, "prospect")
        self.assertFalse(
            outlet.onboarding_date or outlet.activation_date
            or outlet.suspension_date or outlet.closing_date
        )

    def test_allowed_transitions_stamp_dates(self):
        """prospect -> onboarding -> active -> suspended -> active -> closed, each
        move stamping today's date on the field of the state reached."""
        outlet = self._prospect()
        today = fields.Date.context_today(outlet)
        outlet.action_start_onboarding()
        self.assertEqual((outlet.state, outlet.onboarding_date), ("onboarding", today))
        self.assertFalse(outlet.activation_date)
        outlet.action_activate()
        self.assertEqual((outlet.state, outlet.activation_date), ("active", today))
        outlet.write({"state": "suspended", "state_reason": "Renovation"})
        self.assertEqual((outlet.state, outlet.suspension_date), ("suspended", today))
        outlet.write({"state": "active"})
        self.assertEqual(outlet.state, "active")
        outlet.write({"state": "closed", "state_reason": "Lease ended"})
        self.assertEqual((outlet.state, outlet.closing_date), ("closed", today))

    def test_outlet_created_active_gets_activation_date(self):
        self.assertEqual(self.outlet_a.activation_date, fields.Date.context_today(self.outlet_a))

    def test_prospect_cannot_jump_to_active(self):
        outlet = self._prospect()
        with self.assertRaises(UserError):
            outlet.action_activate()
        self.assertEqual(outlet.state, "prospect")
        self.assertFalse(outlet.activation_date)

    def test_closed_outlet_stays_closed(self):
        outlet = self._prospect()
        outlet.write({"state": "closed", "state_reason": "Project cancelled"})
        for state in ("prospect", "onboarding", "active", "suspended"):
            with self.subTest(state=state), self.assertRaises(UserError):
                outlet.write({"state": state, "state_reason": "Reopen"})
        self.assertEqual(outlet.state, "closed")

    def test_suspend_needs_reason(self):
        for reason in (False, "   "):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                self.outlet_a.write({"state": "suspended", "state_reason": reason})
        self.assertEqual(self.outlet_a.state, "active")

    def test_close_needs_reason(self):
        with self.assertRaises(UserError):
            self.outlet_a.write({"state": "closed"})
        self.assertEqual(self.outlet_a.state, "active")

    def test_state_wizard_sets_state_and_reason(self):
        action = self.outlet_a.action_suspend()
        self.assertEqual(action["res_model"], "dealer.outlet.state.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"reason": "Staff shortage"})
        )
        self.assertEqual(wizard.new_state, "suspended")
        wizard.action_confirm()
        self.assertEqual(self.outlet_a.state, "suspended")
        self.assertEqual(self.outlet_a.state_reason, "Staff shortage")
        self.assertEqual(
            self.outlet_a.suspension_date, fields.Date.context_today(self.outlet_a)
        )

    def test_code_is_stripped_and_upper_cased(self):
        outlet = self._prospect(code="  ta9 ")
        self.assertEqual(outlet.code, "TA9")
        outlet.code = "ta10"
        self.assertEqual(outlet.code, "TA10")
        self.assertEqual(outlet.display_name, "[TA10] Test Prospect")

    def test_same_code_allowed_in_other_market(self):
        outlet = self.env["dealer.outlet"].create({
            "name": "Test Twin", "code": "ta1", "company_id": self.market_b.id,
        })
        self.assertEqual(outlet.code, self.outlet_a.code)

    @mute_logger("odoo.sql_db")
    def test_duplicate_code_in_market_refused(self):
        """Codes are compared after upper-casing: 'ta1' collides with 'TA1'."""
        with self.assertRaises(psycopg2.errors.UniqueViolation):
            self.env["dealer.outlet"].create({
                "name": "Test Clash", "code": "ta1", "company_id": self.market_a.id,
            })

    def test_latitude_out_of_range_refused(self):
        with self.assertRaises(ValidationError):
            self.outlet_a.partner_latitude = 91.0

    def test_longitude_out_of_range_refused(self):
        with self.assertRaises(ValidationError):
            self.outlet_a.partner_longitude = -181.0

    def test_valid_coordinates_kept(self):
        self.outlet_a.write({"partner_latitude": 52.37, "partner_longitude": 4.89})
        self.assertEqual(self.outlet_a.partner_id.partner_latitude, 52.37)
        self.assertEqual(self.outlet_a.partner_id.partner_longitude, 4.89)

    def test_outlet_creates_its_own_address_partner(self):
        outlet = self.env["dealer.outlet"].create({
            "name": "Test Utrecht", "code": "TU1", "company_id": self.market_a.id,
            "street": "Stationsplein 1", "city": "Utrecht", "phone": "+31 30 000 0000",
        })
        partner = outlet.partner_id
        self.assertNotIn(partner, self.outlet_a.partner_id | self.outlet_b.partner_id)
        self.assertRecordValues(partner, [{
            "name": "Test Utrecht", "is_company": True, "company_id": self.market_a.id,
            "street": "Stationsplein 1", "city": "Utrecht", "phone": "+31 30 000 0000",
        }])
        self.assertEqual(outlet.city, "Utrecht")

    def test_manager_follows_space_manager_contact(self):
        outlet = self._prospect()
        self.assertFalse(outlet.manager_partner_id)
        Contact = self.env["dealer.outlet.contact"]
        sales = Contact.create({
            "outlet_id": outlet.id, "partner_id": self.dealer_b.partner_id.id,
            "role": "sales_manager",
        })
        self.assertFalse(outlet.manager_partner_id, "a sales manager is no space manager")
        space = Contact.create({
            "outlet_id": outlet.id, "partner_id": self.dealer_a.partner_id.id,
            "role": "space_manager",
        })
        self.assertEqual(outlet.manager_partner_id, self.dealer_a.partner_id)
        self.assertEqual(outlet.manager_user_id, self.dealer_a)
        space.unlink()
        self.assertFalse(outlet.manager_partner_id)
        self.assertFalse(outlet.manager_user_id)
        sales.role = "space_manager"
        self.assertEqual(outlet.manager_user_id, self.dealer_b)

    def test_grant_portal_access_creates_portal_user(self):
        partner = self.env["res.partner"].create({
            "name": "Test New Manager", "email": "new.manager@example.com",
            "company_id": self.market_a.id,
        })
        outlet = self._prospect()
        contact = self.env["dealer.outlet.contact"].create({
            "outlet_id": outlet.id, "partner_id": partner.id, "role": "space_manager",
        })
        self.assertFalse(contact.has_portal_access)
        contact.with_user(self.officer).action_grant_portal_access()
        user = partner.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "new.manager@example.com")
        self.assertTrue(contact.has_portal_access)
        self.assertEqual(outlet.manager_user_id, user)

    def test_grant_portal_access_needs_email(self):
        partner = self.env["res.partner"].create({"name": "Test No Mail"})
        contact = self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a.id, "partner_id": partner.id, "role": "cx_contact",
        })
        with self.assertRaises(UserError):
            contact.action_grant_portal_access()
        self.assertFalse(partner.with_context(active_test=False).user_ids)

    def test_grant_portal_access_refused_when_user_exists(self):
        with self.assertRaises(UserError):
            self.contact_a.action_grant_portal_access()
