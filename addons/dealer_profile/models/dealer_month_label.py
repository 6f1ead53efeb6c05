from odoo import api, fields, models
from odoo.tools.misc import format_date


class DealerMonthLabelMixin(models.AbstractModel):
    """A month stored as its first day, shown as a month ("October 2026") in lists
    and forms: a date widget shows it as a day ("Oct 1")."""

    _name = "dealer.month.label.mixin"
    _description = "Month shown as a month"

    month_label = fields.Char(compute="_compute_month_label")

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for record in self:
            record.month_label = (
                format_date(self.env, record.month, date_format="MMMM y") if record.month else ""
            )

