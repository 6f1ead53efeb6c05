from odoo import api, models, tools


class MailMessageSubtype(models.Model):
    _inherit = "mail.message.subtype"

    @api.model
    @tools.ormcache()
    def _cx_internal_ids(self):
        """The ids of the internal subtypes: a case asks for every message posted on
        it (a query each otherwise). Core clears the cache whenever a subtype is
        created, written or deleted."""
        return frozenset(self.sudo().search([("internal", "=", True)]).ids)
