"""Demo data only: a believable KPI history for the demo network."""

import random
from contextlib import contextmanager
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields

# Realistic monthly range of the demo KPIs, from a weak to a strong outlet: (weak, strong,
# lowest possible, highest possible). Values stay within their unit: no CSAT above 100 %.
DEMO_KPI_RANGES = {
    "csat": (72.0, 97.0, 0.0, 100.0),
    "test_drive_conversion": (11.0, 34.0, 0.0, 100.0),
    "handover_on_time": (80.0, 99.0, 0.0, 100.0),
    "lead_response_hours": (11.0, 2.5, 0.5, 72.0),
}


def generate_kpi_history(env, months=12, codes=None, publish=True):
    """Monthly values of the complete months since each outlet went live (at most
    ``months``), until it closed: one quality level and trend per outlet, so the
    ranking is stable, with some noise per month. Deterministic: seeded per outlet
    and KPI, so the module declaring a KPI (order_tracking, cx_cases) adds its
    history later, with ``codes``, and tells the same story."""
    codes = [code for code in (codes or DEMO_KPI_RANGES) if code in DEMO_KPI_RANGES]
    this_month = fields.Date.context_today(env.user).replace(day=1)
    outlets = env["dealer.outlet"].search([("activation_date", "!=", False)], order="code")
    kpis = env["dealer.kpi"].search([("code", "in", codes)])
    entries = []
    for outlet in outlets:
        outlet_rng = random.Random(f"demo-kpi-{outlet.code}")
        quality, trend = outlet_rng.uniform(0.1, 0.95), outlet_rng.uniform(-0.15, 0.2)
        first = max(
            outlet.activation_date.replace(day=1) + relativedelta(months=1),
            this_month - relativedelta(months=months),
        )
        last = this_month - relativedelta(months=1)
        if outlet.closing_date:
            last = min(last, outlet.closing_date.replace(day=1) - relativedelta(months=1))
        for kpi in kpis:
            rng = random.Random(f"demo-kpi-{outlet.code}-{kpi.code}")
            month, index = first, 0
            while month <= last:
                level = quality + trend * index / months
                entries.append({
                    "outlet_id": outlet.id, "kpi_id": kpi.id, "month": month,
                    "value": kpi_value(kpi.code, level, rng), "source": "demo",
                })
                month, index = month + relativedelta(months=1), index + 1
    with history_completed(env):
        values = env["dealer.kpi.value"].upsert_values(entries)
        if publish:
            publish_months(env, sorted(set(values.mapped("month"))))
    return values


@contextmanager
def history_completed(env):
    """A later module's demo adds its KPIs to months published already: as if the
    values had been there at publication, the flagged months are recomputed without
    telling anyone, and keep no chatter line of the change (it is the install's, not
    the network's: "ratings recomputed: Amsterdam Space 44.0 -> 76.3" on every month)."""
    RatingMonth = env["dealer.rating.month"].sudo()
    published = RatingMonth.search([("state", "=", "published")])
    env.flush_all()
    env.cr.precommit.run()
    env.cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
    last_message = env.cr.fetchone()[0]
    # Months flagged before (demo XML loaded before this, e.g. a validated mystery
    # visit): their lines since the publication go too.
    since = {month.id: last_message for month in published}
    for month in published.filtered("needs_recompute"):
        tracked = month.message_ids.filtered(
            lambda m: "state" in m.tracking_value_ids.field_id.mapped("name"))
        since[month.id] = max(tracked.ids or month.message_ids[-1:].ids or [last_message])
    yield
    RatingMonth.search([("needs_recompute", "=", True)])._recompute(notify_awards=False)
    env.flush_all()
    env.cr.precommit.run()  # tracking lines are written at commit: write them now
    Message = env["mail.message"].sudo()
    for month_id, after in since.items():
        Message.search([("model", "=", RatingMonth._name), ("res_id", "=", month_id),
                        ("id", ">", after)]).unlink()


def publish_months(env, rated):
    """The history is complete: publish it as the monthly cron would have, telling
    the award winners of the last month only. Months published already (a later
    module's KPIs) are recomputed, as a manager would, without telling anyone."""
    RatingMonth = env["dealer.rating.month"].sudo()
    for month in rated:
        record = RatingMonth._get_or_create([month])
        if record.state == "draft":
            record._publish(notify_awards=month == rated[-1])
            backdate_publication(record)


def backdate_publication(rating_month):
    """The month reads as published by the daily cron on the first of the next month,
    early in the morning, with its chatter line, not all twelve at the install's
    minute."""
    published = datetime.combine(rating_month.month + relativedelta(months=1), time(5, 0))
    # The chatter's tracking line is written at commit: written now, to be dated.
    rating_month.env.flush_all()
    rating_month.env.cr.precommit.run()
    rating_month.env.cr.execute(
        "UPDATE dealer_rating_month SET published_date = %s WHERE id = %s",
        [published, rating_month.id],
    )
    rating_month.env.cr.execute(
        "UPDATE mail_message SET date = %s WHERE model = %s AND res_id = %s",
        [published, rating_month._name, rating_month.id],
    )
    rating_month.invalidate_recordset(["published_date"])
    rating_month.env["mail.message"].invalidate_model(["date"])


def kpi_value(code, level, rng):
    weak, strong, lowest, highest = DEMO_KPI_RANGES[code]
    value = weak + (strong - weak) * (level + rng.uniform(-0.12, 0.12))
    return round(min(highest, max(lowest, value)), 1)
