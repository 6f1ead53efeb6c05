"""The event feed's API: what an event may hold, and the parser that turns the JSON of a
batch into the values the event upsert stores, or a rejection per event.

One input layer for the suite (dealer_profile/tools/portal_form.py): the JSON specs clean
every value of an event; what is left here is what only events know (orders of the key's
markets, codes of the catalogue, the dates an order can have)."""
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Domain

from odoo.addons.dealer_profile.models.dealer_code_mixin import normalize_code
from odoo.addons.dealer_profile.tools.portal_form import JsonSpec, clean_json, json_errors_text

DATE_FIELDS = ("planned_date", "expected_date", "actual_date")
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2099, 12, 31)
TEXT_LIMITS = {
    "order": 64, "status": 16, "external_id": 128, "source": 64, "reason": 256,
    "location": 32,
}
# The JSON of one event of the API (dealer_profile's JSON parser).
EVENT_SPECS = (
    JsonSpec("order", required=True, max_length=TEXT_LIMITS["order"]),
    JsonSpec("status", required=True, max_length=TEXT_LIMITS["status"]),
    *(JsonSpec(name, max_length=TEXT_LIMITS[name])
      for name in ("external_id", "source", "reason", "location")),
    *(JsonSpec(name, kind="date", minimum=MIN_DATE, maximum=MAX_DATE) for name in DATE_FIELDS),
    JsonSpec("sent_at", kind="datetime", minimum=datetime(MIN_DATE.year, 1, 1),
             maximum=datetime(MAX_DATE.year, 12, 31, 23, 59, 59)),
)
# The dates an API event may give an order, around its order date and today: an ETA of
# 2099 is a feed's error, not news for the customer.
ORDER_WINDOW_BEFORE = relativedelta(years=1)
ORDER_WINDOW_AFTER = relativedelta(years=3)
# Scope of the API keys of the event feed: such a key opens this API and nothing else.
API_KEY_SCOPE = "order_tracking.events"
# The documented maximum number of events in one API batch.
MAX_BATCH_SIZE = 1000
# A source system's name, as a batch, an event or a feed user's Event Sources give it.
SOURCE_SPEC = JsonSpec("source", max_length=TEXT_LIMITS["source"])


class EventRejected(Exception):
    """An event of a batch that cannot be stored; its message is the verdict's reason."""


def parse_events(env, payload_events, source=None):
    """The events of a batch, in order, as ``(values, None)`` for the upsert or
    ``(None, verdict)`` when rejected, and the external id each event gave."""
    cleaned = [clean_payload_event(env, raw) for raw in payload_events]
    lookups = ingest_lookups(
        env, {values["order"] for values in cleaned if isinstance(values, dict)}
    )
    entries = []
    for values in cleaned:
        try:
            if isinstance(values, EventRejected):
                raise values
            entries.append((resolve_payload_event(env, values, source, lookups), None))
        except EventRejected as rejection:
            entries.append((None, {"verdict": "rejected", "reason": str(rejection)}))
    external_ids = [
        values["external_id"] if isinstance(values, dict) else None for values in cleaned
    ]
    return entries, external_ids


def named_sources(payload_events):
    """The sources the events of a batch name themselves (as the JSON parser cleans a
    text: stripped, empty means none). Read before the events are parsed: every one must
    be the key's, whether the event is otherwise valid or not."""
    return {
        raw["source"].strip() for raw in payload_events
        if isinstance(raw, dict) and isinstance(raw.get("source"), str) and raw["source"].strip()
    }


def clean_payload_event(env, raw):
    """The event's values cleaned by the suite's JSON parser, or the EventRejected
    saying what is wrong with it."""
    if not isinstance(raw, dict):
        return EventRejected(env._("an event must be a JSON object"))
    values, errors = clean_json(env, raw, EVENT_SPECS)
    if errors:
        return EventRejected(json_errors_text(errors))
    if not any(values[name] for name in DATE_FIELDS):
        return EventRejected(env._(
            "missing field: give at least one of planned_date, expected_date, actual_date"
        ))
    if values["actual_date"] and values["actual_date"] > date.today() + timedelta(days=1):
        return EventRejected(env._("bad date: actual_date is in the future"))
    return values


def ingest_lookups(env, refs):
    """Orders by reference among those the caller's market rules let it see (a
    region stands for the markets below it), and the catalogue's codes. As superuser
    with the caller's rule domain: an integration has no access to orders."""
    order_domain = Domain("name", "in", list(refs)) & env["ir.rule"]._compute_domain(
        "vehicle.order", "read"
    )
    orders = env["vehicle.order"].sudo().with_context(active_test=False).search_read(
        order_domain, ["name", "order_date"]
    ) if refs else []
    statuses = env["vehicle.order.status"].sudo().search_read([], ["code"])
    locations = env["vehicle.order.location"].sudo().search_read([], ["code"])
    return {
        "order": {o["name"]: (o["id"], o["order_date"]) for o in orders},
        "status": {s["code"]: s["id"] for s in statuses},
        "location": {loc["code"]: loc["id"] for loc in locations},
    }


def resolve_payload_event(env, values, source, lookups):
    order_id, order_date = lookups["order"].get(values["order"], (None, None))
    if not order_id:
        # Also for an order of another market: the feed learns nothing about it.
        raise EventRejected(env._("unknown order: %(ref)s", ref=values["order"]))
    status_id = lookups["status"].get(normalize_code(values["status"]))
    if not status_id:
        raise EventRejected(
            env._("unknown status code: %(code)s", code=values["status"])
        )
    vals = {
        "order_id": order_id,
        "status_id": status_id,
        "source_system": values["source"] or source or "api",
        "external_id": values["external_id"] or False,
        "reason": values["reason"] or False,
        "message_date": values["sent_at"] or False,
    }
    if values["location"]:
        vals["location_id"] = lookups["location"].get(normalize_code(values["location"]))
        if not vals["location_id"]:
            raise EventRejected(
                env._("unknown location: %(code)s", code=values["location"])
            )
    today = fields.Date.context_today(env["vehicle.order.event"])
    first = min(order_date, today) - ORDER_WINDOW_BEFORE
    last = max(order_date, today) + ORDER_WINDOW_AFTER
    for name in DATE_FIELDS:
        if values[name] and not first <= values[name] <= last:
            # An ETA of 2099 would become the customer's ETA: refused, not stored.
            raise EventRejected(env._(
                "bad date: %(field)s %(date)s is outside the dates this order can have "
                "(%(first)s to %(last)s: from a year before its order date or today, "
                "whichever is earlier, to three years after the later)",
                field=name, date=values[name], first=first, last=last,
            ))
        vals[name] = values[name] or False
    return vals
