from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate, email_normalize

from ..models.dealer_workflow_mixin import add_default_values
from ..tools.orm_input import check_vals
from ..tools.portal_form import FieldSpec, clean_value

_lt = LazyTranslate(__name__)
# The labels of the wizard's fields, so that an error names them in the user's language.
EMAIL_SPEC = FieldSpec("new_email", _lt("New Email"), kind="email", required=True)
REASON_SPEC = FieldSpec("reason", _lt("Reason"), kind="line", max_length=500, required=True)
SPECS = {"new_email": EMAIL_SPEC, "reason": REASON_SPEC}


class DealerPortalEmailWizard(models.TransientModel):
    """The one way staff change the email a portal user (customer or dealer) logs in
    and resets their password with: a Network Manager, or whoever
    ``_portal_email_changer`` accepts (cx_cases adds CX supervisors), for portal users
    of their own markets only. The change is kept in the contact's chatter and the old
    address is told, so that a takeover cannot go unnoticed."""

    _name = "dealer.portal.email.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Change a Portal User's Login Email"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    old_email = fields.Char(related="partner_id.email", string="Current Email")
    new_email = fields.Char(required=True)
    reason = fields.Char(
        required=True, help="How the person asked for the change (call, visit, mail...).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        add_default_values(self, vals_list, SPECS)
        for vals in vals_list:
            check_vals(self.env, vals, SPECS)
        return super().create(vals_list)

    def write(self, vals):
        check_vals(self.env, vals, SPECS)
        return super().write(vals)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_id" in fields_list:
            values["partner_id"] = self.env.context.get("active_id")
        return values

    @api.model
    def _portal_email_changer(self, user):
        """Whether ``user`` may change portal users' login emails (in their markets)."""
        return user.has_group("dealer_profile.group_network_manager")

    def action_apply(self):
        self.ensure_one()
        partner = self.partner_id
        portal_users = partner.sudo().with_context(active_test=False).user_ids.filtered("share")
        self._check_change_allowed(partner, portal_users)
        # The suite's one input rule (as the portal forms): one plain address, and a
        # reason of one line without characters that cannot be stored.
        new_email = clean_value(self.env, EMAIL_SPEC, self.new_email)
        reason = clean_value(self.env, REASON_SPEC, self.reason)
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        if Users.search_count([("login", "=ilike", new_email), ("id", "not in", portal_users.ids)]):
            raise UserError(self.env._("Another user already logs in with %(email)s.",
                                       email=new_email))
        old_email = partner.email or ""
        partner.sudo().write({"email": new_email})
        for user in portal_users.filtered(
            lambda u: email_normalize(u.login or "") == email_normalize(old_email)
        ):
            user.sudo().login = new_email
        self._notify_change(partner, old_email, new_email, reason)
        return {"type": "ir.actions.act_window_close"}

    def _check_change_allowed(self, partner, portal_users):
        user = self.env.user
        partner.check_access("write")
        if not self._portal_email_changer(user):
            raise AccessError(self.env._(
                "Only a Network Manager or a CX supervisor changes a portal user's login email."
            ))
        if not portal_users:
            raise UserError(self.env._(
                "%(name)s has no portal access: edit the email on the contact.",
                name=partner.display_name,
            ))
        if not user.has_group("base.group_erp_manager") and (
            portal_users.company_id - user.company_ids
        ):
            raise AccessError(self.env._(
                "%(name)s belongs to a market you do not work for.", name=partner.display_name,
            ))

    def _notify_change(self, partner, old_email, new_email, reason):
        body = self.env._(
            "Login email changed from %(old)s to %(new)s by %(user)s. Reason: %(reason)s",
            old=old_email or "-", new=new_email, user=self.env.user.name, reason=reason,
        )
        partner.sudo().message_post(
            body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id,
        )
        if email_normalize(old_email):
            self.env["mail.mail"].sudo().create({
                "email_to": old_email,
                "subject": self.env._("Your login email was changed"),
                "body_html": Markup("<p>%s</p>") % self.env._(
                    "The email you log in with was changed to %(new)s. If you did not ask "
                    "for it, contact us at once.", new=new_email,
                ),
                "auto_delete": True,
            })
