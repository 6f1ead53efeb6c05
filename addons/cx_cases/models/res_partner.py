from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customers are matched by email (the mail gateway, several times a mail), stored
    # normalized by Odoo but not indexed there; by phone through dealer_profile's
    # _find_by_phone (phone_sanitized, indexed there).
    email_normalized = fields.Char(index="btree_not_null")
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
