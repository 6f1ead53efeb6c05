from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, LazyTranslate

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import add_default_values
from odoo.addons.dealer_profile.tools.orm_input import check_vals
from odoo.addons.dealer_profile.tools.portal_form import FieldSpec, clean_form

_lt = LazyTranslate(__name__)

TASK_KINDS = [
    ("registration", "Confirm registration details"),
    ("payment", "Choose payment method"),
    ("insurance", "Arrange insurance"),
    ("trade_in", "Trade-in"),
    ("handover_slot", "Book your handover"),
]
TASK_STATES = [("todo", "To Do"), ("done", "Done"), ("not_needed", "Not Needed")]
PAYMENT_METHODS = [
    ("transfer", "Bank transfer"),
    ("financing", "Financing"),
    ("leasing", "Leasing"),
]
# The to-do form, through the suite's one validation path; the answer follows the
# same rule whoever writes it (portal, back office, JSON-RPC).
TASK_FIELDS = (
    FieldSpec("answer", _lt("Your answer"), kind="text", max_length=1000),
    FieldSpec("payment_method", _lt("Payment method"), max_length=32),
    FieldSpec("not_needed", _lt("Not needed"), max_length=1),
    FieldSpec("slot", _lt("Handover slot"), max_length=32),
)
ANSWER_SPECS = {"answer": TASK_FIELDS[0]}
SLOT_HOURS = 1
SLOT_DAYS = 14
# Days before the handover (booked, else planned) a to-do is due: the registration
# paperwork takes longest, the slot itself is booked last.
TASK_DUE_DAYS = {
    "registration": 14,
    "payment": 7,
    "insurance": 7,
    "trade_in": 7,
    "handover_slot": 3,
}
# A booked handover can be moved or cancelled online until this many hours before it.
HANDOVER_CUTOFF_HOURS = 24
# Handover slots open this many days before the expected delivery.
BOOKING_HORIZON_DAYS = 21


