from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow
from odoo.addons.dealer_profile.tools.bulk_mail import (
    array_param,
    insert_tracking_values,
    log_notes,
)
from odoo.addons.dealer_profile.tools.vin import (
    normalize_vin,
    vin_check_digit,
    vin_problem,
    vin_problem_text,
)

from .vehicle_order_location import web_url
from .vehicle_order_status import PHASES
from .vehicle_order_task import BOOKING_HORIZON_DAYS, TASK_KINDS

ORDER_STATES = [
    ("open", "In Progress"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# Set by the event logic only (as superuser); nobody writes them by hand or over RPC.
EVENT_FIELDS = frozenset({
    "status_id", "status_date", "customer_status_id", "eta_date", "delivery_date",
    "current_location_id", "notified_status_id", "notified_eta_date", "portal_seen_eta_date",
    "task_reminder_date",
})
# Where the car is on its way and when it is expected, written by the event logic for a
# whole batch at once (``_write_positions``).
POSITION_FIELDS = (
    "status_id", "status_date", "customer_status_id", "current_location_id", "eta_date",
)
# Percent of each page of the orders' table filled by new orders (see ``init``).
ORDER_FILLFACTOR = 80
USER = "order_tracking.group_order_tracking_user"
# Staff cancel and reopen orders; only the handover event delivers one (server code).
STATE_TRANSITIONS = {
    False: {"open": Allow()},
    "open": {
        "cancelled": Allow(USER, button="cancel"), "delivered": Allow(check="_workflow_nobody"),
    },
    "cancelled": {
        "open": Allow(USER, button="reopen"), "delivered": Allow(check="_workflow_nobody"),
    },
}


class VehicleOrder(models.Model):
    _name = "vehicle.order"
    _description = "Vehicle Order"
    _inherit = [
        "portal.mixin", "mail.thread", "mail.activity.mixin", "vehicle.order.portal.mixin",
        "dealer.workflow.mixin",
    ]
    _order = "order_date desc, id desc"
    _check_company_auto = True
    # Status, customer step, ETA, delivery and location follow the events: only the
    # event logic (running as superuser) writes them.
    _workflow_fields = tuple(sorted(EVENT_FIELDS))
    # Set by the reminder cron, reset when the appointment moves: a client marking it
    # sent would keep the customer from being reminded.
    _server_only_fields = ("handover_reminder_sent",)
    _workflow_state_field = "state"
    _workflow_transitions = STATE_TRANSITIONS
    _rec_names_search = ["name", "commission_number", "vin", "partner_id"]

    # No trigram index: factory systems look orders up by exact reference (the unique
    # constraint's btree), and PostgreSQL may pick a trigram index for an equality lookup
    # too, scanning its whole pending list after a burst of new orders.
    name = fields.Char(
        string="Order Reference", required=True, copy=False,
        default=lambda self: self.env._("New"), tracking=True,
    )
    # Customers are mostly company-less (every market's): check_company refuses only a
    # customer kept by another market (its company neither the order's nor above it),
    # for every writer, one holding both markets too.
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True,
        string="Customer Entity",
    )
    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, index=True, tracking=True,
        check_company=True,
    )
    # The customer's key to the order: staff and dealers never read it (JSON-RPC
    # included); core's links and mails get it in sudo (dealer_profile's portal.mixin).
    access_token = fields.Char(groups="base.group_system")
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, index=True,
        compute="_compute_company_id", store=True, readonly=False, precompute=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", tracking=True, domain="[('share', '=', False)]",
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    vehicle_model = fields.Char(string="Model", required=True, tracking=True)
    configuration = fields.Text(
        string="Configuration Summary", help="Trim, colour, options, as the customer ordered."
    )
    order_date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    commission_number = fields.Char(copy=False, index=True, tracking=True)
    # Indexed by its unique constraint only: a second index would be updated with every
    # order a feed moves.
    vin = fields.Char(string="VIN", copy=False, tracking=True)
    state = fields.Selection(
        ORDER_STATES, required=True, default="open", copy=False, tracking=True, index=True
    )
    # Status, phase and customer update due are not indexed: every event batch changes
    # them on hundreds of orders, and a change of an indexed column makes PostgreSQL write
    # a new entry in each of the table's indexes (no HOT update); 15 statuses and 4 phases
    # select too many orders for an index to help, the notification job reads the due
    # orders by order date. See ``init`` and tests/README.md (benchmark at scale).
    status_id = fields.Many2one(
        "vehicle.order.status", readonly=True, copy=False,
        groups="base.group_user",
        help="The furthest step with an actual date; a late event never moves it back.",
    )
    status_date = fields.Date(
        string="Status Since", readonly=True, copy=False, groups="base.group_user"
    )
    phase = fields.Selection(
        PHASES, compute="_compute_phase", store=True, group_expand=True,
    )
    customer_status_id = fields.Many2one(
        "vehicle.order.status", string="Customer Step", readonly=True, copy=False,
        help="The furthest customer-visible step reached: what the customer reads.",
    )
    eta_date = fields.Date(
        string="Expected Delivery", readonly=True, copy=False,
        help="Follows the latest expected date of the handover step sent by the factory.",
    )
    # Each move is kept in the ETA history (with its source and reason), not tracked in
    # the chatter as well: a batch moves the ETA of hundreds of orders at once.
    eta_change_ids = fields.One2many(
        "vehicle.order.eta.change", "order_id", string="ETA History", readonly=True,
    )
    eta_reason = fields.Char(
        string="ETA Reason", compute="_compute_eta_reason", store=True,
        help="Why the expected delivery date last moved. A later move whose message "
        "gives no reason keeps it: the customer is still told why.",
    )
    planned_handover_date = fields.Date(tracking=True)
    delay_days = fields.Integer(
        compute="_compute_delay", store=True, aggregator="avg",
        help="Days between the expected delivery and the planned handover (positive: late).",
    )
    is_delayed = fields.Boolean(string="Delayed", compute="_compute_delay", store=True)
    handover_datetime = fields.Datetime(string="Handover Appointment", tracking=True, copy=False)
    delivery_date = fields.Date(readonly=True, copy=False)
    current_location_id = fields.Many2one(
        "vehicle.order.location", readonly=True, copy=False,
    )
    notify_opt_out = fields.Boolean(
        string="No Email Updates",
        help="The customer asked not to receive emails about this order.",
    )
    event_ids = fields.One2many(
        "vehicle.order.event", "order_id", string="Events", groups="base.group_user"
    )
    event_count = fields.Integer(compute="_compute_event_count", groups="base.group_user")
    # Bookkeeping of what the customer was last told or shown.
    notified_status_id = fields.Many2one("vehicle.order.status", readonly=True, copy=False)
    notified_eta_date = fields.Date(readonly=True, copy=False)
    portal_seen_eta_date = fields.Date(readonly=True, copy=False)
    customer_update_due = fields.Boolean(
        compute="_compute_customer_update_due", store=True,
        help="The customer has not been told yet about a new step or an ETA move.",
    )
    video_url = fields.Char(
        string="Video Link", help="A film the brand offers the customer (e.g. the making of "
        "their model), shown on the portal."
    )
    color = fields.Integer()
    can_cancel = fields.Boolean(compute="_compute_workflow_can")
    can_reopen = fields.Boolean(compute="_compute_workflow_can")
    # Before handover: the customer's to-dos and the booked handover.
    task_ids = fields.One2many("vehicle.order.task", "order_id", string="Customer To-Dos")
    open_task_count = fields.Integer(compute="_compute_open_task_count", store=True)
    is_blocked = fields.Boolean(
        string="Blocked by Customer", compute="_compute_is_blocked", store=True,
        help="The car is in its delivery phase but the customer still has open to-dos.",
    )
    task_reminder_date = fields.Date(readonly=True, copy=False)
    handover_reminder_sent = fields.Boolean(
        readonly=True, copy=False,
        help="The customer was reminded of the booked handover the day before.",
    )
    # Our forecast from the lead times learned by vehicle.order.lead.time.
    forecast_date = fields.Date(
        string="Our Forecast", compute="_compute_forecast",
        help="Median of the lead times learned from delivered orders, from the current step.",
    )
    forecast_late_date = fields.Date(string="Forecast (90%)", compute="_compute_forecast")

    _name_uniq = models.Constraint(
        "UNIQUE(name)",
        "This order reference already exists: factory systems address orders by it.",
    )
    _vin_uniq = models.Constraint("UNIQUE(vin)", "Another order already has this VIN.")

    def init(self):
        # Room on each page for the new version of an order a batch of events moves:
        # PostgreSQL then updates it in place (HOT), without an entry in every index.
        self.env.cr.execute(SQL("ALTER TABLE %s SET (fillfactor = %s)",
                                SQL.identifier(self._table), ORDER_FILLFACTOR))

    # Computes --------------------------------------------------------------

    @api.depends("outlet_id")
    def _compute_company_id(self):
        for order in self:
            if order.outlet_id:
                order.company_id = order.outlet_id.company_id
            elif not order.company_id:
                order.company_id = self.env.company

    @api.depends("customer_status_id.phase", "state")
    def _compute_phase(self):
        # Computed from the customer step so that the phase never reveals an internal one.
        for order in self:
            order.phase = order.customer_status_id.phase or "order"

    @api.depends("eta_change_ids.reason")
    def _compute_eta_reason(self):
        for order in self:
            given = order.eta_change_ids.filtered("reason")
            order.eta_reason = given.sorted(lambda c: (c.changed_at, c.id))[-1:].reason or False

    @api.depends("eta_date", "planned_handover_date", "state")
    def _compute_delay(self):
        for order in self:
            if order.eta_date and order.planned_handover_date:
                order.delay_days = (order.eta_date - order.planned_handover_date).days
            else:
                order.delay_days = 0
            order.is_delayed = order.state == "open" and order.delay_days > 0

    @api.depends(
        "customer_status_id", "notified_status_id", "eta_date", "notified_eta_date",
        "notify_opt_out", "state", "company_id.order_eta_notify_days",
    )
    def _compute_customer_update_due(self):
        for order in self:
            order.customer_update_due = (
                not order.notify_opt_out and order.state != "cancelled"
                and (
                    order._step_update_due() or order._eta_move_due()
                    or bool(order.eta_date and not order.notified_eta_date)
                )
            )

    def _step_update_due(self):
        return bool(self.customer_status_id) and self.customer_status_id != self.notified_status_id

    def _eta_move_due(self):
        """The ETA moved by more than the market's threshold since the customer was told."""
        return bool(
            self.eta_date and self.notified_eta_date
            and abs((self.eta_date - self.notified_eta_date).days)
            > self.company_id.order_eta_notify_days
        )

    def _compute_event_count(self):
        counts = dict(self.env["vehicle.order.event"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"],
        ))
        for order in self:
            order.event_count = counts.get(order, 0)

    @api.depends("task_ids.state")
    def _compute_open_task_count(self):
        for order in self:
            order.open_task_count = len(order.task_ids.filtered(lambda t: t.state == "todo"))

    # Apart from the count: a batch of events changes the phase of hundreds of orders,
    # which must not read their to-dos again.
    @api.depends("open_task_count", "phase", "state")
    def _compute_is_blocked(self):
        for order in self:
            order.is_blocked = (
                order.state == "open" and order.phase == "delivery" and order.open_task_count > 0
            )

    def _compute_forecast(self):
        LeadTime = self.env["vehicle.order.lead.time"]
        for order in self:
            forecast = LeadTime._forecast(order) if order.id else None
            order.forecast_date = forecast[0] if forecast else False
            order.forecast_late_date = forecast[1] if forecast else False

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/orders/{order.id}"
        return result

    @api.depends("name", "vehicle_model")
    def _compute_display_name(self):
        for order in self:
            order.display_name = (
                f"{order.name} ({order.vehicle_model})" if order.vehicle_model else order.name
            )

    # Constraints -------------------------------------------------------------

    @api.constrains("vin", "company_id")
    def _check_vin(self):
        for order in self.filtered("vin"):
            problem = vin_problem(order.vin, order.company_id.vin_check_digit_required)
            if problem == "check_digit":
                raise ValidationError(self.env._(
                    "VIN %(vin)s of order %(order)s: the check digit (9th character) "
                    "should be %(digit)s; %(market)s requires a valid check digit.",
                    vin=order.vin, order=order.name, digit=vin_check_digit(order.vin),
                    market=order.company_id.name,
                ))
            if problem:
                raise ValidationError(self.env._(
                    "VIN %(vin)s of order %(order)s is not valid: %(why)s",
                    vin=order.vin, order=order.name,
                    why=vin_problem_text(self.env, order.vin, problem),
                ))

    @api.constrains("order_date", "planned_handover_date")
    def _check_dates(self):
        for order in self:
            if (order.planned_handover_date and order.order_date
                    and order.planned_handover_date < order.order_date):
                raise ValidationError(self.env._(
                    "Order %(order)s: the planned handover cannot be before the order date.",
                    order=order.name,
                ))

    @api.constrains("video_url")
    def _check_video_url(self):
        for order in self.filtered("video_url"):
            if not web_url(order.video_url):
                raise ValidationError(self.env._(
                    "The video link of order %(order)s must be a web address starting with "
                    "https:// or http://.", order=order.name,
                ))

    # CRUD ------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        # Another market's contact would read the order on its portal (the portal rule
        # is by customer), and the order desk that contact's details.
        self._check_links_readable(vals_list, ["partner_id"], create=True)
        for vals in vals_list:
            if vals.get("vin"):
                vals["vin"] = normalize_vin(vals["vin"])
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("vehicle.order") or "/"
        orders = super().create(vals_list)
        orders._create_default_tasks()
        return orders

    def write(self, vals):
        self._check_workflow_write(vals)
        self._check_links_readable([vals], ["partner_id"])
        records = self._server_values_open([vals], ["handover_reminder_sent"])
        if vals.get("vin"):
            vals["vin"] = normalize_vin(vals["vin"])
        if "handover_datetime" in vals:
            # A moved appointment gets its own reminder.
            vals["handover_reminder_sent"] = False
        result = super(VehicleOrder, records).write(vals)
        # Record rules judged the order in its old market; the new one must be the writer's.
        self._check_company_move(vals, ("outlet_id", "company_id"))
        return result

    def _workflow_fields_message(self, names):
        return self.env._(
            "%(fields)s follow the factory's events: send or import an event instead "
            "of editing them.",
            fields=self._workflow_field_labels(names),
        )

    def _workflow_unlink_locked(self):
        """Orders the factory reported on: their history stays (cancel them)."""
        groups = self.env["vehicle.order.event"].sudo()._read_group(
            [("order_id", "in", self.ids)], ["order_id"]
        )
        return self.browse([order.id for (order,) in groups])

    def _workflow_unlink_message(self, record):
        return self.env._("Orders with factory events cannot be deleted: cancel them instead.")

    # Actions ------------------------------------------------------------------------

    def action_cancel(self):
        self._check_workflow_button("cancel")
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self._check_workflow_button("reopen")
        self.write({"state": "open"})

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.vehicle_order_event_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # Customer emails ------------------------------------------------------------------

    @api.model
    def _cron_notify_customers(self, limit=500):
        """Email customers whose car reached a customer-visible step, or whose ETA moved by
        more than the market's threshold since the date they were last told."""
        step_template = self.env.ref("order_tracking.mail_template_step_reached")
        eta_template = self.env.ref("order_tracking.mail_template_eta_moved")
        orders = self.search([("customer_update_due", "=", True)], limit=limit)
        step_due, eta_due, told = self.browse(), self.browse(), []
        for order in orders:
            vals = {"notified_status_id": order.customer_status_id.id}
            if order._step_update_due():
                # The step email gives the current ETA too.
                step_due |= order
                vals["notified_eta_date"] = order.eta_date
            elif order._eta_move_due():
                eta_due |= order
                vals["notified_eta_date"] = order.eta_date
            elif not order.notified_eta_date:
                vals["notified_eta_date"] = order.eta_date
            told.append((order, vals))
        # Rendered before the orders keep what they tell: the ETA email says the date the
        # customer was told before ("moved from 29 January to 29 January" otherwise).
        step_due._message_post_customer_mail(step_template)
        eta_due._message_post_customer_mail(eta_template)
        for order, vals in told:
            order.sudo().write(vals)
        if len(orders) == limit:
            self.env.ref("order_tracking.ir_cron_notify_customers")._trigger()

    # Event logic ----------------------------------------------------------------------

    def _apply_events(self, events):
        """Bring status, customer step, location, ETA and delivery in line with ``events``,
        the events of these orders just stored or changed (rows as built by the event
        upsert), in one pass over the orders.

        The status is the furthest step (by sequence) with an actual date and never moves
        back, so the current status and the new events are enough to find it; the ETA is
        the expected date of the handover step (its actual date once the car is
        delivered). Each ETA change is written to the history with the source system and
        reason of the event that carried it. Customers are told later, by the
        notification job (``customer_update_due``)."""
        orders = self.sudo()
        steps = self.env["vehicle.order.status"]._steps()
        events_by_order = defaultdict(list)
        for event in events:
            events_by_order[event["order_id"]].append(event)
        orders.fetch([*POSITION_FIELDS, "state", "eta_reason"])
        positions, deliveries, history = {}, defaultdict(list), []
        for order in orders:
            order_events = events_by_order[order.id]
            handover = next(
                (e for e in order_events if steps[e["status_id"]].is_handover), None
            )
            position = order._position_values(order_events, steps, handover)
            if not position:
                continue
            positions[order.id] = position
            if position["eta_date"] != (order.eta_date or None):
                history.append({
                    "order_id": order.id,
                    "old_date": order.eta_date or None,
                    "new_date": position["eta_date"],
                    "source": handover["source_system"],
                    # A move without a reason of its own keeps the last one given.
                    "reason": handover["reason"] or order.eta_reason or False,
                    "event_id": handover["id"],
                })
            if handover and handover["actual_date"] and order.state != "delivered":
                deliveries[handover["actual_date"]].append(order.id)
        if positions:
            orders._write_positions(positions)
        if history:
            orders._add_eta_history(history)
        if deliveries:
            orders._mark_delivered(deliveries)

    def _mark_delivered(self, deliveries):
        """Mark orders delivered, ``{delivery date: order ids}``. Other modules act on
        the delivery (write overrides): it goes through the ORM, orders delivered the
        same day together. The change of state is tracked in the chatter as core's
        tracking would (a note with its tracking value), logged for the whole batch at
        once instead of a message created per order at commit; an order already
        written through the ORM in this transaction keeps core's tracking, and one
        created in it is not tracked (core's marker: None)."""
        prepared = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        logged = self.browse([order_id for order_ids in deliveries.values()
                              for order_id in order_ids if order_id not in prepared])
        old_states = {order.id: order.state for order in logged}
        for delivery_date, order_ids in deliveries.items():
            batch = self.browse(order_ids)
            vals = {"state": "delivered", "delivery_date": delivery_date}
            (batch - logged).write(vals)
            (batch & logged).with_context(mail_notrack=True).write(vals)
        logged._log_state_tracking(old_states)

    def _log_state_tracking(self, old_states):
        """The tracking notes of a change of ``state`` (``{order id: old state}``),
        what mail.thread's ``_message_track`` logs per record at commit (no subtype: a
        note with the tracking value), in one insert of the notes and one of their
        values (dealer_profile/tools/bulk_mail.py)."""
        if not self:
            return
        col_info = self.fields_get(["state"], attributes=("string", "type", "selection"))
        Tracking = self.env["mail.tracking.value"].sudo()
        messages = log_notes(self.sudo(), {
            order.id: order._track_get_default_log_message(["state"]) for order in self
        })
        values = {}
        vals_list = []
        for order in self:
            key = (old_states[order.id], "delivered")
            if key not in values:
                values[key] = Tracking._create_tracking_values(*key, "state", col_info["state"],
                                                               order)
            vals_list.append(dict(values[key], mail_message_id=messages[order.id]))
        insert_tracking_values(self.env, vals_list)

    def _position_values(self, events, steps, handover):
        """Status, its date, customer step, location and ETA after ``events``: the values
        of POSITION_FIELDS, or an empty dict when none of them changes."""
        self.ensure_one()
        current = (self.status_id.id or None, self.status_date or None,
                   self.customer_status_id.id or None, self.current_location_id.id or None,
                   self.eta_date or None)
        status_id, status_date, customer_status_id, location_id, eta_date = current

        def rank(event):
            return steps[event["status_id"]].sequence, event["status_id"]

        reached = [e for e in events if e["actual_date"]]
        furthest = max(reached, key=rank, default=None)
        if furthest and (
            not status_id or rank(furthest)[0] > steps[status_id].sequence
        ):
            status_id, status_date = furthest["status_id"], furthest["actual_date"]
        furthest_visible = max(
            (e for e in reached if steps[e["status_id"]].customer_visible), key=rank,
            default=None,
        )
        if furthest_visible and (
            not customer_status_id
            or rank(furthest_visible)[0] >= steps[customer_status_id].sequence
        ):
            customer_status_id = furthest_visible["status_id"]
            # Where the car is: the place of the customer's current step.
            location_id = (furthest_visible["location_id"]
                           or steps[customer_status_id].location_id)
        if handover:
            eta_date = handover["actual_date"] or handover["expected_date"] or eta_date
        new = (status_id, status_date, customer_status_id, location_id or None, eta_date)
        return dict(zip(POSITION_FIELDS, new, strict=True)) if new != current else {}

    def _write_positions(self, positions):
        """Write ``{order_id: {field: value}}`` of POSITION_FIELDS (all of them) into the
        cache as pending updates: a batch of events moves hundreds of orders, and these
        fields are neither tracked nor watched by other modules (only the event logic
        writes them), so an ORM write per order would only add its overhead. The ORM then
        recomputes what depends on them (phase, delay, customer update due...) and writes
        each order once, these fields and the recomputed ones in the same UPDATE: a
        second UPDATE of the same rows (their indexes, their foreign keys checked again)
        is what made a feed slow down as the database grows."""
        fields_ = [self._fields[name] for name in POSITION_FIELDS]
        for order_id, values in positions.items():
            order = self.browse(order_id)
            for field in fields_:
                field.write(order, values[field.name] or False)
        self.browse(list(positions)).modified(list(POSITION_FIELDS))

    def _add_eta_history(self, history):
        """Store the ETA history lines ``history`` (one per order at most) in one INSERT,
        and give the orders the reason their ETA moved.

        Set-based as the events are: an ORM create of hundreds of lines then updates them
        all for their company and shift (computed after the INSERT) and reads each order's
        whole history again for its reason. The values are those the ORM computes
        (``test_eta_history_as_the_orm_computes_it``): the company of the order, the shift
        in days, and as the order's reason the new line's, which is the latest one and
        carries the event's reason or the order's last one (see ``_apply_events``)."""
        Change = self.env["vehicle.order.eta.change"]
        orders = self.browse([line["order_id"] for line in history])
        orders.flush_recordset(["company_id"])
        now = self.env.cr.now()
        ids = self.env.execute_query(SQL(
            """INSERT INTO vehicle_order_eta_change (order_id, company_id, changed_at,
                       old_date, new_date, shift_days, source, reason, event_id,
                       create_uid, create_date, write_uid, write_date)
               SELECT v.order_id, o.company_id, %(changed_at)s, v.old_date, v.new_date,
                      COALESCE(v.new_date - v.old_date, 0), v.source, v.reason, v.event_id,
                      %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM unnest(%(orders)s::int4[], %(old)s::date[], %(new)s::date[],
                             %(sources)s::varchar[], %(reasons)s::varchar[], %(events)s::int4[])
                      AS v(order_id, old_date, new_date, source, reason, event_id)
                 JOIN vehicle_order o ON o.id = v.order_id
            RETURNING id""",
            changed_at=Change._fields["changed_at"].default(Change), uid=self.env.uid, now=now,
            orders=array_param(orders.ids, "int4"),
            old=array_param([line["old_date"] for line in history], "date"),
            new=array_param([line["new_date"] for line in history], "date"),
            sources=array_param([line["source"] or None for line in history], "varchar"),
            reasons=array_param([line["reason"] or None for line in history], "varchar"),
            events=array_param([line["event_id"] for line in history], "int4"),
        ))
        orders.invalidate_recordset(["eta_change_ids"])
        changes = Change.browse([row[0] for row in ids])
        reason = self._fields["eta_reason"]
        # The INSERT filled the company and the shift, the order's reason is given below.
        filled = [Change._fields["company_id"], Change._fields["shift_days"]]
        with self.env.protecting([(filled, changes), ([reason], orders)]):
            changes.modified(
                ["order_id", "old_date", "new_date", "source", "reason", "event_id"],
                create=True,
            )
            for line in history:
                reason.write(self.browse(line["order_id"]), line["reason"])

    def _next_customer_status(self):
        """The next customer-visible step after the current one (for the portal)."""
        self.ensure_one()
        current = self.sudo().customer_status_id
        return self.env["vehicle.order.status"].sudo().search(
            [("customer_visible", "=", True), ("sequence", ">", current.sequence or -1)],
            order="sequence", limit=1,
        )

    def _eta_moved_since_last_visit(self):
        self.ensure_one()
        return bool(
            self.portal_seen_eta_date and self.eta_date
            and self.eta_date != self.portal_seen_eta_date
        )

    # Before handover ---------------------------------------------------------------

    def _create_default_tasks(self):
        orders = self
        self.env["vehicle.order.task"].sudo().create([
            {"order_id": order.id, "kind": kind, "sequence": index}
            for order in orders if not order.task_ids
            for index, (kind, _label) in enumerate(TASK_KINDS)
        ])

    @api.model
    def _cron_remind_handover(self):
        """Email the customer the day before their booked handover, once per booking."""
        now = fields.Datetime.now()
        tomorrow_end = datetime.combine(fields.Date.context_today(self) + timedelta(days=2),
                                        time.min)
        orders = self.search([
            ("state", "=", "open"), ("notify_opt_out", "=", False),
            ("handover_reminder_sent", "=", False),
            ("handover_datetime", ">", now), ("handover_datetime", "<", tomorrow_end),
        ])
        template = self.env.ref("order_tracking.mail_template_handover_reminder")
        orders._message_post_customer_mail(template)
        orders.sudo().write({"handover_reminder_sent": True})
        return orders

    @api.model
    def _cron_remind_tasks(self, every_days=3):
        """Remind customers of open to-dos when the car is near: in its delivery phase or
        expected within three weeks; at most every few days."""
        today = fields.Date.context_today(self)
        template = self.env.ref("order_tracking.mail_template_task_reminder")
        orders = self.search([
            ("state", "=", "open"), ("open_task_count", ">", 0), ("notify_opt_out", "=", False),
            "|", ("phase", "=", "delivery"),
            ("eta_date", "<=", today + timedelta(days=BOOKING_HORIZON_DAYS)),
            "|", ("task_reminder_date", "=", False),
            ("task_reminder_date", "<=", today - timedelta(days=every_days)),
        ])
        orders._message_post_customer_mail(template)
        orders.sudo().write({"task_reminder_date": today})
        return orders
