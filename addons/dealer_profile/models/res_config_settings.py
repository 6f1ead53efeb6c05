import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dealer_outlet_rating import STAR_BANDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_rating_award_count = fields.Integer(
        string="Top Outlets Awarded",
        config_parameter="dealer_profile.rating_award_count",
        default=5,
        help="How many outlets of the network get the monthly award (network ranks 1 to N).",
    )
    # The lowest score of each star band (STAR_BANDS): months rated after a change use
    # the new bands; published months keep their stars until they are recomputed.
    dealer_rating_stars_5_min = fields.Float(
        string="Five Stars From (%)", config_parameter=STAR_BANDS[0][1], default=STAR_BANDS[0][2],
    )
    dealer_rating_stars_4_min = fields.Float(
        string="Four Stars From (%)", config_parameter=STAR_BANDS[1][1], default=STAR_BANDS[1][2],
    )
    dealer_rating_stars_3_min = fields.Float(
        string="Three Stars From (%)", config_parameter=STAR_BANDS[2][1], default=STAR_BANDS[2][2],
    )
    dealer_rating_stars_2_min = fields.Float(
        string="Two Stars From (%)", config_parameter=STAR_BANDS[3][1], default=STAR_BANDS[3][2],
    )

    @api.constrains("dealer_rating_stars_5_min", "dealer_rating_stars_4_min",
                    "dealer_rating_stars_3_min", "dealer_rating_stars_2_min")
    def _check_star_bands(self):
        for settings in self:
            lowest = [settings.dealer_rating_stars_5_min, settings.dealer_rating_stars_4_min,
                      settings.dealer_rating_stars_3_min, settings.dealer_rating_stars_2_min]
            if not all(0.0 < score <= 100.0 for score in lowest) or any(
                higher <= lower for higher, lower in itertools.pairwise(lowest)
            ):
                raise ValidationError(self.env._(
                    "Star bands: each band starts between 0 and 100 %% and below the band "
                    "above it (five stars from %(five)s %%, four from %(four)s %%, three "
                    "from %(three)s %%, two from %(two)s %%).",
                    five=lowest[0], four=lowest[1], three=lowest[2], two=lowest[3],
                ))
