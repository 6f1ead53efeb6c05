import dataclasses

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate, email_normalize

from ..tools.orm_input import check_vals
from ..tools.portal_form import FieldSpec, single_email
from .dealer_outlet_contact import CONTACT_ROLES
from .dealer_workflow_mixin import Allow, add_default_values

_lt = LazyTranslate(__name__)

WEEKDAYS = [
    ("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"),
    ("4", "Friday"), ("5", "Saturday"), ("6", "Sunday"),
]

# The change-proposal form (controllers/portal.py): every field it reads, through the
# suite's one validation path (tools/portal_form.py). The model applies the same
# specs to what reaches it without the form (JSON-RPC), so the limits live here once.
PROPOSAL_FIELDS = (
    FieldSpec("phone", _lt("Phone"), kind="phone"),
    FieldSpec("email", _lt("Email"), kind="email"),
    FieldSpec("note", _lt("Note"), kind="text", max_length=2000),
    FieldSpec("new_contact_name", _lt("New contact: name"), kind="name"),
    FieldSpec("new_contact_email", _lt("New contact: email"), kind="email"),
    FieldSpec("new_contact_phone", _lt("New contact: phone"), kind="phone"),
    FieldSpec("new_contact_role", _lt("New contact: role"), max_length=32),
) + tuple(
    FieldSpec(f"{edge}_{day}", label, max_length=5)
    for day, label in WEEKDAYS for edge in ("open", "close")
)
_SPECS = {spec.name: spec for spec in PROPOSAL_FIELDS}


def _stored_phone(spec):
    """A phone as stored: the form's limit and characters; its number format is the
    form's job (it writes the international form), not a reason to refuse an import."""
    return dataclasses.replace(spec, kind="line", max_length=spec.limit)


# Stored field -> the form field it comes from.
REQUEST_SPECS = {"new_phone": _stored_phone(_SPECS["phone"]), "new_email": _SPECS["email"],
                 "note": _SPECS["note"]}
CONTACT_SPECS = {"name": _SPECS["new_contact_name"], "email": _SPECS["new_contact_email"],
                 "phone": _stored_phone(_SPECS["new_contact_phone"])}


