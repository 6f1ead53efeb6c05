from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _api_only_groups(self):
        return [*super()._api_only_groups(), "order_tracking.group_order_tracking_integration"]
