from odoo import api, models


def normalize_code(code):
    """The stored form of a code: trimmed, upper-case."""
    return code.strip().upper() if isinstance(code, str) else code


class DealerCodeMixin(models.AbstractModel):
    """Records found by a code that people type and other systems send (outlets,
    order statuses, logistics locations): stored trimmed and upper-case, whatever
    the way in (form, import, API, portal), so that one lookup finds them."""

    _name = "dealer.code.mixin"
    _description = "Upper-case Code"

    @api.model
    def _normalize_code(self, vals):
        if vals.get("code"):
            vals["code"] = normalize_code(vals["code"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_code(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_code(vals))
