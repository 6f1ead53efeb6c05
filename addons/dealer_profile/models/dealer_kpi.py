from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_repr

# Currency symbols go before the number; every other unit after it.
_PREFIX_UNITS = ("€", "$", "£")


class DealerKpi(models.Model):
    _name = "dealer.kpi"
    _inherit = ["dealer.input.guard.mixin"]
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
    unit = fields.Char(
        help="Shown next to values everywhere (lists, the outlet's KPIs, the dealer "
        "portal): %, days, hours, count, /5 for a score out of five, € or $ for money.",
    )
    higher_is_better = fields.Boolean(default=True)
    target = fields.Float(
        required=True, default=100.0,
        help="Value that earns full marks in the star rating.",
    )
    weight = fields.Float(
        default=1.0, help="Relative weight of this KPI in the outlet's star rating."
    )
    min_value = fields.Float(
        string="Lowest Value", default=0.0,
        help="Values below it are refused by the KPI API (e.g. 0 for a percentage).",
    )
    max_value = fields.Float(
        string="Highest Value",
        help="Values above it are refused by the KPI API (e.g. 100 for a percentage); "
        "0: no upper limit.",
    )
    validity_months = fields.Integer(
        string="Valid for (months)", default=1, required=True,
        help="How long a value counts for the rating: 1 = its own month only; 3 = its "
        "month and the two following ones, unless a newer value replaces it. A feed can "
        "give a value its own validity (an audit score stays valid until the program's "
        "next audit is due).",
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
    _validity_range = models.Constraint(
        "CHECK(validity_months BETWEEN 1 AND 120)",
        "A KPI value is valid for 1 to 120 months.",
    )

    @api.constrains("min_value", "max_value")
    def _check_value_range(self):
        for kpi in self:
            if kpi.max_value and kpi.max_value <= kpi.min_value:
                raise ValidationError(self.env._(
                    "KPI %(kpi)s: the highest value must be above the lowest one "
                    "(or 0 for no upper limit).", kpi=kpi.display_name,
                ))

    def _value_range_error(self, value):
        """The reason a value is out of this KPI's declared range, or None."""
        self.ensure_one()
        if value < self.min_value:
            return self.env._("%(value)s is below the lowest value of KPI %(code)s (%(min)s).",
                              value=value, code=self.code, min=self.min_value)
        if self.max_value and value > self.max_value:
            return self.env._(
                "%(value)s is above the highest value of KPI %(code)s (%(max)s).",
                value=value, code=self.code, max=self.max_value,
            )
        return None

    def _format_with_unit(self, value):
        """``value`` as the KPI's readers write it: its unit and one decimal at most
        (a count stays whole): "92.5 %", "3 days", "4.2 /5", "€ 1200"."""
        self.ensure_one()
        number = float_repr(value, 1)
        if number.endswith(".0"):
            number = number[:-2]
        # In the reader's language: its decimal point, and the units written in words.
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        if lang:
            number = number.replace(".", lang.decimal_point)
        unit = (self.unit or "").strip()
        unit = {"hours": self.env._("hours"), "days": self.env._("days")}.get(unit, unit)
        if not unit:
            return number
        if unit in _PREFIX_UNITS:
            return f"{unit} {number}"
        return f"{number} {unit}"
