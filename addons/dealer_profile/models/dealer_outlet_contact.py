from odoo import api, fields, models
from odoo.exceptions import UserError

CONTACT_ROLES = [
    ("space_manager", "Space Manager"),
    ("sales_manager", "Sales Manager"),
    ("service_manager", "Service Manager"),
    ("cx_contact", "CX Contact"),
]


class DealerOutletContact(models.Model):
    _name = "dealer.outlet.contact"
    _description = "Outlet Contact"
    # For its company-move check: a move to an outlet of another market is checked
    # against the writer's markets like the record itself.
    _inherit = ["dealer.workflow.mixin"]
    _order = "outlet_id, role, id"

    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="outlet_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True)
    role = fields.Selection(CONTACT_ROLES, required=True, default="space_manager")
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    user_id = fields.Many2one(
        "res.users", compute="_compute_user_id", compute_sudo=True
    )
    has_portal_access = fields.Boolean(compute="_compute_user_id", compute_sudo=True)

    _outlet_partner_role_uniq = models.Constraint(
        "UNIQUE(outlet_id, partner_id, role)",
        "This person already has this role at this outlet.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # The contact shows its person's email and phone (related, read as the
        # server): a person of another market, linked by id, was read through it.
        self._check_links_readable(vals_list, ["partner_id"], create=True)
        contacts = super().create(vals_list)
        contacts._check_portal_users_linked()
        return contacts

    def write(self, vals):
        self._check_links_readable([vals], ["partner_id"])
        result = super().write(vals)
        self._check_company_move(vals, ("outlet_id",))
        if "partner_id" in vals:
            self._check_portal_users_linked()
        return result

    def _check_portal_users_linked(self):
        """A portal user who speaks for no outlet yet (a customer, a mystery shopper)
        becomes an outlet's contact only by an access-rights administrator: the portal
        rules would show them the outlet's orders, cases and audits and let them act
        for its customers. A dealer who already is another outlet's contact may be
        linked by the network team (a Space manager of several outlets)."""
        if not self or self.env["res.partner"]._may_change_portal_identities():
            return
        for contact in self.sudo():
            partner = contact.partner_id
            if not partner.with_context(active_test=False).user_ids.filtered("share"):
                continue
            if not self.sudo().search_count([
                ("partner_id", "=", partner.id), ("id", "not in", self.ids),
            ], limit=1):
                raise UserError(self.env._(
                    "%(name)s uses the portal and is no outlet's contact yet: only an "
                    "administrator (Access Rights) can make them a contact of "
                    "%(outlet)s, who would then see its customers' orders and cases.",
                    name=partner.display_name, outlet=contact.outlet_id.display_name,
                ))

    @api.depends("partner_id.user_ids")
    def _compute_user_id(self):
        for contact in self:
            user = contact.partner_id.user_ids[:1]
            contact.user_id = user
            contact.has_portal_access = bool(user) and user._is_portal()

    def action_grant_portal_access(self):
        """One click from the outlet: invite the contact to the portal with Odoo's
        own portal wizard (creates the user and sends the invitation email)."""
        self.outlet_id.check_access("write")
        for contact in self:
            if contact.user_id:
                raise UserError(
                    self.env._("%(name)s already has a user.", name=contact.partner_id.name)
                )
            if not contact.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(name)s has no email address: add one before granting portal access.",
                        name=contact.partner_id.name,
                    )
                )
            wizard = (
                self.env["portal.wizard"]
                .sudo()
                .with_company(contact.company_id)
                .create({"partner_ids": [(6, 0, contact.partner_id.ids)]})
            )
            wizard.user_ids.with_company(contact.company_id).action_grant_access()
        return True
