from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dealer_profile.tools.portal_form import JsonSpec, clean_json_value

from ..tools.event_api import DATE_FIELDS, MAX_DATE, MIN_DATE, TEXT_LIMITS

# Fields an event carries from its source, compared to decide accepted or duplicate.
SOURCE_FIELDS = (
    "planned_date", "expected_date", "actual_date", "reason", "location_id", "message_date",
    "external_id",
)
# Columns the upsert writes from the entries, with their SQL type.
INSERT_COLUMNS = {
    "order_id": "int4", "status_id": "int4", "source_system": "varchar",
    "external_id": "varchar", "planned_date": "date", "expected_date": "date",
    "actual_date": "date", "location_id": "int4", "message_date": "timestamp",
    "reason": "varchar",
}
UPSERT_FIELDS = frozenset(INSERT_COLUMNS)
# Texts of an event, the same rules whoever enters it.
MODEL_TEXT_SPECS = {
    "source_system": JsonSpec("source", max_length=TEXT_LIMITS["source"]),
    "external_id": JsonSpec("external_id", max_length=TEXT_LIMITS["external_id"]),
    "reason": JsonSpec("reason", max_length=TEXT_LIMITS["reason"]),
}


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
    # The API batch that stored it (the ingestion log), set by the upsert only.
    _server_only_fields = ("ingestion_id",)

    # Not indexed on its own: the unique index on (order_id, status_id) serves the lookups
    # by order, and every event a feed stores or changes would update a second one.
    order_id = fields.Many2one("vehicle.order", required=True, ondelete="cascade")
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
    # Not indexed on its own: a handful of systems (an index would not be used to find
    # one), and the unique index on (source_system, external_id) leads with it.
    source_system = fields.Char(
        required=True, default="manual",
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
        # The upsert stores the rows without super().create: the server fields' check of
        # create (computed and server-only fields, their default_ keys) is made here.
        vals_list = [dict(vals) for vals in vals_list]
        self._check_server_create(vals_list)
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
