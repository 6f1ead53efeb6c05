from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    vin_check_digit_required = fields.Boolean(
        string="VIN Check Digit Required",
        help="The market requires the 9th character of a VIN to be its check digit "
        "(ISO 3779 / North American rule). Orders of this market refuse a VIN whose "
        "check digit does not match.",
    )
    order_eta_notify_days = fields.Integer(
        string="Notify ETA Moves Above (days)",
        default=3,
        help="Customers get an email when the expected delivery date of their car moves "
        "by more than this number of days since the last date they were told.",
    )
