from odoo import fields, models


class DealerKpi(models.Model):
    _name = "dealer.kpi"
    _description = "Dealer KPI"
    _order = "sequence, name"

    sequence = fields.Integer(default=10)
    code = fields.Char(
        required=True,
        help="Stable technical key used by other modules to push values "
        "(see dealer.kpi.value.upsert_values).",
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    unit = fields.Char(help="Shown next to values, e.g. %, days, cars.")
    higher_is_better = fields.Boolean(default=True)
    target = fields.Float(
        required=True, default=100.0,
        help="Value that earns full marks in the star rating.",
    )
    weight = fields.Float(
        default=1.0, help="Relative weight of this KPI in the outlet's star rating."
    )
    active = fields.Boolean(default=True)
    value_ids = fields.One2many("dealer.kpi.value", "kpi_id", string="Values")

    _code_uniq = models.Constraint("UNIQUE(code)", "A KPI with this code already exists.")
    _target_positive = models.Constraint(
        "CHECK(target > 0)", "A KPI target must be greater than zero."
    )
    _weight_positive = models.Constraint(
        "CHECK(weight >= 0)", "A KPI weight cannot be negative."
    )