class DealerChangeRequest(models.Model):
    """A dealer's proposal to change outlet data; nothing changes until staff approve."""

    _name = "dealer.change.request"
    _description = "Outlet Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.workflow.mixin"]
    _order = "create_date desc, id desc"
    # The review moves through approve/reject; the dealer's proposal never changes once
    # made (staff approve what the dealer proposed, or reject it with a reason).
    _workflow_fields = (
        "state", "reviewed_by_id", "review_date", "requested_by_id", "outlet_id",
        "new_phone", "new_email", "change_hours", "hours_line_ids", "contact_line_ids", "note",
    )
    # What the dealer proposes: given at creation only. A request always starts pending.
    _workflow_create_fields = (
        "requested_by_id", "outlet_id", "new_phone", "new_email", "change_hours",
        "hours_line_ids", "contact_line_ids", "note",
    )
    _workflow_state_field = "state"
    # Network officers of the outlet's market review; a request is reviewed once.
    _workflow_transitions = {
        "pending": {
            "approved": Allow("dealer_profile.group_network_officer", button="approve"),
            "rejected": Allow("dealer_profile.group_network_officer", button="reject"),
        },
    }

    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="outlet_id.company_id", store=True)
    requested_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, required=True
    )
    state = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending", required=True, readonly=True, tracking=True,
    )
    new_phone = fields.Char(readonly=True)
    new_email = fields.Char(readonly=True)
    change_hours = fields.Boolean(string="Change Opening Hours", readonly=True)
    hours_line_ids = fields.One2many(
        "dealer.change.request.hours", "request_id", string="Proposed Opening Hours",
        readonly=True,
    )
    contact_line_ids = fields.One2many(
        "dealer.change.request.contact", "request_id", string="Contact Changes", readonly=True
    )
    note = fields.Text(string="Dealer's Note", readonly=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    review_date = fields.Datetime(readonly=True)
    rejection_reason = fields.Text(tracking=True)
    can_approve = fields.Boolean(compute="_compute_workflow_can")
    can_reject = fields.Boolean(compute="_compute_workflow_can")
    # What the dealer proposed, beside what the outlet has now: the reviewer's and the
    # dealer's view of the request (one template, dealer_profile.change_request_rows).
    change_overview = fields.Char(string="Proposed", compute="_compute_change_comparison")
    change_comparison = fields.Html(
        string="Proposed Changes", compute="_compute_change_comparison", sanitize=False,
    )

    @api.depends("outlet_id", "create_date")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Change request #%(id)s for %(outlet)s",
                id=request.id or "", outlet=request.outlet_id.display_name,
            )

    @api.depends("new_phone", "new_email", "change_hours", "hours_line_ids",
                 "contact_line_ids", "state")
    def _compute_change_comparison(self):
        for request in self:
            rows = request._get_change_rows()
            request.change_overview = ", ".join(dict.fromkeys(row["topic"] for row in rows))
            request.change_comparison = request._render_change_rows(rows)

    @api.constrains("new_email")
    def _check_new_email(self):
        for request in self:
            if request.new_email and not single_email(request.new_email):
                raise ValidationError(
                    self.env._("%(email)s is not a valid email address.", email=request.new_email)
                )

    @api.model_create_multi
    def create(self, vals_list):
        # A request always starts pending, whoever creates it and whatever they send
        # (in vals or as defaults): no review given at creation.
        self._check_workflow_create(vals_list)
        for vals in vals_list:
            # The portal form's rules, before anything reaches the database.
            check_vals(self.env, vals, REQUEST_SPECS)
            # A proposal is its author's own: the decision is told to them as theirs. A
            # network manager named a dealer, and the dealer read "your proposed
            # changes were approved" of a change they never proposed.
            if not self.env.su or not vals.get("requested_by_id"):
                vals["requested_by_id"] = self.env.user.id
        # The proposed hours and contacts are created with their request, and only so.
        requests = super(DealerChangeRequest, self._workflow()).create(vals_list)
        requests = requests.with_env(self.env)
        for request in requests:
            if not request._has_changes():
                raise ValidationError(self.env._("The change request proposes no change."))
            # Dealers create requests from the portal; following and the reviewer's
            # to-do are bookkeeping they need no rights of their own for.
            request_sudo = request.sudo()
            request_sudo.message_subscribe(partner_ids=request.requested_by_id.partner_id.ids)
            officer = request_sudo.outlet_id.user_id
            if officer:
                # In the officer's language, not the dealer's who proposed it.
                request_sudo.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=officer.id,
                    summary=officer.partner_id._lang_env()._(
                        "Review the outlet change proposed by the dealer"
                    ),
                )
        return requests

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)

    def _workflow_locked(self):
        return self.filtered(lambda r: r.state != "pending")

    def _workflow_lock_message(self, record):
        return self.env._(
            "%(request)s was reviewed already: only messages can be added to it.",
            request=record.display_name,
        )

    def _has_changes(self):
        self.ensure_one()
        return bool(self.new_phone or self.new_email or self.change_hours or self.contact_line_ids)

    def action_approve(self):
        # Applying writes working-time calendars as superuser: check the reviewer first.
        self._check_workflow_transition("approved", button="approve")
        for request in self:
            request._apply_changes()
        self._workflow().write({
            "state": "approved",
            "reviewed_by_id": self.env.user.id,
            "review_date": fields.Datetime.now(),
        })
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for request in self:
            request._message_post_to(request.requested_by_id.partner_id, lambda reader: (
                reader.env._("Your proposed changes were approved and applied.")
            ))
        return True

    def action_reject(self):
        self._check_workflow_transition("rejected", button="reject")
        if any(not (request.rejection_reason or "").strip() for request in self):
            raise UserError(self.env._("Write a rejection reason so the dealer knows why."))
        self._workflow().write({
            "state": "rejected",
            "reviewed_by_id": self.env.user.id,
            "review_date": fields.Datetime.now(),
        })
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for request in self:
            request._message_post_to(request.requested_by_id.partner_id, lambda reader: (
                reader.env._("Your proposed changes were rejected: %(reason)s",
                             reason=reader.rejection_reason)
            ))
        return True

    def _apply_changes(self):
        self.ensure_one()
        outlet = self.outlet_id
        partner_vals = {}
        if self.new_phone:
            partner_vals["phone"] = self.new_phone
        if self.new_email:
            partner_vals["email"] = self.new_email
        if partner_vals:
            outlet.partner_id.write(partner_vals)
        if self.change_hours:
            self._apply_opening_hours()
        for line in self.contact_line_ids:
            line._apply()

    def _apply_opening_hours(self):
        outlet = self.outlet_id
        attendances = [
            (0, 0, {
                "name": dict(WEEKDAYS)[line.dayofweek],
                "dayofweek": line.dayofweek,
                "hour_from": line.hour_from,
                "hour_to": line.hour_to,
                "day_period": _day_period(line.hour_from, line.hour_to),
            })
            for line in self.hours_line_ids
        ]
        calendar = outlet.resource_calendar_id
        # sudo: outlets of markets the reviewer cannot see may share the calendar too.
        shared = (
            not calendar
            or calendar == outlet.company_id.resource_calendar_id
            or self.env["dealer.outlet"].sudo().search_count(
                [("resource_calendar_id", "=", calendar.id), ("id", "!=", outlet.id)], limit=1
            )
        )
        # Calendars are settings only administrators may edit: the approval, checked
        # in action_approve, is what allows this change of the outlet's own hours.
        if shared:
            # Never change hours other outlets (or the company) rely on.
            outlet.resource_calendar_id = self.env["resource.calendar"].sudo().create({
                "name": self.env._("%(outlet)s opening hours", outlet=outlet.name),
                "company_id": outlet.company_id.id,
                "attendance_ids": attendances,
            })
        else:
            calendar.sudo().attendance_ids = [(5, 0, 0)] + attendances


    # Comparison ------------------------------------------------------------

    def _get_change_rows(self):
        """[{topic, field, current, proposed, changed}]: each value the approval writes,
        beside the outlet's value now. ``_apply_changes`` writes exactly these."""
        self.ensure_one()
        outlet = self.outlet_id.sudo()  # dealers read their outlet through the portal
        rows = []
        if self.new_phone:
            rows.append(self._change_row(self.env._("Phone"), outlet.phone, self.new_phone))
        if self.new_email:
            rows.append(self._change_row(self.env._("Email"), outlet.email, self.new_email))
        if self.change_hours:
            rows += self._hours_rows(outlet)
        for line in self.contact_line_ids:
            rows.append(line._change_row())
        return rows

    def _change_row(self, field, current, proposed, topic=None):
        current, proposed = current or "", proposed or ""
        return {"topic": topic or field, "field": field, "current": current,
                "proposed": proposed, "changed": current != proposed}

    def _hours_rows(self, outlet):
        """One row per weekday: the calendar's hours now and the proposed ones (a day
        the proposal leaves out is closed, as the approval writes it)."""
        closed = self.env._("closed")
        current = _day_spans(
            (a.dayofweek, a.hour_from, a.hour_to)
            for a in outlet.resource_calendar_id.attendance_ids
        )
        proposed = _day_spans(
            (line.dayofweek, line.hour_from, line.hour_to) for line in self.hours_line_ids
        )
        topic = self.env._("Opening hours")
        labels = dict(self.env["dealer.change.request.hours"]._fields["dayofweek"]
                      ._description_selection(self.env))
        return [
            self._change_row(
                labels[day], current.get(day, closed), proposed.get(day, closed), topic=topic
            )
            for day, _label in WEEKDAYS
        ]

    def _render_change_rows(self, rows):
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "dealer_profile.change_request_rows",
            {"rows": rows, "show_current": self.state == "pending"},
        )


