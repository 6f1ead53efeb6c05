from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vehicle_order_status import PHASES
from .vin import normalize_vin, vin_check_digit, vin_problem

ORDER_STATES = [
    ("open", "In Progress"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# Set by the event logic only (as superuser); nobody writes them by hand or over RPC.
EVENT_FIELDS = frozenset({
    "status_id", "status_date", "customer_status_id", "eta_date", "delivery_date",
    "current_location_id",
})
STATE_TRANSITIONS = {"open": {"cancelled"}, "cancelled": {"open"}, "delivered": set()}


class VehicleOrder(models.Model):
    _name = "vehicle.order"
    _description = "Vehicle Order"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "order_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "commission_number", "vin", "partner_id"]

    name = fields.Char(
        string="Order Reference", required=True, copy=False, index="trigram",
        default=lambda self: self.env._("New"), tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True,
        string="Customer Entity",
    )
    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, index=True, tracking=True,
        check_company=True,
    )
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
    vin = fields.Char(string="VIN", copy=False, index=True, tracking=True)
    state = fields.Selection(
        ORDER_STATES, required=True, default="open", copy=False, tracking=True, index=True
    )
    status_id = fields.Many2one(
        "vehicle.order.status", readonly=True, copy=False, index=True,
        groups="base.group_user",
        help="The furthest step with an actual date; a late event never moves it back.",
    )
    status_date = fields.Date(
        string="Status Since", readonly=True, copy=False, groups="base.group_user"
    )
    phase = fields.Selection(
        PHASES, compute="_compute_phase", store=True, group_expand=True, index=True,
    )
    customer_status_id = fields.Many2one(
        "vehicle.order.status", string="Customer Step", readonly=True, copy=False,
        help="The furthest customer-visible step reached: what the customer reads.",
    )
    eta_date = fields.Date(
        string="Expected Delivery", readonly=True, copy=False, tracking=True,
        help="Follows the latest expected date of the handover step sent by the factory.",
    )
    eta_change_ids = fields.One2many(
        "vehicle.order.eta.change", "order_id", string="ETA History", readonly=True,
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
    color = fields.Integer()

    _name_uniq = models.Constraint(
        "UNIQUE(name)",
        "This order reference already exists: factory systems address orders by it.",
    )
    _vin_uniq = models.Constraint("UNIQUE(vin)", "Another order already has this VIN.")

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

    @api.depends("eta_date", "planned_handover_date", "state")
    def _compute_delay(self):
        for order in self:
            if order.eta_date and order.planned_handover_date:
                order.delay_days = (order.eta_date - order.planned_handover_date).days
            else:
                order.delay_days = 0
            order.is_delayed = order.state == "open" and order.delay_days > 0

    def _compute_event_count(self):
        counts = dict(self.env["vehicle.order.event"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"],
        ))
        for order in self:
            order.event_count = counts.get(order, 0)

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
        messages = {
            "length": self.env._("A VIN has exactly 17 characters."),
            "characters": self.env._(
                "A VIN has only digits and capital letters, never I, O or Q."
            ),
        }
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
                    vin=order.vin, order=order.name, why=messages[problem],
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

    # CRUD ------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_event_fields(vals)
            if vals.get("vin"):
                vals["vin"] = normalize_vin(vals["vin"])
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("vehicle.order") or "/"
            if vals.get("state", "open") != "open" and not self.env.su:
                raise UserError(self.env._("A new order starts in progress."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_event_fields(vals)
        if vals.get("vin"):
            vals["vin"] = normalize_vin(vals["vin"])
        if "state" in vals and not self.env.su:
            self._check_state_transition(vals["state"])
        return super().write(vals)

    def _check_event_fields(self, vals):
        """Status, customer step, ETA, delivery and location follow the events; only the
        event logic (running as superuser) writes them."""
        forced = EVENT_FIELDS.intersection(vals)
        if forced and not self.env.su:
            raise UserError(self.env._(
                "%(fields)s follow the factory's events: send or import an event instead "
                "of editing them.",
                fields=", ".join(sorted(self._fields[f].string for f in forced)),
            ))

    def _check_state_transition(self, new_state):
        labels = dict(ORDER_STATES)
        for order in self:
            if order.state != new_state and new_state not in STATE_TRANSITIONS[order.state]:
                raise UserError(self.env._(
                    "Order %(order)s cannot go from %(old)s to %(new)s: a delivered order is "
                    "closed by its handover event.",
                    order=order.name, old=labels[order.state], new=labels[new_state],
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_events(self):
        if self.env["vehicle.order.event"].sudo().search_count(
            [("order_id", "in", self.ids)], limit=1
        ):
            raise UserError(self.env._(
                "Orders with factory events cannot be deleted: cancel them instead."
            ))

    # Actions ------------------------------------------------------------------------

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "open"})

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.vehicle_order_event_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # Event logic ----------------------------------------------------------------------

    def _apply_events(self):
        """Bring status, customer step, ETA, delivery and location in line with the events.

        The status is the furthest step (by sequence) with an actual date, and never moves
        back; the ETA is the expected date of the handover step (its actual date once the
        car is delivered). Each ETA change is written to the history with the source system
        and reason of the event that carried it."""
        orders = self.sudo()
        events_by_order = {}
        for event in orders.event_ids:
            events_by_order.setdefault(event.order_id.id, []).append(event)
        history = []
        for order in orders:
            vals = order._tracking_values(events_by_order.get(order.id, []), history)
            if vals:
                order.write(vals)
        if history:
            self.env["vehicle.order.eta.change"].sudo().create(history)

    def _tracking_values(self, events, history):
        self.ensure_one()
        vals = {}
        reached = [e for e in events if e.actual_date]
        furthest = max(reached, key=lambda e: (e.status_id.sequence, e.status_id.id), default=None)
        if furthest and (
            not self.status_id or furthest.status_id.sequence > self.status_id.sequence
        ):
            vals["status_id"] = furthest.status_id.id
            vals["status_date"] = furthest.actual_date
            location = furthest.location_id or furthest.status_id.location_id
            if location != self.current_location_id:
                vals["current_location_id"] = location.id
        visible = [e for e in reached if e.status_id.customer_visible]
        furthest_visible = max(
            visible, key=lambda e: (e.status_id.sequence, e.status_id.id), default=None
        )
        if furthest_visible and (
            not self.customer_status_id
            or furthest_visible.status_id.sequence > self.customer_status_id.sequence
        ):
            vals["customer_status_id"] = furthest_visible.status_id.id
        handover = next((e for e in events if e.status_id.is_handover), None)
        if handover:
            new_eta = handover.actual_date or handover.expected_date
            if new_eta and new_eta != self.eta_date:
                vals["eta_date"] = new_eta
                history.append({
                    "order_id": self.id,
                    "old_date": self.eta_date,
                    "new_date": new_eta,
                    "source": handover.source_system,
                    "reason": handover.reason,
                    "event_id": handover.id,
                })
            if handover.actual_date and self.state != "delivered":
                vals["state"] = "delivered"
                vals["delivery_date"] = handover.actual_date
        return vals

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
