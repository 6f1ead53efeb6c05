from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_courtesy_call_days = fields.Integer(
        string="Courtesy call after (days)", default=14,
        help="A courtesy-call case is planned this many days after a vehicle is delivered.",
    )
    cx_retention_months = fields.Integer(
        string="Keep closed cases (months)", default=36,
        help="A nightly job anonymizes the cases closed, or solved and never confirmed "
        "by the customer, longer ago than this; 0 keeps them for ever.",
    )

    _cx_retention_positive = models.Constraint(
        "CHECK(cx_retention_months >= 0 AND cx_courtesy_call_days >= 0)",
        "Retention months and courtesy-call days cannot be negative.",
    )
