import json
import logging
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import SQL

from odoo.addons.dealer_profile.tools.bulk_mail import array_param

from ..tools.event_api import DATE_FIELDS, MAX_DATE, MIN_DATE, parse_events
from .vehicle_order_event import INSERT_COLUMNS, MODEL_TEXT_SPECS, SOURCE_FIELDS

_logger = logging.getLogger(__name__)

# Rejections kept per batch in the log: enough to diagnose a feed, bounded in size.
LOGGED_REJECTIONS = 50


class VehicleOrderIngestion(models.Model):
    """The ingestion log: one line per batch received from a source system."""

    _name = "vehicle.order.ingestion"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Event Ingestion Batch"
    _order = "id desc"

    source_system = fields.Char(required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    event_count = fields.Integer(string="Events", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    duplicate_count = fields.Integer(string="Duplicates", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True, aggregator="avg")
    rejection_log = fields.Text(string="Rejections", readonly=True)
    event_ids = fields.One2many("vehicle.order.event", "ingestion_id", readonly=True)

    def _record_results(self, verdicts, duration):
        self.ensure_one()
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for verdict in verdicts:
            counts[verdict["verdict"]] += 1
        rejections = [v for v in verdicts if v["verdict"] == "rejected"][:LOGGED_REJECTIONS]
        duration_ms = int(duration.total_seconds() * 1000)
        # One line per batch, whatever its size.
        _logger.info(
            "ingestion %s from %s: %s events, %s accepted, %s duplicate, %s rejected, %s ms",
            self.id, self.source_system, len(verdicts), counts["accepted"],
            counts["duplicate"], counts["rejected"], duration_ms,
        )
        self.write({
            "accepted_count": counts["accepted"],
            "duplicate_count": counts["duplicate"],
            "rejected_count": counts["rejected"],
            "duration_ms": duration_ms,
            "rejection_log": "\n".join(
                json.dumps({"index": v["index"], "reason": v["reason"]}) for v in rejections
            ) or False,
        })


class VehicleOrderEvent(models.Model):
    """How events are stored in bulk: a batch of the API (``_ingest``), a staff entry or
    an import (the event's ``create``) all go through the same set-based upsert.

    Set-based: a batch of hundreds of events costs a handful of queries whatever its size
    (one read of the events it may repeat, one INSERT, one UPDATE, one pass over the
    orders), not an ORM create or write per event."""

    _inherit = "vehicle.order.event"

    @api.model
    def _ingest(self, payload_events, source=None):
        """Validate and store a batch of events sent by a factory or logistics system.

        ``payload_events`` is the decoded JSON list (parsed by tools/event_api.py); every
        entry gets a verdict (see README): valid events are stored even when others are
        rejected. The caller must hold create access on events (the integration group);
        orders are found within the caller's markets only, and the batch speaks for the
        caller's event sources only (``res.users._check_order_event_sources_of_batch``:
        AccessError for another system's source, nothing stored)."""
        self.check_access("create")
        source = self.env.user._check_order_event_sources_of_batch(source, payload_events)
        started = datetime.now()
        entries, external_ids = parse_events(self.env, payload_events, source)
        parsed = [vals for vals, _verdict in entries if vals]
        ingestion = self.env["vehicle.order.ingestion"].sudo().create({
            "source_system": source, "user_id": self.env.uid,
            "event_count": len(payload_events),
        })
        stored = iter(self.sudo()._upsert(parsed, ingestion=ingestion) if parsed else [])
        verdicts = [verdict or next(stored) for _vals, verdict in entries]
        for index, (verdict, external_id) in enumerate(zip(verdicts, external_ids, strict=True)):
            verdict["index"] = index
            if external_id:
                verdict["external_id"] = external_id
        ingestion._record_results(verdicts, datetime.now() - started)
        return verdicts

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
            orders=array_param([key[0] for key in keys], "int4"),
            statuses=array_param([key[1] for key in keys], "int4"),
            sources=array_param([ext[0] for ext in exts], "varchar"),
            exts=array_param([ext[1] for ext in exts], "varchar"),
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
                SQL("%s::%s[]", array_param([vals.get(name) or None for vals in vals_list],
                                            INSERT_COLUMNS[name]),
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
            uid=self.env.uid, now=self.env.cr.now(), ids=array_param(list(updates), "int4"),
            arrays=SQL(", ").join(
                SQL("%s::%s[]", array_param([changes.get(name) for changes in updates.values()],
                                            INSERT_COLUMNS[name]),
                    SQL(INSERT_COLUMNS[name]))
                for name in names
            ),
            columns=SQL(", ").join(SQL.identifier(name) for name in names),
        ))
        events.invalidate_recordset([*names, "write_uid", "write_date"])
        events.modified(names)
