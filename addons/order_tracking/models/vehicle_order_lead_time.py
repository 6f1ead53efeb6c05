import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Delivered orders older than this no longer say how long legs take today.
LEARNING_WINDOW_DAYS = 730
MIN_SAMPLES = 3


def percentile(values, q):
    """The q-th percentile (0..100) with linear interpolation between closest ranks
    (the method of numpy's default and of spreadsheet PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class VehicleOrderLeadTime(models.Model):
    """How long a leg between two consecutive customer-visible steps usually takes,
    learned from the actual dates of delivered orders."""

    _name = "vehicle.order.lead.time"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Lead Time per Leg"
    _order = "from_sequence"

    from_status_id = fields.Many2one("vehicle.order.status", required=True, ondelete="cascade")
    to_status_id = fields.Many2one("vehicle.order.status", required=True, ondelete="cascade")
    from_sequence = fields.Integer(related="from_status_id.sequence", store=True)
    median_days = fields.Float(digits=(6, 1))
    p90_days = fields.Float(string="90th Percentile (days)", digits=(6, 1))
    sample_count = fields.Integer(string="Delivered Orders")

    _leg_uniq = models.Constraint(
        "UNIQUE(from_status_id, to_status_id)", "One lead time per leg."
    )

    @api.model
    def _legs(self, visible=None):
        if visible is None:
            visible = self.env["vehicle.order.status"].sudo().search(
                [("customer_visible", "=", True)]
            )
        return list(zip(visible[:-1], visible[1:], strict=True))

    @api.model
    def _leg_durations(self, orders=None):
        """{(from_id, to_id): [days, ...]} over delivered orders of the learning window
        (or over the given orders only)."""
        self.env["vehicle.order.event"].flush_model()
        self.env["vehicle.order"].flush_model()
        since = fields.Date.context_today(self) - timedelta(days=LEARNING_WINDOW_DAYS)
        rows = self.env.execute_query(SQL(
            """SELECT e.order_id, e.status_id, e.actual_date
                 FROM vehicle_order_event e
                 JOIN vehicle_order o ON o.id = e.order_id
                WHERE o.state = 'delivered' AND o.delivery_date >= %s
                  AND e.actual_date IS NOT NULL
                  AND (%s OR o.id = ANY(%s))""",
            since, orders is None, list(orders.ids) if orders is not None else [],
        ))
        actual = {}
        for order_id, status_id, actual_date in rows:
            actual.setdefault(order_id, {})[status_id] = actual_date
        durations = {}
        for step_from, step_to in self._legs():
            key = (step_from.id, step_to.id)
            durations[key] = [
                (dates[step_to.id] - dates[step_from.id]).days
                for dates in actual.values()
                if step_from.id in dates and step_to.id in dates
                and dates[step_to.id] >= dates[step_from.id]
            ]
        return durations

    @api.model
    def _cron_learn(self, orders=None):
        """Recompute every leg's median and 90th percentile."""
        vals_list = []
        for (from_id, to_id), days in self._leg_durations(orders).items():
            if len(days) < MIN_SAMPLES:
                continue
            vals_list.append({
                "from_status_id": from_id, "to_status_id": to_id,
                "median_days": percentile(days, 50), "p90_days": percentile(days, 90),
                "sample_count": len(days),
            })
        self.sudo().search([]).unlink()
        return self.sudo().create(vals_list)

    @api.model
    def _forecast(self, order, visible=None, events=None):
        """(median date, p90 date, remaining legs) from the order's current customer step,
        or None when a remaining leg has no learned lead time. ``events``: the order's
        events when the caller has read them already."""
        order = order.sudo()
        current = order.customer_status_id
        if order.state != "open" or not current:
            return None
        events = events if events is not None else order.event_ids
        event = events.filtered(lambda e: e.status_id == current)[:1]
        if not event.actual_date:
            return None
        lead_times = self.sudo().search_fetch(
            [], ["from_status_id", "to_status_id", "median_days", "p90_days"])
        learned = {(lt.from_status_id.id, lt.to_status_id.id): lt for lt in lead_times}
        remaining = []
        reached = False
        for step_from, step_to in self._legs(visible):
            if step_from == current:
                reached = True
            if reached:
                lead_time = learned.get((step_from.id, step_to.id))
                if not lead_time:
                    return None
                remaining.append(lead_time)
            if step_to.is_handover and reached:
                break
        if not remaining:
            return None
        today = fields.Date.context_today(self)
        start = event.actual_date
        median_date = start + timedelta(days=round(sum(r.median_days for r in remaining)))
        p90_date = start + timedelta(days=round(sum(r.p90_days for r in remaining)))
        return max(median_date, today), max(p90_date, today), remaining
