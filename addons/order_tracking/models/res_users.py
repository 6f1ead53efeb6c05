from odoo import api, models

from ..tools.event_api import API_KEY_SCOPE


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _integration_key_scopes(self):
        return {**super()._integration_key_scopes(),
                "order_tracking.group_order_tracking_integration": API_KEY_SCOPE}
