from odoo import api, models
from odoo.exceptions import AccessError


class DealerPortalEmailWizard(models.TransientModel):
    _inherit = "dealer.portal.email.wizard"

    @api.model
    def _portal_email_changer(self, user):
        # Customers call Customer Care about their account: the supervisor of their
        # market changes the email, the market check of the wizard still applies.
        return super()._portal_email_changer(user) or user.has_group(
            "cx_cases.group_cx_supervisor"
        )

    def _check_change_allowed(self, partner, portal_users):
        """A CX supervisor changes customers' login emails only. A dealer (an outlet's
        contact) or a portal user with a role of their own (a mystery shopper) is not
        Customer Care's: before, a supervisor moved a Space manager's login to an
        address of their choice, then reset the password there (the dealer's account,
        with every order and audit of their outlets). Network managers still do."""
        super()._check_change_allowed(partner, portal_users)
        user = self.env.user
        if user.has_group("base.group_erp_manager") or super()._portal_email_changer(user):
            return
        if not self._portal_users_are_customers(portal_users):
            raise AccessError(self.env._(
                "%(name)s is a dealer or has a role in the network, not only a customer: "
                "a Network Manager changes their login email.",
                name=partner.display_name,
            ))

    def _portal_users_are_customers(self, portal_users):
        """Portal users holding nothing but the portal's groups, contacts of no outlet."""
        portal = self.env.ref("base.group_portal")
        plain = portal | portal.all_implied_ids
        users = portal_users.sudo()
        if any(user.all_group_ids - plain for user in users):
            return False
        return not self.env["dealer.outlet.contact"].sudo().search_count(
            [("partner_id", "in", users.partner_id.ids)], limit=1,
        )
