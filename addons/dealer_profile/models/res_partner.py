from odoo import api, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

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
