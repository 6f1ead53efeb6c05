from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from ..tools.phone import phone_key, phone_stored

# What a portal user logs in and resets their password with: changed by the user
# themselves (portal account page), by access-rights administrators, or through the
# tracked change of dealer.portal.email.wizard; never by contact-manager rights.
LOGIN_FIELDS = ("email",)
# What a contact's commercial entity (the company whose portal users share its documents)
# follows.
ENTITY_FIELDS = ("parent_id", "is_company")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customers are matched by phone (telephony, call logs, test-drive leads) on the
    # E.164 form phone_validation stores; not indexed in Odoo itself.
    phone_sanitized = fields.Char(index="btree_not_null")

    def _lang_env(self):
        """The environment in this partner's language (the current one when they have
        none), for what is written to them whoever (or whichever job) writes it:
        ``partner._lang_env()._(...)``, ``record.with_env(partner._lang_env())``. One way
        for the suite: customers' mails and cases, dealers' messages, awards."""
        lang = self[:1].lang
        return self.with_context(lang=lang).env if lang else self.env

    @api.constrains("partner_latitude", "partner_longitude")
    def _check_coordinates(self):
        for partner in self:
            if not -90 <= (partner.partner_latitude or 0.0) <= 90:
                raise ValidationError(
                    self.env._(
                        "Latitude %(value)s of %(name)s is outside -90..90 degrees.",
                        value=partner.partner_latitude,
                        name=partner.display_name,
                    )
                )
            if not -180 <= (partner.partner_longitude or 0.0) <= 180:
                raise ValidationError(
                    self.env._(
                        "Longitude %(value)s of %(name)s is outside -180..180 degrees.",
                        value=partner.partner_longitude,
                        name=partner.display_name,
                    )
                )

    def _may_change_portal_identities(self):
        """Whether the caller may change what a portal user is to the suite (their
        login email, their company tree, the outlets they speak for): the superuser
        and access-rights administrators; staff with contact rights may not."""
        return self.env.su or self.env.user.has_group("base.group_erp_manager")

    def write(self, vals):
        if "tz" in vals and any(p.is_company or p.sudo().user_ids for p in self):
            # res.users.context_get keeps each user's time zone, their own or, without
            # one, their market's (the company's contact).
            self.env.registry.clear_cache()
        if self._may_change_portal_identities():
            return super().write(vals)
        if set(LOGIN_FIELDS) & set(vals):
            self._check_login_fields_update(vals)
        if not set(ENTITY_FIELDS) & set(vals):
            return super().write(vals)
        # Who sees a contact's documents on the portal follows the company tree it is in
        # (portal rules on ``child_of`` the user's commercial entity): checked once the
        # move is made, on the trees it left and joined (read in sudo: a parent may be
        # another market's).
        before = {partner: partner._company_tree_state() for partner in self.sudo()}
        result = super().write(vals)
        self.sudo()._check_company_tree_moves(before)
        return result

    def _company_tree_state(self):
        """(root of the contact's company tree, parent, commercial entity)."""
        root = self
        while root.parent_id:
            root = root.parent_id
        return root, self.parent_id, self.commercial_partner_id

    def _check_company_tree_moves(self, before):
        """Staff with contact rights (agents, officers) must not move a contact into or
        out of a company tree whose contacts use the portal, nor make one a company or
        not: the tree's portal users (a dealer's Space managers, a fleet customer's
        buyers) would see the moved contact's cases and orders, or the moved portal user
        those of the tree, and act as their customer. Access-rights administrators may."""
        after = {partner: partner._company_tree_state() for partner in self}
        moved = self.filtered(lambda p: after[p][1:] != before[p][1:])
        if not moved:
            return
        roots = self.browse()
        for partner in moved:
            roots |= before[partner][0] | after[partner][0]
        portal_user = self.env["res.users"].with_context(active_test=False).search([
            ("share", "=", True), ("partner_id", "child_of", roots.ids),
        ], limit=1)
        if portal_user:
            raise UserError(self.env._(
                "Only an administrator (Access Rights) can move %(names)s to another "
                "company: the portal users of %(companies)s would see other contacts' "
                "cases and orders.",
                names=", ".join(moved.mapped("display_name")),
                companies=", ".join(roots.mapped("display_name")),
            ))

    def _check_login_fields_update(self, vals):
        """Staff with contact rights (agents, officers) must not rewrite the address a
        customer's or dealer's "reset password" mail goes to: that is an account
        takeover. Access-rights administrators may (``write``); everyone else uses the
        tracked change (dealer.portal.email.wizard), which checks the market."""
        new_email = email_normalize(vals.get("email") or "") or (vals.get("email") or "")
        touched = self._portal_login_partners().filtered(
            lambda p: (p.email_normalized or p.email or "") != new_email
        )
        if touched:
            raise UserError(self.env._(
                "%(names)s log in to the portal with their email: change it with "
                "Change Login Email (a Network Manager, or a CX supervisor of their "
                "market), which keeps a trace and tells the old address.",
                names=", ".join(touched.mapped("display_name")),
            ))

    def _portal_login_partners(self):
        """The partners of ``self`` that a portal user (archived ones included) logs in with."""
        users = self.sudo().with_context(active_test=False).user_ids.filtered("share")
        return self.filtered(lambda p: p.id in users.partner_id.ids)

    # Phones: the suite's one format (tools/phone.py) ------------------------------

    @api.model
    def _phone_stored_form(self, number, company=None):
        """``number`` as the suite stores a phone (international form), read in the
        market's country when it has no prefix; False when it is no phone number."""
        return phone_stored(number, (company or self.env.company).country_id)

    @api.model
    def _phone_match_key(self, number, company=None):
        """The E.164 form ``number`` is matched on, read in the market's country when
        it has no prefix; False when it is no phone number."""
        return phone_key(number, (company or self.env.company).country_id)

    @api.model
    def _find_by_phone(self, number, company=None, limit=1):
        """Partners whose phone is ``number``, however either was written: the
        stored ``phone_sanitized`` (phone_validation, E.164) makes this one indexed
        query. Searched as the caller: an agent or an integration matches only the
        partners of its markets (and the shared ones); system flows call it in sudo."""
        key = self._phone_match_key(number, company)
        if not key:
            return self.browse()
        return self.search([("phone_sanitized", "=", key)], order="id desc", limit=limit)