class VehicleOrderTask(models.Model):
    """The customer's to-do list before handover, shown on their order page."""

    _name = "vehicle.order.task"
    _description = "Before-Handover Task"
    # Only for its company-move check: a to-do follows its order's market.
    _inherit = ["dealer.workflow.mixin"]
    _order = "order_id, sequence, id"

    order_id = fields.Many2one("vehicle.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(TASK_KINDS, required=True)
    state = fields.Selection(TASK_STATES, required=True, default="todo")
    done_date = fields.Datetime(readonly=True)
    answer = fields.Text(help="What the customer entered (registration holder, insurer...).")
    payment_method = fields.Selection(PAYMENT_METHODS)
    due_date = fields.Date(
        compute="_compute_due_date", store=True,
        help="Days before the booked handover, or the planned one while none is booked.",
    )

    _order_kind_uniq = models.Constraint(
        "UNIQUE(order_id, kind)", "This order already has this task."
    )

    @api.constrains("kind", "state")
    def _check_not_needed(self):
        for task in self:
            if task.state == "not_needed" and task.kind not in ("trade_in", "insurance"):
                raise ValidationError(self.env._(
                    "Only a trade-in or insurance arranged elsewhere can be marked not needed."
                ))

    @api.depends("kind", "order_id.handover_datetime", "order_id.planned_handover_date")
    def _compute_due_date(self):
        for task in self:
            order = task.order_id
            handover = (order.handover_datetime.date() if order.handover_datetime
                        else order.planned_handover_date)
            task.due_date = (
                handover - timedelta(days=TASK_DUE_DAYS.get(task.kind, 0)) if handover else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        add_default_values(self, vals_list, ANSWER_SPECS)
        for vals in vals_list:
            check_vals(self.env, vals, ANSWER_SPECS)
        return super().create(vals_list)

    def write(self, vals):
        check_vals(self.env, vals, ANSWER_SPECS)
        if vals.get("state") == "done":
            vals.setdefault("done_date", fields.Datetime.now())
        result = super().write(vals)
        self._check_company_move(vals, ("order_id",))
        return result

    def _label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _portal_answer(self):
        """The saved answer as the customer gave it, in their language."""
        self.ensure_one()
        if self.state == "not_needed":
            return self.env._("Not needed")
        if self.kind == "payment":
            return dict(self._fields["payment_method"]._description_selection(self.env)).get(
                self.payment_method, "")
        return self.answer or ""

    def _portal_can_change(self):
        """A saved answer stays editable while the order is open and before the handover
        (the slot itself is rescheduled, with its own cut-off)."""
        self.ensure_one()
        order = self.order_id
        return (self.state != "todo" and self.kind != "handover_slot" and order.state == "open"
                and not (order.handover_datetime
                         and order.handover_datetime <= fields.Datetime.now()))

    # Customer answers (portal) ----------------------------------------------------------

    def _portal_submit(self, post):
        """Validate and store a customer's answer; one path for every kind of task."""
        self.ensure_one()
        self._check_answerable()
        post, errors = clean_form(self.env, post, TASK_FIELDS)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        vals = {"state": "done"}
        answer = post["answer"]
        if self.kind == "registration":
            if len(answer) < 5:
                raise ValidationError(self.env._(
                    "Give the name and address the car is to be registered to."
                ))
            vals["answer"] = answer
        elif self.kind == "payment":
            if post.get("payment_method") not in dict(PAYMENT_METHODS):
                raise ValidationError(self.env._("Choose a payment method."))
            vals["payment_method"] = post["payment_method"]
        elif self.kind in ("insurance", "trade_in"):
            if post.get("not_needed") == "1":
                vals["state"] = "not_needed"
            elif len(answer) < 2:
                raise ValidationError(self.env._("Tell us a little more, or tick 'not needed'."))
            vals["answer"] = answer
        elif self.kind == "handover_slot":
            self._book_slot(post.get("slot"))
            vals["answer"] = False
        self.write(vals)

    def _check_answerable(self):
        order = self.order_id
        if order.state != "open":
            raise UserError(self.env._("This order is closed."))
        if order.handover_datetime and order.handover_datetime <= fields.Datetime.now():
            raise UserError(self.env._(
                "Your handover has taken place: ask your dealer to change anything."
            ))

    def _book_slot(self, value):
        """Book a slot, or move the booked one (same slot rules, plus the cut-off)."""
        order = self.order_id
        previous = order.handover_datetime
        if previous:
            self._check_handover_changeable(order)
        self._lock_outlet_bookings(order)
        slot = self._parse_slot(value)
        order.sudo().handover_datetime = slot
        if previous:
            self._post_handover_change(order, self.env._(
                "The customer moved the handover from %(old)s to %(new)s.",
                old=order._portal_slot_label(previous), new=order._portal_slot_label(slot),
            ))

    @api.model
    def _lock_outlet_bookings(self, order):
        """Two customers of an outlet who pick the same free slot at the same moment
        each read it free (a transaction sees the data as it began) and each booked it.
        A booking locks the outlet's open orders, where any booked slot is stored: of
        two concurrent bookings, the later one finds an order the earlier one changed,
        PostgreSQL refuses it (serialization failure) and Odoo replays the request,
        which then reads the slot taken. The lock is taken before anything is written:
        the later booking waits here for the earlier one and fails here, in this query,
        which is why it is not logged as a "bad query" ERROR (the replay is logged at
        INFO by Odoo's retry loop). Odoo's REPEATABLE READ snapshot makes the failure
        itself unavoidable: a row lock or an advisory lock taken after the snapshot
        would still let the later booking read the slot free."""
        self.env.cr.execute(SQL(
            "SELECT id FROM vehicle_order WHERE outlet_id = %s AND state = 'open' "
            "ORDER BY id FOR NO KEY UPDATE",
            order.sudo().outlet_id.id,
        ), log_exceptions=False)

    def _parse_slot(self, value):
        try:
            slot = fields.Datetime.to_datetime(value)
        except ValueError:
            slot = None
        order = self.order_id
        if not (slot and self._handover_booking_open(order)
                and slot in self._free_handover_slots(order)):
            raise ValidationError(self.env._("This slot is no longer free: pick another one."))
        return slot

    # The handover slot ------------------------------------------------------------------
    # Of an order (the caller's recordset, with its rights): when booking opens, which
    # slots are free, whether a booked one may still change.

    @api.model
    def _handover_booking_open(self, order):
        """Handover slots open once the car is close: in its delivery phase or expected
        within three weeks (earlier, the date is too uncertain to book)."""
        order.ensure_one()
        horizon = fields.Date.context_today(order) + timedelta(days=BOOKING_HORIZON_DAYS)
        return order.state == "open" and (
            order.phase == "delivery" or bool(order.eta_date and order.eta_date <= horizon)
        )

    @api.model
    def _free_handover_slots(self, order, days=SLOT_DAYS):
        """One-hour slots in the outlet's opening hours, from the later of tomorrow and
        the expected delivery, minus the appointments of other orders at the outlet.
        Naive UTC datetimes, as stored."""
        order.ensure_one()
        order_sudo = order.sudo()
        calendar = order_sudo.outlet_id.resource_calendar_id
        if not calendar:
            return []
        tz = pytz.timezone(calendar.tz or "UTC")
        # The outlet's tomorrow, not the visitor's: a customer sets their own time zone,
        # and twelve hours behind the outlet, their "tomorrow" was the outlet's today,
        # with slots already past.
        tomorrow = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date() + timedelta(
            days=1
        )
        start_day = max(tomorrow, order_sudo.eta_date or tomorrow)
        start = tz.localize(datetime.combine(start_day, time.min))
        end = start + timedelta(days=days)
        intervals = calendar._working_intervals(start, end)
        taken = set(order.search([
            ("outlet_id", "=", order_sudo.outlet_id.id), ("id", "!=", order_sudo.id),
            ("handover_datetime", ">=", start.astimezone(pytz.utc).replace(tzinfo=None)),
            ("handover_datetime", "<", end.astimezone(pytz.utc).replace(tzinfo=None)),
        ]).mapped("handover_datetime"))
        slots = []
        for begin, stop in intervals:
            cursor = begin
            while cursor + timedelta(hours=SLOT_HOURS) <= stop:
                utc = cursor.astimezone(pytz.utc).replace(tzinfo=None)
                if utc not in taken:
                    slots.append(utc)
                cursor += timedelta(hours=SLOT_HOURS)
        return slots

    @api.model
    def _check_handover_changeable(self, order):
        """The customer moves or cancels a booked handover online until the cut-off;
        later the outlet has prepared the car and the customer calls them."""
        order.ensure_one()
        order_sudo = order.sudo()
        if order_sudo.state != "open" or not order_sudo.handover_datetime:
            raise UserError(self.env._("There is no booked handover to change."))
        cutoff = order_sudo.handover_datetime - timedelta(hours=HANDOVER_CUTOFF_HOURS)
        if fields.Datetime.now() >= cutoff:
            raise UserError(self.env._(
                "Your handover is less than %(hours)s hours away and can no longer be changed "
                "online: please call your dealer.", hours=HANDOVER_CUTOFF_HOURS,
            ))

    @api.model
    def _can_change_handover(self, order):
        try:
            self._check_handover_changeable(order)
        except UserError:
            return False
        return True

    @api.model
    def _post_handover_change(self, order, body):
        """Tell the outlet in the order's chatter, as the customer."""
        order.sudo().message_post(
            body=body, author_id=self.env.user.partner_id.id, message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _portal_handover_cancel(self, order):
        """The customer cancels their booked handover: the slot is free again and the
        booking to-do reopens."""
        self._check_handover_changeable(order)
        order_sudo = order.sudo()
        label = order_sudo._portal_slot_label(order_sudo.handover_datetime)
        order_sudo.handover_datetime = False
        order_sudo.task_ids.filtered(lambda t: t.kind == "handover_slot").write(
            {"state": "todo"}
        )
        self._post_handover_change(order, self.env._(
            "The customer cancelled the handover of %(slot)s.", slot=label,
        ))
