from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class DealerOutlet(models.Model):
    _inherit = "dealer.outlet"

    @api.model
    def _handover_on_time(self, month):
        """{outlet id: % of its orders delivered in ``month`` that were handed over on
        or before their planned handover date}. Orders without a planned date promised
        nothing to the customer: they do not count."""
        start = month.replace(day=1)
        Order = self.env["vehicle.order"]
        Order.flush_model(["outlet_id", "state", "delivery_date", "planned_handover_date"])
        rows = self.env.execute_query(SQL(
            """
            SELECT outlet_id,
                   COUNT(*) FILTER (WHERE delivery_date <= planned_handover_date),
                   COUNT(*)
              FROM %(table)s
             WHERE state = 'delivered'
               AND delivery_date >= %(start)s AND delivery_date < %(end)s
               AND planned_handover_date IS NOT NULL
          GROUP BY outlet_id
            """,
            table=SQL.identifier(Order._table),
            start=start, end=start + relativedelta(months=1),
        ))
        return {
            outlet_id: round(100.0 * on_time / total, 1)
            for outlet_id, on_time, total in rows
        }

    @api.model
    def _cron_push_handover_kpis(self, month=None):
        """Monthly: push last month's on-time handovers per outlet into dealer_profile's
        KPIs through its one API, dealer.kpi.value.upsert_values."""
        if month is None:
            month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        entries = [
            {"outlet_id": outlet_id, "kpi_code": "handover_on_time", "month": month,
             "value": value, "source": "order_tracking"}
            for outlet_id, value in self._handover_on_time(month).items()
        ]
        return self.env["dealer.kpi.value"].sudo().upsert_values(entries)
