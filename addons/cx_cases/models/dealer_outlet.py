from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# A test drive converts when its customer orders within this many days.
CONVERSION_DAYS = 30


class DealerOutlet(models.Model):
    _inherit = "dealer.outlet"

    cx_case_ids = fields.One2many("cx.case", "outlet_id", string="CX Cases")
    cx_open_case_count = fields.Integer(
        compute="_compute_cx_open_case_count", string="Open Cases"
    )

    def _compute_cx_open_case_count(self):
        counts = dict(self.env["cx.case"]._read_group(
            [("outlet_id", "in", self.ids), ("stage_kind", "in", ("new", "progress", "waiting"))],
            ["outlet_id"], ["__count"],
        )) if self.env["cx.case"].has_access("read") else {}
        for outlet in self:
            outlet.cx_open_case_count = counts.get(outlet, 0)

    def action_view_cx_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_cases.cx_case_action")
        action["domain"] = [("outlet_id", "=", self.id)]
        action["context"] = {"default_outlet_id": self.id}
        return action

    @api.model
    def _cx_service_quality(self, month):
        """Service quality of every outlet with cases solved in ``month``:
        {outlet id: {"cx_service_speed": %, "cx_service_compliance": %, "csat": %}}.

        speed: share of those cases that met their SLA (first response and
        resolution); compliance: share never breached, counting cases still open
        that were opened in the month; csat: answers 4-5 among the answers about those cases."""
        start = datetime.combine(month, time.min)
        end = start + relativedelta(months=1)
        Case = self.env["cx.case"].sudo().with_context(active_test=False)
        solved = Case._read_group(
            [("outlet_id", "!=", False), ("solved_date", ">=", start), ("solved_date", "<", end),
             ("sla_policy_id", "!=", False)],
            ["outlet_id", "sla_status"], ["__count"],
        )
        opened = Case._read_group(
            [("outlet_id", "!=", False), ("date_open", ">=", start), ("date_open", "<", end),
             ("sla_policy_id", "!=", False)],
            ["outlet_id", "sla_status"], ["__count"],
        )
        result = {}
        speed = {}
        for outlet, status, count in solved:
            met, total = speed.get(outlet.id, (0, 0))
            speed[outlet.id] = (met + (count if status == "met" else 0), total + count)
        compliance = {}
        for outlet, status, count in opened:
            ok, total = compliance.get(outlet.id, (0, 0))
            compliance[outlet.id] = (ok + (count if status != "breached" else 0), total + count)
        for outlet_id, (met, total) in speed.items():
            result.setdefault(outlet_id, {})["cx_service_speed"] = round(100.0 * met / total, 1)
        for outlet_id, (ok, total) in compliance.items():
            result.setdefault(outlet_id, {})["cx_service_compliance"] = round(
                100.0 * ok / total, 1
            )
        csat = Case._csat_by(
            [("outlet_id", "!=", False), ("solved_date", ">=", start), ("solved_date", "<", end)],
            "outlet_id",
        )
        for outlet, percent in csat.items():
            result.setdefault(outlet.id, {})["csat"] = round(percent, 1)
        return result

    @api.model
    def _test_drive_conversion(self, month):
        """{outlet id: % of its test drives whose customer (commercial entity) ordered a
        vehicle, at any outlet and not cancelled, within 30 days of the drive}.

        A drive counts in the month its 30 days end, not the month it was done: the
        figure pushed for a complete month is then final, and each drive counts once."""
        start = datetime.combine(month.replace(day=1), time.min)
        window = timedelta(days=CONVERSION_DAYS)
        Drive, Order = self.env["cx.test.drive"], self.env["vehicle.order"]
        Drive.flush_model(["date", "outlet_id", "partner_id"])
        Order.flush_model(["commercial_partner_id", "order_date", "state"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(SQL(
            """
            SELECT drive.outlet_id,
                   COUNT(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM vehicle_order o
                        WHERE o.commercial_partner_id = customer.commercial_partner_id
                          AND o.state != 'cancelled'
                          AND o.order_date >= drive.date::date
                          AND o.order_date <= (drive.date + %(window)s)::date)),
                   COUNT(*)
              FROM cx_test_drive drive
         LEFT JOIN res_partner customer ON customer.id = drive.partner_id
             WHERE drive.date >= %(start)s AND drive.date < %(end)s
          GROUP BY drive.outlet_id
            """,
            window=window, start=start - window,
            end=start + relativedelta(months=1) - window,
        ))
        return {
            outlet_id: round(100.0 * converted / total, 1)
            for outlet_id, converted, total in rows
        }

    @api.model
    def _cron_push_cx_kpis(self, month=None):
        """Monthly: push last month's service quality and test-drive conversion into
        dealer_profile's KPIs through its one API, dealer.kpi.value.upsert_values."""
        if month is None:
            month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        quality = self._cx_service_quality(month)
        for outlet_id, value in self._test_drive_conversion(month).items():
            quality.setdefault(outlet_id, {})["test_drive_conversion"] = value
        entries = [
            {"outlet_id": outlet_id, "kpi_code": code, "month": month, "value": value,
             "source": "cx_cases"}
            for outlet_id, values in quality.items()
            for code, value in values.items()
        ]
        return self.env["dealer.kpi.value"].sudo().upsert_values(entries)
