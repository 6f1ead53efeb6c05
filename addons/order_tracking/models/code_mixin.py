from odoo import api, models


class VehicleOrderCodeMixin(models.AbstractModel):
    """Catalogue records (statuses, locations) are found by the code the factory and
    logistics systems send: stored trimmed and upper-case, whatever the way in."""

    _name = "vehicle.order.code.mixin"
    _description = "Upper-case Catalogue Code"

    @api.model
    def _normalize_code(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_code(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_code(vals))
