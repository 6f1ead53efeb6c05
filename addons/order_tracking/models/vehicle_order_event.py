from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.dealer_profile.models.dealer_code_mixin import normalize_code
from odoo.addons.dealer_profile.tools.portal_form import (
    JsonSpec,
    clean_json,
    clean_json_value,
    json_errors_text,
)

# Fields an event carries from its source, compared to decide accepted or duplicate.
SOURCE_FIELDS = (
    "planned_date", "expected_date", "actual_date", "reason", "location_id", "message_date",
    "external_id",
)
DATE_FIELDS = ("planned_date", "expected_date", "actual_date")
# Columns the upsert writes from the entries, with their SQL type.
INSERT_COLUMNS = {
    "order_id": "int4", "status_id": "int4", "source_system": "varchar",
    "external_id": "varchar", "planned_date": "date", "expected_date": "date",
    "actual_date": "date", "location_id": "int4", "message_date": "timestamp",
    "reason": "varchar",
}
UPSERT_FIELDS = frozenset(INSERT_COLUMNS)
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
# Texts of an event, the same rules whoever enters it.
MODEL_TEXT_SPECS = {
    "source_system": JsonSpec("source", max_length=TEXT_LIMITS["source"]),
    "external_id": JsonSpec("external_id", max_length=TEXT_LIMITS["external_id"]),
    "reason": JsonSpec("reason", max_length=TEXT_LIMITS["reason"]),
}
# The dates an API event may give an order, around its order date and today: an ETA of
# 2099 is a feed's error, not news for the customer.
ORDER_WINDOW_BEFORE = relativedelta(years=1)
ORDER_WINDOW_AFTER = relativedelta(years=3)
# Scope of the API keys of the event feed: such a key opens this API and nothing else.
API_KEY_SCOPE = "order_tracking.events"
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
    _inherit = ["dealer.workflow.mixin"]
    _order = "order_id, status_sequence, id"
    # An event is the report of one step of one order: both are fixed.
    _workflow_frozen_fields = ("order_id", "status_id")

    order_id = fields.Many2one("vehicle.order", required=True, ondelete="cascade", index=True)
    # The event's market is its order's: consistent by construction (no company check to
    # run per event on a batch of hundreds).
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
        if self._in_workflow_method():
            # Server code that built complete rows itself (the workflow's private token,
            # which no JSON-RPC context can forge): stored as given.
            return super().create(vals_list)
        # Staff entries and CSV imports follow the same rules as the API: one event per
        # order and status, updated in place.
        vals_list = [self._normalize_vals(self._add_missing_default_values(dict(vals)))
                     for vals in vals_list]
        if any(not vals.get("order_id") or not vals.get("status_id") for vals in vals_list):
            raise ValidationError(self.env._("An event needs an order and a status."))
        results = self._upsert(vals_list)
        rejected = [r for r in results if r["verdict"] == "rejected"]
        if rejected:
            raise ValidationError(rejected[0]["reason"])
        events = self.browse([r["event_id"] for r in results])
        # Values of fields the upsert does not handle (added by other modules) are
        # written through the ORM.
        for event, vals in zip(events, vals_list, strict=True):
            extra = {name: value for name, value in vals.items() if name not in UPSERT_FIELDS}
            if extra:
                # The workflow's token: the upsert stored and applied the event already
                # (a private object: a JSON-RPC context cannot forge it).
                event._workflow().write(extra)
        return events

    def write(self, vals):
        if self._in_workflow_method():
            return super().write(vals)
        self._check_workflow_write(vals)
        result = super().write(vals)
        if set(SOURCE_FIELDS).intersection(vals):
            self.order_id._apply_events(self._event_rows())
        return result

    def _workflow_frozen(self):
        return self

    def _workflow_frozen_message(self, record, names):
        return self.env._(
            "The order and status of an event are fixed: create another event instead."
        )

    def _normalize_vals(self, vals):
        for name in DATE_FIELDS:
            if vals.get(name):
                vals[name] = fields.Date.to_date(vals[name])
        if vals.get("message_date"):
            vals["message_date"] = fields.Datetime.to_datetime(vals["message_date"])
        vals["source_system"] = (vals.get("source_system") or "manual").strip()
        return vals

    def _event_rows(self):
        """The events as the rows the upsert works on (see ``_upsert_known``)."""
        return [{
            "id": event.id, "order_id": event.order_id.id, "status_id": event.status_id.id,
            "source_system": event.source_system,
            "location_id": event.location_id.id or None,
            **{name: event[name] or None for name in SOURCE_FIELDS if name != "location_id"},
        } for event in self]

    # Upsert -------------------------------------------------------------------------
    # Set-based: a batch of hundreds of events costs a handful of queries whatever its
    # size (one read of the events it may repeat, one INSERT, one UPDATE, one pass over
    # the orders), not an ORM create or write per event.

    @api.model
    def _upsert(self, vals_list, ingestion=None):
        """Store events given as normalized values (``order_id`` and ``status_id`` ids,
        dates as ``date``), one verdict per entry, in order: ``accepted`` (created or
        changed), ``duplicate`` (nothing changed) or ``rejected`` with a reason.

        Runs with the caller's rights; orders are then brought up to date as superuser."""
        # Texts that cannot be stored (a NUL, a lone surrogate) never reach a query.
        problems = [self._text_problem({name: vals.get(name) for name in MODEL_TEXT_SPECS})
                    for vals in vals_list]
        by_key = {(row["order_id"], row["status_id"]): row for row in self._upsert_known(
            [vals for vals, problem in zip(vals_list, problems, strict=True) if not problem]
        )}
        by_ext = {(row["source_system"], row["external_id"]): key
                  for key, row in by_key.items() if row["external_id"]}
        pending, updates, results = self._upsert_plan(vals_list, by_key, by_ext, problems)
        touched = []
        if pending:
            # In key order: concurrent batches then wait for each other instead of
            # deadlocking on the unique index.
            new_vals = [pending[key] for key in sorted(pending)]
            for key, event_id in self._insert_events(new_vals, ingestion).items():
                by_key[key] = {**dict.fromkeys(SOURCE_FIELDS), **pending[key], "id": event_id}
                touched.append(by_key[key])
        if updates:
            self._update_events(updates)
            for row in by_key.values():
                if row["id"] in updates:
                    row.update(updates[row["id"]])
                    touched.append(row)
        for result in results:
            if "key" in result:
                result["event_id"] = by_key[result.pop("key")]["id"]
        if touched:
            orders = self.env["vehicle.order"].browse(sorted({row["order_id"] for row in touched}))
            orders._apply_events(touched)
        return results

    @api.model
    def _upsert_known(self, vals_list):
        """The stored events the entries may repeat: same order and status, or same
        source system and external id; as dicts of the upsert's columns."""
        self.flush_model()
        keys = [(vals["order_id"], vals["status_id"]) for vals in vals_list]
        exts = [(vals["source_system"], vals["external_id"])
                for vals in vals_list if vals.get("external_id")]
        # Both lookups are joins on the unique indexes (order_id, status_id) and
        # (source_system, external_id): a few hundred index probes, whatever the table size.
        return self.env.execute_query_dict(SQL(
            """SELECT e.id, e.order_id, e.status_id, e.source_system, %(columns)s
                 FROM vehicle_order_event e
                 JOIN unnest(%(orders)s::int4[], %(statuses)s::int4[]) AS k(order_id, status_id)
                   ON e.order_id = k.order_id AND e.status_id = k.status_id
                UNION
               SELECT e.id, e.order_id, e.status_id, e.source_system, %(columns)s
                 FROM vehicle_order_event e
                 JOIN unnest(%(sources)s::varchar[], %(exts)s::varchar[]) AS x(source, ext)
                   ON e.source_system = x.source AND e.external_id = x.ext""",
            columns=SQL(", ").join(SQL.identifier("e", name) for name in SOURCE_FIELDS),
            orders=[key[0] for key in keys], statuses=[key[1] for key in keys],
            sources=[ext[0] for ext in exts], exts=[ext[1] for ext in exts],
        ))

    def _upsert_plan(self, vals_list, by_key, by_ext, problems):
        """Decide, entry by entry, what to create and what to update (in memory)."""
        pending, updates, results = {}, {}, []
        for vals, problem in zip(vals_list, problems, strict=True):
            if problem:
                results.append({"verdict": "rejected", "reason": problem})
                continue
            key = (vals["order_id"], vals["status_id"])
            ext = (vals["source_system"], vals["external_id"]) if vals.get("external_id") else None
            if ext and by_ext.get(ext, key) != key:
                results.append({"verdict": "rejected", "reason": self.env._(
                    "external id %(ext)s was already used for another order or status",
                    ext=vals["external_id"],
                )})
                continue
            out_of_range = next((name for name in DATE_FIELDS if vals.get(name)
                                 and not MIN_DATE <= vals[name] <= MAX_DATE), None)
            if out_of_range:
                results.append({"verdict": "rejected", "reason": self.env._(
                    "bad date: %(field)s must be between %(min)s and %(max)s",
                    field=out_of_range, min=MIN_DATE, max=MAX_DATE,
                )})
                continue
            if ext:
                by_ext[ext] = key
            results.append(self._upsert_one(key, vals, by_key, pending, updates))
        return pending, updates, results

    def _upsert_one(self, key, vals, by_key, pending, updates):
        row = by_key.get(key)
        if row is None and key not in pending:
            pending[key] = dict(vals)
            return {"verdict": "accepted", "key": key}
        current = pending.get(key) or {**row, **updates.get(row["id"], {})}
        stale = (
            vals.get("message_date") and current.get("message_date")
            and vals["message_date"] < current["message_date"]
        )
        changes = {
            name: vals[name] for name in SOURCE_FIELDS
            if vals.get(name) and vals[name] != current.get(name)
        }
        if current.get("source_system") != vals["source_system"]:
            # External ids are unique per source system, and the event keeps its own
            # source: another system's id would be filed under it (and may clash).
            changes.pop("external_id", None)
        if stale or not changes or set(changes) <= {"message_date", "external_id"}:
            return {"verdict": "duplicate", "key": key}
        if row is None:
            pending[key].update(changes)
        else:
            updates.setdefault(row["id"], {}).update(changes)
        return {"verdict": "accepted", "key": key}

    def _insert_events(self, vals_list, ingestion=None):
        """Insert new events in one statement; returns {(order_id, status_id): id}.

        Another transaction may store the same event meanwhile: PostgreSQL then makes this
        INSERT wait for it and, once it committed, fails with a serialization error (the
        ``ON CONFLICT`` clause under Odoo's REPEATABLE READ): the whole request is retried
        and sees the event as a duplicate. A conflict skipped silently (a cursor in
        another isolation level) is turned into the same retry."""
        self.check_access("create")
        self.env["vehicle.order"].flush_model(["company_id"])
        now = self.env.cr.now()
        columns = [name for name in INSERT_COLUMNS
                   if any(vals.get(name) for vals in vals_list)]
        query = SQL(
            """INSERT INTO vehicle_order_event (%(columns)s, company_id, status_sequence,
                       ingestion_id, create_uid, create_date, write_uid, write_date)
               SELECT %(values)s, o.company_id, s.sequence, %(ingestion)s, %(uid)s, %(now)s,
                      %(uid)s, %(now)s
                 FROM unnest(%(arrays)s) AS v(%(columns)s)
                 LEFT JOIN vehicle_order o ON o.id = v.order_id
                 LEFT JOIN vehicle_order_status s ON s.id = v.status_id
                   ON CONFLICT DO NOTHING
            RETURNING id, order_id, status_id""",
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            values=SQL(", ").join(SQL.identifier("v", name) for name in columns),
            arrays=SQL(", ").join(
                SQL("%s::%s[]", [vals.get(name) or None for vals in vals_list],
                    SQL(INSERT_COLUMNS[name]))
                for name in columns
            ),
            ingestion=ingestion.id if ingestion else None, uid=self.env.uid, now=now,
        )
        # A concurrent batch is an expected outcome (retried, logged once by Odoo): not a
        # "bad query" to log with its hundreds of values.
        self.env.cr.execute(query, log_exceptions=False)
        rows = self.env.cr.fetchall()
        if len(rows) < len(vals_list):
            raise ConcurrencyError(self.env._(
                "The same events are being stored by another request."
            ))
        events = self.browse([row[0] for row in rows])
        events.check_access("create")
        self.env["vehicle.order"].invalidate_model(["event_ids", "event_count"])
        self.env["vehicle.order.ingestion"].invalidate_model(["event_ids"])
        # The INSERT filled the related company and sequence: nothing to recompute there.
        filled = [self._fields["company_id"], self._fields["status_sequence"]]
        with self.env.protecting(filled, events):
            events.modified(columns, create=True)
        return {(order_id, status_id): event_id for event_id, order_id, status_id in rows}

    def _update_events(self, updates):
        """Apply ``{event_id: changes}`` in one statement. Changes never clear a value
        (only given values count), so a missing one keeps the stored value."""
        events = self.browse(list(updates))
        events.check_access("write")
        events.flush_recordset()
        names = sorted({name for changes in updates.values() for name in changes})
        self.env.execute_query(SQL(
            """UPDATE vehicle_order_event e
                  SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                 FROM unnest(%(ids)s::int4[], %(arrays)s) AS v(id, %(columns)s)
                WHERE e.id = v.id""",
            assignments=SQL(", ").join(
                SQL("%s = COALESCE(%s, %s)", SQL.identifier(name), SQL.identifier("v", name),
                    SQL.identifier("e", name))
                for name in names
            ),
            uid=self.env.uid, now=self.env.cr.now(), ids=list(updates),
            arrays=SQL(", ").join(
                SQL("%s::%s[]", [changes.get(name) for changes in updates.values()],
                    SQL(INSERT_COLUMNS[name]))
                for name in names
            ),
            columns=SQL(", ").join(SQL.identifier(name) for name in names),
        ))
        events.invalidate_recordset([*names, "write_uid", "write_date"])
        events.modified(names)

    # API parser ----------------------------------------------------------------------
    # One input layer for the suite (dealer_profile/tools/portal_form.py): the JSON specs
    # clean every value of an event; what is left here is what only events know (orders
    # of the key's markets, codes of the catalogue, the dates an order can have).

    @api.model
    def _ingest(self, payload_events, source=None):
        """Validate and store a batch of events sent by a factory or logistics system.

        ``payload_events`` is the decoded JSON list; every entry gets a verdict (see
        README): valid events are stored even when others are rejected. The caller must
        hold create access on events (the integration group); orders are found within
        the caller's markets only."""
        self.check_access("create")
        started = datetime.now()
        cleaned = [self._clean_payload_event(raw) for raw in payload_events]
        lookups = self._ingest_lookups(
            {values["order"] for values in cleaned if isinstance(values, dict)}
        )
        verdicts, parsed, positions = [], [], []
        for index, values in enumerate(cleaned):
            try:
                if isinstance(values, EventRejected):
                    raise values
                parsed.append(self._resolve_payload_event(values, source, lookups))
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
            values = cleaned[index]
            if isinstance(values, dict) and values["external_id"]:
                verdict["external_id"] = values["external_id"]
        ingestion._record_results(verdicts, datetime.now() - started)
        return verdicts

    @api.model
    def _clean_payload_event(self, raw):
        """The event's values cleaned by the suite's JSON parser, or the EventRejected
        saying what is wrong with it."""
        if not isinstance(raw, dict):
            return EventRejected(self.env._("an event must be a JSON object"))
        values, errors = clean_json(self.env, raw, EVENT_SPECS)
        if errors:
            return EventRejected(json_errors_text(errors))
        if not any(values[name] for name in DATE_FIELDS):
            return EventRejected(self.env._(
                "missing field: give at least one of planned_date, expected_date, actual_date"
            ))
        if values["actual_date"] and values["actual_date"] > date.today() + timedelta(days=1):
            return EventRejected(self.env._("bad date: actual_date is in the future"))
        return values

    @api.model
    def _ingest_lookups(self, refs):
        """Orders by reference among those the caller's market rules let it see (a
        region stands for the markets below it), and the catalogue's codes. As superuser
        with the caller's rule domain: an integration has no access to orders."""
        order_domain = Domain("name", "in", list(refs)) & self.env["ir.rule"]._compute_domain(
            "vehicle.order", "read"
        )
        orders = self.env["vehicle.order"].sudo().with_context(active_test=False).search_read(
            order_domain, ["name", "order_date"]
        ) if refs else []
        statuses = self.env["vehicle.order.status"].sudo().search_read([], ["code"])
        locations = self.env["vehicle.order.location"].sudo().search_read([], ["code"])
        return {
            "order": {o["name"]: (o["id"], o["order_date"]) for o in orders},
            "status": {s["code"]: s["id"] for s in statuses},
            "location": {loc["code"]: loc["id"] for loc in locations},
        }

    @api.model
    def _resolve_payload_event(self, values, source, lookups):
        order_id, order_date = lookups["order"].get(values["order"], (None, None))
        if not order_id:
            # Also for an order of another market: the feed learns nothing about it.
            raise EventRejected(self.env._("unknown order: %(ref)s", ref=values["order"]))
        status_id = lookups["status"].get(normalize_code(values["status"]))
        if not status_id:
            raise EventRejected(
                self.env._("unknown status code: %(code)s", code=values["status"])
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
                    self.env._("unknown location: %(code)s", code=values["location"])
                )
        today = fields.Date.context_today(self)
        first = min(order_date, today) - ORDER_WINDOW_BEFORE
        last = max(order_date, today) + ORDER_WINDOW_AFTER
        for name in DATE_FIELDS:
            if values[name] and not first <= values[name] <= last:
                # An ETA of 2099 would become the customer's ETA: refused, not stored.
                raise EventRejected(self.env._(
                    "bad date: %(field)s %(date)s is outside the dates this order can have "
                    "(%(first)s to %(last)s: from a year before its order date or today, "
                    "whichever is earlier, to three years after the later)",
                    field=name, date=values[name], first=first, last=last,
                ))
            vals[name] = values[name] or False
        return vals

    # Text checks of every event (API, backend, import) ----------------------------

    @api.constrains(*MODEL_TEXT_SPECS)
    def _check_texts(self):
        for event in self:
            problem = self._text_problem(event)
            if problem:
                raise ValidationError(problem)

    @api.model
    def _text_problem(self, vals):
        """What is wrong with the texts of an event (values or record), or None: the
        API's rules, so that an event typed in the backend is held to them too."""
        for name, spec in MODEL_TEXT_SPECS.items():
            value = vals[name]
            if value:
                try:
                    clean_json_value(self.env, spec, value)
                except UserError as error:
                    return error.args[0]
        return None