def _day_spans(spans):
    """{dayofweek: "09:00–12:00, 13:00–18:00"} from (day, from, to) triples."""
    days = {}
    for day, hour_from, hour_to in sorted(spans):
        days.setdefault(day, []).append(f"{_fmt_hour(hour_from)}–{_fmt_hour(hour_to)}")
    return {day: ", ".join(parts) for day, parts in days.items()}


def _fmt_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def _day_period(hour_from, hour_to):
    if hour_to <= 12:
        return "morning"
    return "afternoon" if hour_from >= 12 else "full_day"


class DealerChangeRequestLineMixin(models.AbstractModel):
    """Proposed hours and contacts are made with their request and never change."""

    _name = "dealer.change.request.line.mixin"
    _inherit = ["dealer.workflow.mixin"]
    _description = "Proposal Line of a Change Request"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_workflow():
            self._refuse_workflow("create", self.env._(
                "A change request's proposal is made with the request: propose again."
            ))
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)

    def _workflow_locked(self):
        return self

    def _workflow_lock_message(self, record):
        return self.env._("A dealer's proposal cannot be changed: approve or reject it.")

    def _workflow_unlink_message(self, record):
        return self._workflow_lock_message(record)


class DealerChangeRequestHours(models.Model):
    _name = "dealer.change.request.hours"
    _inherit = ["dealer.change.request.line.mixin"]
    _description = "Proposed Opening Hours"
    _order = "dayofweek, hour_from"

    request_id = fields.Many2one(
        "dealer.change.request", required=True, ondelete="cascade", index=True
    )
    dayofweek = fields.Selection(WEEKDAYS, string="Day", required=True)
    hour_from = fields.Float(string="Opens", required=True)
    hour_to = fields.Float(string="Closes", required=True)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for line in self:
            if not 0 <= line.hour_from < line.hour_to <= 24:
                raise ValidationError(
                    self.env._(
                        "Opening hours on %(day)s must open before they close, "
                        "between 00:00 and 24:00.",
                        day=dict(WEEKDAYS)[line.dayofweek],
                    )
                )


