import re
from datetime import UTC, date, datetime, timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError, ValidationError

# Fields an event carries from its source, compared to decide accepted or duplicate.
SOURCE_FIELDS = (
    "planned_date", "expected_date", "actual_date", "reason", "location_id", "message_date",
    "external_id",
)
DATE_FIELDS = ("planned_date", "expected_date", "actual_date")
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2099, 12, 31)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_LIMITS = {
    "order": 64, "status": 16, "external_id": 128, "source": 64, "reason": 256,
    "location": 32, "sent_at": 40,
}
PAYLOAD_KEYS = frozenset(TEXT_LIMITS) | frozenset(DATE_FIELDS)
# The documented maximum number of events in one API batch.
MAX_BATCH_SIZE = 1000


class EventRejected(Exception):
    """An event of a batch that cannot be stored; its message is the verdict's reason."""


class VehicleOrderEvent(models.Model):
    """One step of one order as the factory or a logistics system reports it.

    There is at most one event per order and status: a repeated event (same external id,
    or same order and status) updates it instead of adding one, and an event that changes
    nothing is a duplicate. A message older than the stored one (``message_date``) never
    overwrites it."""

    _name = "vehicle.order.event"
    _description = "Vehicle Order Event"
    _order = "order_id, status_sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "vehicle.order", required=True, ondelete="cascade", index=True, check_company=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    status_id = fields.Many2one(
        "vehicle.order.status", required=True, ondelete="restrict", index=True
    )
    status_sequence = fields.Integer(related="status_id.sequence", store=True)
    customer_visible = fields.Boolean(related="status_id.customer_visible")
    planned_date = fields.Date()
    expected_date = fields.Date()
    actual_date = fields.Date()
    location_id = fields.Many2one("vehicle.order.location", ondelete="set null")
    source_system = fields.Char(
        required=True, default="manual", index=True,
        help="System that reported the event (factory order system, logistics provider...).",
    )
    external_id = fields.Char(
        string="External ID", copy=False,
        help="Identifier of the message in the source system: a repeated message with the "
        "same identifier is recognised as a duplicate.",
    )
    message_date = fields.Datetime(
        string="Sent At", help="When the source system issued the message: an older message "
        "never overwrites a newer one.",
    )
    reason = fields.Char(help="Why a date moved, in words a customer understands.")
    ingestion_id = fields.Many2one(
        "vehicle.order.ingestion", readonly=True, ondelete="set null", index="btree_not_null",
    )

    _order_status_uniq = models.Constraint(
        "UNIQUE(order_id, status_id)",
        "This order already has an event for this status: update it instead.",
    )
    _external_id_uniq = models.UniqueIndex(
        "(source_system, external_id) WHERE external_id IS NOT NULL",
        "This source system already sent an event with this external ID.",
    )

    @api.depends("order_id", "status_id")
    def _compute_display_name(self):
        for event in self:
            event.display_name = f"{event.order_id.name} · {event.status_id.code}"

    @api.constrains(*DATE_FIELDS)
    def _check_dates(self):
        for event in self:
            for name in DATE_FIELDS:
                value = event[name]
                if value and not MIN_DATE <= value <= MAX_DATE:
                    raise ValidationError(self.env._(
                        "%(field)s of event %(event)s is out of range (%(min)s to %(max)s).",
                        field=self._fields[name].string, event=event.display_name,
                        min=MIN_DATE, max=MAX_DATE,
                    ))

    # CRUD ---------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("order_tracking_raw"):
            return super().create(vals_list)
        # Staff entries and CSV imports follow the same rules as the API: one event per
        # order and status, updated in place.
        vals_list = [self._normalize_vals(self._add_missing_default_values(dict(vals)))
                     for vals in vals_list]
        results = self._upsert(vals_list)
        rejected = [r for r in results if r["verdict"] == "rejected"]
        if rejected:
            raise ValidationError(rejected[0]["reason"])
        return self.browse([r["event_id"] for r in results])

    def write(self, vals):
        if self.env.context.get("order_tracking_raw"):
            return super().write(vals)
        if {"order_id", "status_id"}.intersection(vals) and any(
            (vals.get("order_id", e.order_id.id), vals.get("status_id", e.status_id.id))
            != (e.order_id.id, e.status_id.id) for e in self
        ):
            raise UserError(self.env._(
                "The order and status of an event are fixed: create another event instead."
            ))
        result = super().write(vals)
        if set(SOURCE_FIELDS).intersection(vals):
            self.order_id._apply_events()
        return result

    def _normalize_vals(self, vals):
        for name in DATE_FIELDS:
            if vals.get(name):
                vals[name] = fields.Date.to_date(vals[name])
        if vals.get("message_date"):
            vals["message_date"] = fields.Datetime.to_datetime(vals["message_date"])
        vals["source_system"] = (vals.get("source_system") or "manual").strip()
        return vals

    # Upsert -------------------------------------------------------------------------

    @api.model
    def _upsert(self, vals_list, ingestion=None):
        """Store events given as normalized values (``order_id`` and ``status_id`` ids,
        dates as ``date``), one verdict per entry, in order: ``accepted`` (created or
        changed), ``duplicate`` (nothing changed) or ``rejected`` with a reason.

        Runs with the caller's rights; orders are then brought up to date as superuser."""
        order_ids = list({vals["order_id"] for vals in vals_list})
        known = self.sudo().search([("order_id", "in", order_ids)])
        ext_ids = [vals["external_id"] for vals in vals_list if vals.get("external_id")]
        if ext_ids:
            known |= self.sudo().search([("external_id", "in", ext_ids)])
        by_key = {(e.order_id.id, e.status_id.id): e for e in known}
        by_ext = {(e.source_system, e.external_id): (e.order_id.id, e.status_id.id)
                  for e in known if e.external_id}
        pending, updates, results = self._upsert_plan(vals_list, by_key, by_ext)
        if pending:
            if ingestion:
                for vals in pending.values():
                    vals["ingestion_id"] = ingestion.id
            created = self._create_raw(list(pending.values()))
            for key, event in zip(pending, created, strict=True):
                by_key[key] = event
        for event, vals in updates.items():
            event.with_env(self.env).with_context(order_tracking_raw=True).write(vals)
        for result in results:
            if "key" in result:
                result["event_id"] = by_key[result.pop("key")].id
        touched = {key[0] for key in pending} | {event.order_id.id for event in updates}
        if touched:
            self.env["vehicle.order"].browse(sorted(touched))._apply_events()
        return results

    def _upsert_plan(self, vals_list, by_key, by_ext):
        """Decide, entry by entry, what to create and what to update (in memory)."""
        pending, updates, results = {}, {}, []
        for vals in vals_list:
            key = (vals["order_id"], vals["status_id"])
            ext = (vals["source_system"], vals["external_id"]) if vals.get("external_id") else None
            if ext and by_ext.get(ext, key) != key:
                results.append({"verdict": "rejected", "reason": self.env._(
                    "external id %(ext)s was already used for another order or status",
                    ext=vals["external_id"],
                )})
                continue
            if ext:
                by_ext[ext] = key
            results.append(self._upsert_one(key, vals, by_key, pending, updates))
        return pending, updates, results

    def _upsert_one(self, key, vals, by_key, pending, updates):
        event = by_key.get(key)
        if event is None and key not in pending:
            pending[key] = dict(vals)
            return {"verdict": "accepted", "key": key}
        current = pending.get(key) or {
            **{name: event[name] for name in SOURCE_FIELDS if name != "location_id"},
            "location_id": event.location_id.id,
            **updates.get(event, {}),
        }
        stale = (
            vals.get("message_date") and current.get("message_date")
            and vals["message_date"] < current["message_date"]
        )
        changes = {
            name: vals[name] for name in SOURCE_FIELDS
            if vals.get(name) and vals[name] != current.get(name)
        }
        if stale or not changes or set(changes) <= {"message_date", "external_id"}:
            return {"verdict": "duplicate", "key": key}
        if event is None:
            pending[key].update(changes)
        else:
            updates.setdefault(event, {}).update(changes)
        return {"verdict": "accepted", "key": key}

    def _create_raw(self, vals_list):
        """Insert new events; a unique violation means another transaction stored the
        same event meanwhile: the whole request is retried and sees it as a duplicate."""
        try:
            with self.env.cr.savepoint():
                return self.with_context(order_tracking_raw=True).create(vals_list)
        except UniqueViolation as error:
            raise ConcurrencyError(self.env._(
                "The same events are being stored by another request."
            )) from error

    # API parser ----------------------------------------------------------------------

    @api.model
    def _ingest(self, payload_events, source=None):
        """Validate and store a batch of events sent by a factory or logistics system.

        ``payload_events`` is the decoded JSON list; every entry gets a verdict (see
        README): valid events are stored even when others are rejected. The caller must
        hold create access on events (the integration group)."""
        self.check_access("create")
        started = datetime.now()
        lookups = self._ingest_lookups(payload_events)
        verdicts, parsed, positions = [], [], []
        for index, raw in enumerate(payload_events):
            try:
                parsed.append(self._parse_payload_event(raw, source, lookups))
                positions.append(index)
                verdicts.append(None)
            except EventRejected as rejection:
                verdicts.append({"verdict": "rejected", "reason": str(rejection)})
        ingestion = self.env["vehicle.order.ingestion"].sudo().create({
            "source_system": source or "api", "user_id": self.env.uid,
            "event_count": len(payload_events),
        })
        stored = self.sudo()._upsert(parsed, ingestion=ingestion) if parsed else []
        for index, result in zip(positions, stored, strict=True):
            verdicts[index] = result
        for index, verdict in enumerate(verdicts):
            verdict["index"] = index
            raw = payload_events[index]
            if isinstance(raw, dict) and isinstance(raw.get("external_id"), str):
                verdict["external_id"] = raw["external_id"][:TEXT_LIMITS["external_id"]]
        ingestion._record_results(verdicts, datetime.now() - started)
        return verdicts

    @api.model
    def _ingest_lookups(self, payload_events):
        refs = {raw.get("order") for raw in payload_events if isinstance(raw, dict)}
        refs = [r.strip() for r in refs if isinstance(r, str) and "\x00" not in r
                and len(r) <= TEXT_LIMITS["order"]]
        orders = self.env["vehicle.order"].sudo().with_context(active_test=False).search_read(
            [("name", "in", refs)], ["name"]
        ) if refs else []
        statuses = self.env["vehicle.order.status"].sudo().search_read([], ["code"])
        locations = self.env["vehicle.order.location"].sudo().search_read([], ["code"])
        return {
            "order": {o["name"]: o["id"] for o in orders},
            "status": {s["code"]: s["id"] for s in statuses},
            "location": {loc["code"]: loc["id"] for loc in locations},
        }

    @api.model
    def _parse_payload_event(self, raw, source, lookups):
        if not isinstance(raw, dict):
            raise EventRejected(self.env._("an event must be a JSON object"))
        unknown = sorted(str(k)[:40] for k in raw if k not in PAYLOAD_KEYS)
        if unknown:
            raise EventRejected(self.env._("unknown field: %(fields)s", fields=", ".join(unknown)))
        texts = {key: self._payload_text(raw, key) for key in TEXT_LIMITS}
        for key in ("order", "status"):
            if not texts[key]:
                raise EventRejected(self.env._("missing field: %(field)s", field=key))
        order_id = lookups["order"].get(texts["order"])
        if not order_id:
            raise EventRejected(self.env._("unknown order: %(ref)s", ref=texts["order"]))
        status_id = lookups["status"].get(texts["status"].upper())
        if not status_id:
            raise EventRejected(self.env._("unknown status code: %(code)s", code=texts["status"]))
        vals = {
            "order_id": order_id,
            "status_id": status_id,
            "source_system": texts["source"] or source or "api",
            "external_id": texts["external_id"] or False,
            "reason": texts["reason"] or False,
        }
        if texts["location"]:
            vals["location_id"] = lookups["location"].get(texts["location"].upper())
            if not vals["location_id"]:
                raise EventRejected(
                    self.env._("unknown location: %(code)s", code=texts["location"])
                )
        vals.update(self._parse_payload_dates(raw))
        if texts["sent_at"]:
            vals["message_date"] = self._payload_datetime(texts["sent_at"])
        return vals

    def _parse_payload_dates(self, raw):
        dates = {name: self._payload_date(raw, name) for name in DATE_FIELDS}
        if not any(dates.values()):
            raise EventRejected(self.env._(
                "missing field: give at least one of planned_date, expected_date, actual_date"
            ))
        if dates["actual_date"] and dates["actual_date"] > date.today() + timedelta(days=1):
            raise EventRejected(self.env._("bad date: actual_date is in the future"))
        return dates

    def _payload_text(self, raw, key):
        value = raw.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise EventRejected(self.env._("bad type: %(field)s must be a string", field=key))
        if "\x00" in value:
            raise EventRejected(self.env._("bad value: %(field)s contains a NUL byte", field=key))
        value = value.strip()
        if len(value) > TEXT_LIMITS[key]:
            raise EventRejected(self.env._(
                "bad value: %(field)s is longer than %(limit)s characters",
                field=key, limit=TEXT_LIMITS[key],
            ))
        return value

    def _payload_date(self, raw, name):
        value = raw.get(name)
        if value is None:
            return False
        if not isinstance(value, str) or not DATE_RE.match(value):
            raise EventRejected(self.env._(
                "bad date: %(field)s must be a date as YYYY-MM-DD", field=name
            ))
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise EventRejected(self.env._(
                "bad date: %(field)s is not a calendar date", field=name
            )) from None
        if not MIN_DATE <= parsed <= MAX_DATE:
            raise EventRejected(self.env._(
                "bad date: %(field)s must be between %(min)s and %(max)s",
                field=name, min=MIN_DATE, max=MAX_DATE,
            ))
        return parsed

    def _payload_datetime(self, value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise EventRejected(self.env._(
                "bad date: sent_at must be an ISO 8601 date and time"
            )) from None
        if parsed.tzinfo:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        if not MIN_DATE.year <= parsed.year <= MAX_DATE.year:
            raise EventRejected(self.env._("bad date: sent_at is out of range"))
        return parsed
