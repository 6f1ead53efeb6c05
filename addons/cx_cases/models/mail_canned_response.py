"""Canned replies (core ``mail.canned.response``, ``::`` in the composer) per team and
language; the case's values are filled in by cx.case (cx_knowledge_case.py)."""

from odoo import api, fields, models


class MailCannedResponse(models.Model):
    _inherit = "mail.canned.response"

    cx_team_ids = fields.Many2many(
        "cx.case.team", string="CX Teams",
        help="Only the agents of these teams see this reply (and only on their cases). "
        "Empty: every team.",
    )
    cx_lang = fields.Selection(
        "_lang_get", string="Customer Language",
        help="Offered on the cases of customers who speak this language. Empty: any "
        "language.",
    )

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()
