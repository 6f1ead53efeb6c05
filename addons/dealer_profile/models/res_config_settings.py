from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_rating_award_count = fields.Integer(
        string="Top Outlets Awarded",
        config_parameter="dealer_profile.rating_award_count",
        default=5,
        help="How many outlets of the network get the monthly award (network ranks 1 to N).",
    )
