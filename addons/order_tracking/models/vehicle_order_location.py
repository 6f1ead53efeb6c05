from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_profile.tools.portal_form import forbidden_characters

LOCATION_KINDS = [
    ("factory", "Factory"),
    ("body_shop", "Body Shop"),
    ("compound", "Compound"),
    ("port", "Port"),
    ("ship", "Ship"),
    ("dealer", "Dealer"),
]


def web_url(url, schemes=("http", "https")):
    """``url`` when it is a web address a customer's browser may open (one of
    ``schemes``, a host, no space or control character), else False.

    Links shown on the portal come from staff input: ``javascript:`` or ``data:``
    there would run in the customer's session, and browsers drop blanks and
    control characters before reading the scheme (`` java\tscript:``)."""
    if not isinstance(url, str) or not url or len(url) > 2048:
        return False
    if url != url.strip() or " " in url or forbidden_characters(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in schemes or not parts.hostname:
        return False
    return url


class VehicleOrderLocation(models.Model):
    _name = "vehicle.order.location"
    _inherit = ["dealer.code.mixin", "dealer.input.guard.mixin"]
    _description = "Vehicle Order Location"
    _order = "sequence, name"

    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Reference used by factory and logistics systems in events."
    )
    kind = fields.Selection(LOCATION_KINDS, required=True, default="compound")
    description = fields.Text(
        translate=True, help="What the customer reads about this place."
    )
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    image = fields.Image(max_width=1280, max_height=1280)
    live_stream_url = fields.Char(
        string="Live Stream URL",
        help="Shown to customers while their car is at this station.",
    )
    map_url = fields.Char(compute="_compute_map_url")

    _code_uniq = models.Constraint("UNIQUE(code)", "A location with this code already exists.")

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for location in self:
            if not -90 <= location.latitude <= 90 or not -180 <= location.longitude <= 180:
                raise ValidationError(self.env._(
                    "Coordinates of %(name)s are out of range (latitude -90..90, "
                    "longitude -180..180).", name=location.name,
                ))

    @api.constrains("live_stream_url")
    def _check_live_stream_url(self):
        for location in self:
            url = location.live_stream_url
            if url and not web_url(url, schemes=("https",)):
                raise ValidationError(self.env._(
                    "The live stream of %(name)s must be an https:// address.",
                    name=location.name,
                ))

    @api.depends("latitude", "longitude")
    def _compute_map_url(self):
        for location in self:
            location.map_url = (
                f"https://www.openstreetmap.org/?mlat={location.latitude:.5f}"
                f"&mlon={location.longitude:.5f}#map=12/{location.latitude:.5f}/"
                f"{location.longitude:.5f}"
                if location.latitude or location.longitude
                else False
            )
