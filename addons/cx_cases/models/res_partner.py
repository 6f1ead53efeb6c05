from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.dealer_profile.tools.portal_form import forbidden_characters
from odoo.addons.phone_validation.tools import phone_validation


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customers are matched by email (the mail gateway, several times a mail) and by
    # phone (telephony): both stored normalized by Odoo, but not indexed there.
    email_normalized = fields.Char(index="btree_not_null")
    phone_sanitized = fields.Char(index="btree_not_null")
    cx_case_ids = fields.One2many("cx.case", "partner_id", string="CX Cases")
    cx_case_count = fields.Integer(compute="_compute_cx_case_count", string="Cases")

    def _compute_cx_case_count(self):
        counts = dict(self.env["cx.case"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"], ["__count"],
        )) if self.env["cx.case"].has_access("read") else {}
        for partner in self:
            partner.cx_case_count = counts.get(partner.commercial_partner_id, 0)

    def _cx_lang_env(self):
        """The environment in the customer's language (the current one when they
        have none), for the texts generated for them: ``partner._cx_lang_env()._(...)``."""
        lang = self[:1].lang
        return self.with_context(lang=lang).env if lang else self.env

    @api.model
    def _cx_normalize_phone(self, number, company=None):
        """E.164 form of a number, read in the market's country when it has no
        international prefix; False when it cannot be a phone number."""
        number = (number or "").strip()
        if not number or len(number) > 40 or forbidden_characters(number):
            return False
        country = (company or self.env.company).country_id
        try:
            return phone_validation.phone_format(
                number, country.code or None, country.phone_code or None,
                force_format="E164", raise_exception=True,
            )
        except Exception:  # noqa: BLE001 - phonenumbers raises many kinds of errors
            return False

    @api.model
    def _cx_find_by_phone(self, number, company=None, limit=1):
        """Partners whose phone matches the number once both are normalized; the
        stored ``phone_sanitized`` (phone_validation) makes this one indexed query.
        Searched as the caller: an agent or an integration matches only the partners
        of its markets (and the shared ones); system flows call it in sudo."""
        sanitized = self._cx_normalize_phone(number, company)
        if not sanitized:
            return self.browse()
        domain = Domain("phone_sanitized", "=", sanitized)
        return self.search(domain, order="id desc", limit=limit)