class DealerChangeRequestContact(models.Model):
    _name = "dealer.change.request.contact"
    _inherit = ["dealer.change.request.line.mixin"]
    _description = "Proposed Contact Change"

    request_id = fields.Many2one(
        "dealer.change.request", required=True, ondelete="cascade", index=True
    )
    operation = fields.Selection(
        [("add", "Add"), ("remove", "Remove")], required=True, default="add"
    )
    contact_id = fields.Many2one("dealer.outlet.contact", string="Contact to Remove")
    name = fields.Char()
    email = fields.Char()
    phone = fields.Char()
    role = fields.Selection(CONTACT_ROLES)

    @api.model_create_multi
    def create(self, vals_list):
        add_default_values(self, vals_list, CONTACT_SPECS)
        for vals in vals_list:
            check_vals(self.env, vals, CONTACT_SPECS)
        return super().create(vals_list)

    @api.constrains("operation", "contact_id", "name", "email", "role")
    def _check_line(self):
        for line in self:
            if line.operation == "remove":
                if line.contact_id.outlet_id != line.request_id.outlet_id:
                    raise ValidationError(
                        self.env._("Only a contact of this outlet can be removed.")
                    )
            elif not (line.name and line.role and single_email(line.email)):
                raise ValidationError(
                    self.env._("A new contact needs a name, a role and a valid email address.")
                )

    @api.constrains("operation", "email", "request_id")
    def _check_email_owner(self):
        """Refused when the dealer submits it, not only when staff approve it."""
        for line in self:
            if line.operation == "add" and single_email(line.email):
                line._existing_partner()

    def _change_row(self):
        """This contact change as the comparison shows it (see _get_change_rows): a new
        contact whose address is an existing contact's shows that contact as it is,
        not only the name the dealer typed."""
        self.ensure_one()
        request = self.request_id
        topic = request.env._("Contacts")
        if self.operation == "remove":
            contact = self.contact_id.sudo()
            return request._change_row(
                request.env._("Remove contact"), _contact_label(
                    contact.partner_id.name, contact.role, contact.partner_id.email,
                    self.env),
                request.env._("removed"), topic=topic,
            )
        current = ""
        if request.state == "pending":
            partner, refused = self._match_existing_partner()
            if refused:
                current = request.env._(
                    "The address of another contact: this contact cannot be added."
                )
            elif partner:
                current = request.env._(
                    "Existing contact: %(contact)s", contact=_contact_label(
                        partner.name, False, partner.email, self.env),
                )
        return request._change_row(
            request.env._("New contact"), current,
            _contact_label(self.name, self.role, self.email, self.env, self.phone),
            topic=topic,
        )

    def _match_existing_partner(self):
        """(partner, refused) for this new contact's address: the existing contact the
        approval links to the outlet (empty: a new one is created), or refused when the
        address is someone the outlet may not take. It may take one of its own contacts,
        or a contact of its company tree (see res.partner._company_tree_state) without a
        user. Anyone else with this address or login (a customer, another dealer's
        contact, staff) is refused: linked, they would read the outlet's orders, cases
        and audits on the portal; created anew beside them, the portal invitation of
        the new contact would go to their address (a portal user logs in with their
        email) or clash with their login. Read as superuser: the dealer proposes, and
        the officer reviews, without reading every contact of the database."""
        self.ensure_one()
        email = email_normalize(self.email or "")
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        if not email:
            return Partner, False
        users = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("login", "in", list({email, self.email.strip()}))]
        )
        partners = Partner.search([("email_normalized", "=", email)]) | users.partner_id
        if not partners:
            return Partner, False
        outlet = self.request_id.outlet_id.sudo()
        own = outlet.contact_ids.partner_id
        root = (outlet.operator_partner_id or outlet.partner_id)._company_tree_state()[0]
        refused = partners.filtered(lambda p: p not in own and (
            p.with_context(active_test=False).user_ids or p._company_tree_state()[0] != root
        ))
        if refused:
            return Partner, True
        partners = partners.sorted(lambda p: (p not in own, not p.active, p.id))
        return partners[:1], False

    def _existing_partner(self):
        """The existing contact to link (see _match_existing_partner), or an error."""
        partner, refused = self._match_existing_partner()
        if refused:
            raise ValidationError(self.env._(
                "%(email)s is the address of another contact, who cannot be added to "
                "%(outlet)s through a change request: propose the new contact with their "
                "own address, or ask your network officer to add the existing contact.",
                email=self.email, outlet=self.request_id.outlet_id.sudo().display_name,
            ))
        return partner

    def _apply(self):
        self.ensure_one()
        outlet = self.request_id.outlet_id
        if self.operation == "remove":
            self.contact_id.unlink()
            return
        # Checked again at approval: requests made before the check, or contacts made
        # with this address since the dealer proposed it.
        partner = self._existing_partner().with_env(self.env) or self.env["res.partner"].create({
            "name": self.name,
            "email": email_normalize(self.email),
            "phone": self.phone,
            "parent_id": (outlet.operator_partner_id or outlet.partner_id).id,
            "company_id": outlet.company_id.id,
        })
        if not outlet.contact_ids.filtered(
            lambda c: c.partner_id == partner and c.role == self.role
        ):
            self.env["dealer.outlet.contact"].create(
                {"outlet_id": outlet.id, "partner_id": partner.id, "role": self.role}
            )


def _contact_label(name, role, email, env, phone=None):
    roles = dict(env["dealer.outlet.contact"]._fields["role"]._description_selection(env))
    details = ", ".join(part for part in (roles.get(role, ""), email, phone) if part)
    return f"{name} ({details})" if details else (name or "")
