from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import ANY_STATE, UNLINK, Allow
from odoo.addons.dealer_profile.tools.vin import normalize_vin, vin_problem, vin_problem_text
from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED

from .cx_case_stage import OPEN_KINDS, PAUSED_KINDS, STAGE_KINDS

PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("chat", "Chat"),
    ("portal", "Portal Form"),
    ("walk_in", "Walk-in"),
    ("social", "Social Media"),
    ("proactive", "Proactive (outbound)"),
]
CONFIRMATION_METHODS = [
    ("agent", "Recorded by the agent"),
    ("portal", "Customer on the portal"),
    ("email", "Customer from the email link"),
]
CAMPAIGN_OUTCOMES = [
    ("pending", "To contact"),
    ("not_reached", "Not reached"),
    ("informed", "Informed"),
    ("solution_offered", "Solution offered"),
    ("appointment", "Appointment booked"),
]
# Written by the workflow only (stage moves, confirmation, first response, SLA);
# write() refuses them so that JSON-RPC cannot forge a confirmation or a metric.
WORKFLOW_FIELDS = {
    "confirmation_method", "confirmation_date", "confirmed_by_id", "confirmation_note",
    "solved_date", "closed_date", "first_response_date", "reopen_count",
    "waited_customer", "sla_alert_sent", "date_open", "anonymized",
}
# Figures computed from the workflow's dates by the SLA clock, stored for the reports
# and pushed into the outlets' KPIs: never written by hand, not even by a manager.
# (stage_kind and commercial_partner_id are related: writing them would write the stage
# or the customer's company.)
METRIC_FIELDS = {
    "sla_first_response_deadline", "sla_resolution_deadline", "sla_deadline",
    "sla_risk_date", "sla_first_response_hours", "sla_resolution_hours", "sla_status",
    "sla_success", "first_contact_resolution", "stage_kind", "commercial_partner_id",
}
# What decides a case's SLA targets and where its figures count: final once the case
# is solved (reopen it to change them).
SLA_FIELDS = {"team_id", "type_id", "priority", "sla_policy_id", "company_id", "outlet_id"}
# The moves of a case between stage kinds, by whoever may write the case; 'closed' only
# with the customer's recorded confirmation (never by a plain write); managers delete.
CASE_TRANSITIONS = {
    False: {"new": Allow(), "progress": Allow(), "waiting": Allow()},
    "new": {
        "progress": Allow(button="start"), "waiting": Allow(button="wait_customer"),
        "solved": Allow(button="solve"),
    },
    "progress": {"waiting": Allow(button="wait_customer"), "solved": Allow(button="solve")},
    "waiting": {"progress": Allow(button="start"), "solved": Allow(button="solve")},
    "solved": {
        "progress": Allow(button="reopen"),
        "closed": Allow(check="_workflow_is_staff", button="record_confirmation",
                        method_only=True),
    },
    "closed": {"progress": Allow(button="reopen")},
    ANY_STATE: {UNLINK: Allow("cx_cases.group_cx_manager")},
}
TEXT_LIMIT = 20000
# What a case links and shows of (VIN, email, phone): records its writer may read.
CASE_LINKS = ("order_id", "partner_id")


def _check_case_vals(env, vals):
    """What a case holds whoever writes it (the input guard refuses what cannot be
    stored, ``_input_guard_binds_superuser``). A VIN is stored in the suite's one
    form (dealer_profile/tools/vin.py), as orders hold it."""
    # Checked as given: the stored HTML is not in the record cache after a create, so
    # a constraint would read every new case's description back (a query per mail).
    description = vals.get("description")
    if isinstance(description, str) and len(description) > 20 * TEXT_LIMIT:
        raise ValidationError(env._("The description is too long."))
    if vals.get("vin") and isinstance(vals["vin"], str):
        vals["vin"] = normalize_vin(vals["vin"])


class CxCase(models.Model):
    _name = "cx.case"
    _description = "CX Case"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "portal.mixin",
        "rating.mixin",
        "mail.tracking.duration.mixin",
        "dealer.workflow.mixin",
    ]
    _order = "priority desc, date_open desc, id desc"
    _primary_email = "email_from"
    # Cases are opened from outside text as superuser too (mails, telephony, imports).
    _input_guard_binds_superuser = True
    _track_duration_field = "stage_id"
    _check_company_auto = True
    _rec_names_search = ["number", "name", "partner_id"]
    _mail_post_access = "read"
    # Written by the workflow only (stage moves, confirmation, first response, SLA):
    # JSON-RPC cannot forge a confirmation or a metric.
    _workflow_fields = tuple(sorted(WORKFLOW_FIELDS | METRIC_FIELDS))
    _workflow_open_fields = ("active", "message_main_attachment_id")
    _workflow_state_field = "stage_id"
    _workflow_transitions = CASE_TRANSITIONS
    # A rule of the data: even server code moves a case along its stages only.
    _workflow_table_binds_superuser = True
    # What sets a case's SLA targets is final once it is solved; supervisors pick its
    # SLA policy.
    _workflow_frozen_fields = tuple(sorted(SLA_FIELDS))
    _workflow_field_groups = {"sla_policy_id": "cx_cases.group_cx_supervisor"}
    # Where the case comes from, set when it is made (the chat that opened it): final.
    _server_set_fields = ("origin_channel_id",)
    # Its number (the sequence's) and the campaign or test drive that opened it: only
    # their own code makes these. A campaign counts its cases and resumes by them: a
    # client's case "of" a recall campaign for a customer kept the campaign from ever
    # opening that customer's case.
    _server_only_fields = ("number", "campaign_id", "test_drive_id")

    # Identity and routing ------------------------------------------------
    active = fields.Boolean(default=True)
    number = fields.Char(readonly=True, copy=False, index="trigram", default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(sanitize_style=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", tracking=True, index=True,
    )
    # Precomputed (in the INSERT) with the SLA figures, which read the stage's kind.
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, precompute=True
    )
    partner_phone = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False, string="Phone"
    )
    email_from = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False, string="Email",
        index="btree_not_null",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    type_id = fields.Many2one(
        "cx.case.type", tracking=True, index=True,
        default=lambda self: self._default_type(),
    )
    priority = fields.Selection(PRIORITIES, default="1", required=True, tracking=True)
    tag_ids = fields.Many2many("cx.case.tag", string="Tags")
    company_id = fields.Many2one(
        "res.company", string="Market", compute="_compute_company_id", store=True,
        readonly=False, required=True, index=True, precompute=True,
    )
    team_id = fields.Many2one(
        "cx.case.team", tracking=True, index=True, check_company=True,
        default=lambda self: self.env["cx.case.team"]._team_for(self.env.company),
    )
    user_id = fields.Many2one(
        "res.users", string="Assignee", tracking=True, index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    stage_id = fields.Many2one(
        "cx.case.stage", tracking=True, index=True, copy=False, required=True,
        group_expand="_read_group_stage_ids", ondelete="restrict",
        default=lambda self: self._default_stage(),
    )
    stage_kind = fields.Selection(
        related="stage_id.kind", store=True, index=True, precompute=True
    )
    kanban_state = fields.Selection(
        [("normal", "Grey"), ("done", "Green"), ("blocked", "Red")], default="normal"
    )
    # The customer's key to the case (confirm, reopen): staff and dealers never read
    # it, JSON-RPC included; core's links and mails get it in sudo (dealer_profile).
    access_token = fields.Char(groups="base.group_system")
    outlet_id = fields.Many2one(
        "dealer.outlet", string="Outlet / Service Point", tracking=True, index=True,
        check_company=True, compute="_compute_from_order", store=True, readonly=False,
        precompute=True,
    )
    order_id = fields.Many2one(
        "vehicle.order", string="Vehicle Order", tracking=True, index="btree_not_null",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    vin = fields.Char(
        string="VIN", tracking=True, index="btree_not_null", compute="_compute_from_order",
        store=True, readonly=False, precompute=True,
    )
    date_due = fields.Datetime(
        string="Due", help="When the brand must call or act (call-backs, courtesy calls)."
    )
    origin_channel_id = fields.Many2one(
        "discuss.channel", string="Chat Conversation", index="btree_not_null",
        ondelete="set null", readonly=True,
    )
    campaign_id = fields.Many2one(
        "cx.campaign", index="btree_not_null", ondelete="restrict", readonly=True
    )
    campaign_outcome = fields.Selection(CAMPAIGN_OUTCOMES, tracking=True)
    test_drive_id = fields.Many2one(
        "cx.test.drive", index="btree_not_null", ondelete="set null", readonly=True
    )

    # Workflow (written by the workflow methods only) ----------------------
    date_open = fields.Datetime(
        string="Opened", default=fields.Datetime.now, required=True, readonly=True,
        index=True,
    )
    first_response_date = fields.Datetime(readonly=True, copy=False)
    solved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False, index=True)
    confirmation_method = fields.Selection(CONFIRMATION_METHODS, readonly=True, copy=False)
    confirmation_date = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmation_note = fields.Text(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    waited_customer = fields.Boolean(readonly=True, copy=False)
    first_contact_resolution = fields.Boolean(
        compute="_compute_first_contact_resolution", store=True, precompute=True,
        help="Closed without being reopened and without waiting for the customer.",
    )
    anonymized = fields.Boolean(readonly=True, copy=False)
    pause_ids = fields.One2many("cx.case.pause", "case_id", string="SLA Pauses", readonly=True)
    can_start = fields.Boolean(compute="_compute_workflow_can")
    can_wait_customer = fields.Boolean(compute="_compute_workflow_can")
    can_solve = fields.Boolean(compute="_compute_workflow_can")
    can_record_confirmation = fields.Boolean(compute="_compute_workflow_can")
    can_reopen = fields.Boolean(compute="_compute_workflow_can")

    # rating.mixin's: computed before the INSERT, where a new case has no rating (no
    # query), instead of by a read of the ratings at the first flush. Ratings given
    # later recompute it as before.
    rating_last_value = fields.Float(
        compute="_compute_rating_last_value", compute_sudo=True, store=True, precompute=True
    )

    # Customer context on the form ----------------------------------------
    partner_case_ids = fields.Many2many(
        "cx.case", compute="_compute_partner_history", string="Other Cases"
    )
    partner_case_count = fields.Integer(compute="_compute_partner_history")
    partner_order_ids = fields.Many2many(
        "vehicle.order", compute="_compute_partner_history", string="Customer's Orders"
    )
    partner_rating_ids = fields.Many2many(
        "rating.rating", compute="_compute_partner_history", string="Last CSAT Answers"
    )

    # On the customer entity (stored, indexed): a case moved to a contact person of the
    # same customer still holds the campaign's one case for that customer.
    _campaign_partner_uniq = models.Constraint(
        "UNIQUE(campaign_id, commercial_partner_id)",
        "A campaign opens one case per customer: this customer already has one.",
    )

    # Defaults and computes -------------------------------------------------

    def _default_type(self):
        # The xmlid's id (cached), not env.ref(), which runs a query per case to check
        # that the record exists (unlinking a record deletes its xmlid anyway).
        return self.env["ir.model.data"]._xmlid_to_res_id(
            "cx_cases.cx_case_type_question", raise_if_not_found=False
        )

    def _default_stage(self):
        """The first stage of kind 'new', its kind in the record cache (what a new
        case reads of it: the stored ``stage_kind``). Its id is kept per process
        (``cx.case.stage._first_of_kind``): every new case (each mail of the gateway)
        otherwise searches it."""
        Stage = self.env["cx.case.stage"]
        stage = Stage.browse(Stage._first_of_kind("new"))
        Stage._fields["kind"]._insert_cache(stage, ["new"] * len(stage))
        return stage

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("team_id")
    def _compute_company_id(self):
        for case in self:
            company = case.company_id or self.env.company
            team_company = case.team_id.company_id
            # Both companies in one read (where the user may read both): the company
            # check reads the team's next.
            company = company.with_prefetch((company | team_company)._prefetch_ids)
            # A region's team serves the markets below it: their cases stay in their market.
            # Through the stored parent_path (what parent_ids is computed from), not
            # parent_ids: building that many2many cost each new case (each new mail of
            # the gateway) a compute; the team of the case's own company needs neither.
            if team_company and team_company != company and (
                str(team_company.id) not in company.parent_path.split("/")
            ):
                company = team_company
            case.company_id = company

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for case in self:
            if case.partner_id:
                case.email_from = case.partner_id.email or case.email_from
                case.partner_phone = case.partner_id.phone or case.partner_phone

    @api.depends("order_id")
    def _compute_from_order(self):
        for case in self:
            case.vin = case.order_id.vin or case.vin
            case.outlet_id = case.outlet_id or case.order_id.outlet_id

    @api.depends("stage_kind", "reopen_count", "waited_customer")
    def _compute_first_contact_resolution(self):
        for case in self:
            case.first_contact_resolution = (
                case.stage_kind == "closed" and not case.reopen_count
                and not case.waited_customer
            )

    def _compute_partner_history(self):
        for case in self:
            partner = case.commercial_partner_id
            if not partner:
                case.partner_case_ids = case.partner_rating_ids = False
                case.partner_order_ids = False
                case.partner_case_count = 0
                continue
            others = self.search(
                [("commercial_partner_id", "=", partner.id), ("id", "!=", case._origin.id)],
                limit=20, order="date_open desc",
            )
            case.partner_case_ids = others
            case.partner_case_count = len(others)
            case.partner_order_ids = self.env["vehicle.order"].search(
                [("commercial_partner_id", "=", partner.id)], limit=20, order="order_date desc"
            ) if self.env["vehicle.order"].has_access("read") else False
            case.partner_rating_ids = self.env["rating.rating"].search([
                ("res_model", "=", self._name), ("partner_id", "child_of", partner.id),
                ("consumed", "=", True),
            ], limit=5, order="write_date desc")

    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/cases/{case.id}"

    @api.depends("number", "name")
    def _compute_display_name(self):
        for case in self:
            case.display_name = (
                f"{case.number} {case.name}" if case.number and case.number != "/"
                else case.name
            )

    # Constraints -----------------------------------------------------------

    @api.constrains("order_id", "partner_id")
    def _check_order_customer(self):
        for case in self.filtered("order_id"):
            if case.order_id.commercial_partner_id != case.commercial_partner_id:
                raise ValidationError(self.env._(
                    "Order %(order)s belongs to another customer than case %(case)s.",
                    order=case.order_id.display_name, case=case.display_name,
                ))

    @api.constrains("vin")
    def _check_vin(self):
        for case in self.filtered("vin"):
            problem = vin_problem(case.vin)
            if problem:
                raise ValidationError(self.env._(
                    "VIN %(vin)s of case %(case)s is not valid: %(why)s",
                    vin=case.vin, case=case.display_name,
                    why=vin_problem_text(self.env, case.vin, problem),
                ))

    @api.constrains("name", "vin", "email_from", "partner_phone")
    def _check_text_input(self):
        for case in self:
            for field in ("name", "vin", "email_from", "partner_phone"):
                value = case[field] or ""
                if len(value) > 500:
                    raise ValidationError(self.env._(
                        "%(field)s is too long or holds invalid characters.",
                        field=self._fields[field].string,
                    ))

    # CRUD --------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            _check_case_vals(self.env, vals)
        self._check_workflow_create(vals_list)
        # The same customer's order in another market (the customer check passes) or
        # another market's contact would show their VIN, email and phone on the case.
        self._check_links_readable(vals_list, CASE_LINKS, create=True)
        # Campaigns create cases by the thousand: one stage search and one sequence
        # query per call, not per case.
        needing_stage = [vals for vals in vals_list if not vals.get("stage_id")]
        if needing_stage:
            stage_id = self._default_stage().id
            for vals in needing_stage:
                vals["stage_id"] = stage_id
        # A client's number is refused (a second CX2026-000123 beside the customer's
        # case); the sequence's are let through.
        opened = self._server_values_open(vals_list, ["number"], create=True)
        needing_number = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        for vals, number in zip(needing_number, self._next_numbers(len(needing_number)),
                                strict=True):
            vals["number"] = number
        cases = super(CxCase, opened).create(vals_list).with_env(self.env)
        cases._after_create()
        return cases

    @api.model
    def _next_numbers(self, count):
        """``count`` case numbers from the cx.case sequence, in one query."""
        if not count:
            return []
        found = self._case_sequence(self.env.company.id)
        if not found:
            return ["/"] * count
        sequence_id, standard, name, prefix, suffix, padding = found
        if not standard:
            sequence = self.env["ir.sequence"].sudo().browse(sequence_id)
            return [sequence.next_by_id() for _i in range(count)]
        rows = self.env.execute_query(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            f"ir_sequence_{sequence_id:03d}", count,
        ))
        # get_next_char's prefix and suffix once: they interpolate the date each call.
        # Core's interpolation on the cached values (a record in memory, not read).
        prefix, suffix = self.env["ir.sequence"].sudo().new(
            {"name": name, "prefix": prefix, "suffix": suffix}
        )._get_prefix_suffix()
        return [f"{prefix}{number:0{padding}d}{suffix}" for number, in rows]

    @api.model
    @tools.ormcache("company_id")
    def _case_sequence(self, company_id):
        """The company's cx.case sequence (else the shared one) as (id, standard
        without date ranges, name, prefix, suffix, padding), or None: every new case
        (each mail of the gateway) otherwise searches it. Kept per process until a
        cx.case sequence is created, written or deleted (models/ir_sequence.py)."""
        sequence = self.env["ir.sequence"].sudo().with_context(active_test=True).search_fetch(
            [("code", "=", "cx.case"), ("company_id", "in", (company_id, False))],
            ["implementation", "use_date_range", "name", "prefix", "suffix", "padding"],
            order="company_id", limit=1,
        )
        if not sequence:
            return None
        standard = sequence.implementation == "standard" and not sequence.use_date_range
        return (sequence.id, standard, sequence.name, sequence.prefix, sequence.suffix,
                sequence.padding)

    def _after_create(self):
        """An agent who logs a call or a visit has answered the customer already."""
        now = fields.Datetime.now()
        user = self.env.user
        if user._is_internal() and not user.has_group("cx_cases.group_cx_integration"):
            answered = self.filtered(
                lambda c: c.channel in ("phone", "walk_in", "chat") and not c.campaign_id
            )
            if answered:
                answered._workflow().write({"first_response_date": now})
        for case in self.filtered(lambda c: c.stage_kind in PAUSED_KINDS):
            case._open_pause(case.date_open)

    def write(self, vals):
        _check_case_vals(self.env, vals)
        if "stage_id" in vals and not vals["stage_id"]:
            raise UserError(self.env._("A case always has a stage."))
        self._check_workflow_write(vals)
        self._check_links_readable([vals], CASE_LINKS)
        if vals.get("partner_id"):
            self._check_campaign_customer(vals["partner_id"])
        result = self._write_stage(vals) if vals.get("stage_id") else super().write(vals)
        if not self.env.su and {"company_id", "team_id"} & set(vals):
            self._check_market_move()
        return result

    def _check_campaign_customer(self, partner_id):
        """A campaign opens one case per customer: its case may pass to another
        contact of that customer, never to another customer, whom a resumed campaign
        would then miss while their old case moved away."""
        partner = self.env["res.partner"].browse(partner_id)
        moved = self.filtered(
            lambda c: c.campaign_id
            and c.commercial_partner_id
            and c.commercial_partner_id != partner.commercial_partner_id
        )
        if moved:
            raise UserError(self.env._(
                "%(case)s belongs to the campaign %(campaign)s for %(customer)s: it can "
                "pass to another contact of that customer only.",
                case=moved[0].display_name, campaign=moved[0].campaign_id.name,
                customer=moved[0].commercial_partner_id.display_name,
            ))

    def _check_market_move(self):
        """Record rules are checked before a write, on the old values: a case must not
        leave for a market its writer does not work for."""
        foreign = self.filtered(lambda c: c.company_id not in self.env.user.company_ids)
        if foreign:
            raise AccessError(self.env._(
                "%(case)s cannot move to %(market)s: you do not work for that market.",
                case=foreign[0].display_name, market=foreign[0].company_id.name,
            ))

    def _write_stage(self, vals):
        """A stage move, checked already by ``_check_workflow_write``: its effects
        (dates, reopen count, SLA pauses) per case."""
        stage = self.env["cx.case.stage"].browse(vals["stage_id"])
        moving = self.filtered(lambda c: c.stage_id != stage)
        result = super(CxCase, self - moving).write(vals) if self - moving else True
        for case in moving:
            old_kind = case.stage_kind
            case_vals = dict(vals, **case._stage_effects(old_kind, stage.kind))
            super(CxCase, case).write(case_vals)
            case._pause_effects(old_kind, stage.kind)
        return result

    # dealer.workflow.mixin -----------------------------------------------------

    def _workflow_state(self):
        self.ensure_one()
        return self.stage_kind

    def _workflow_state_from_value(self, value):
        return self.env["cx.case.stage"].browse(value).kind

    def _workflow_state_label(self, state):
        return dict(STAGE_KINDS).get(state, "-")

    def _workflow_is_staff(self):
        """Customers confirm through the portal or the email link; the staff record a
        confirmation given by phone or in person."""
        return self.env.user._is_internal()

    def _workflow_locked(self):
        return self.filtered("anonymized")

    def _workflow_lock_message(self, record):
        return self.env._("An anonymized case cannot be changed.")

    def _workflow_frozen(self):
        return self.filtered(lambda c: c.stage_kind in ("solved", "closed"))

    def _workflow_frozen_message(self, record, names):
        labels = self._workflow_field_labels(set(names))
        if record.stage_kind == "closed":
            return self.env._(
                "%(case)s is closed: its %(fields)s are final. Reopen it to change them.",
                case=record.display_name, fields=labels,
            )
        return self.env._(
            "%(case)s is solved and awaits the customer's confirmation: its %(fields)s "
            "are final. Reopen it to change them.",
            case=record.display_name, fields=labels,
        )

    def _workflow_fields_message(self, names):
        return self.env._(
            "%(fields)s are set by the case workflow: use the case's buttons.",
            fields=self._workflow_field_labels(names),
        )

    def _workflow_method_only_message(self, target):
        return self.env._(
            "A case is closed only when the customer confirms that all is well: use "
            "'Record confirmation' on a solved case, or let the customer confirm from the "
            "portal or the email link."
        )

    def _workflow_unlink_message(self, record):
        return self.env._("Cases are kept for statistics: archive them, or ask a CX manager.")

    def _stage_effects(self, old_kind, new_kind):
        now = fields.Datetime.now()
        vals = {}
        if new_kind == "solved":
            vals["solved_date"] = now
            if not self.first_response_date:
                # Solving answers the customer (the solved mail asks them to confirm).
                vals["first_response_date"] = now
        if new_kind == "waiting":
            vals["waited_customer"] = True
        if new_kind == "closed":
            vals["closed_date"] = now
        if old_kind in ("solved", "closed") and new_kind in OPEN_KINDS:
            vals.update({
                "reopen_count": self.reopen_count + 1, "solved_date": False,
                "closed_date": False, "confirmation_method": False,
                "confirmation_date": False, "confirmed_by_id": False,
                "confirmation_note": False, "sla_alert_sent": False,
            })
        return vals

    def _pause_effects(self, old_kind, new_kind):
        now = fields.Datetime.now()
        if new_kind in PAUSED_KINDS and old_kind not in PAUSED_KINDS:
            self._open_pause(now, reason=dict(STAGE_KINDS)[new_kind])
        elif new_kind not in PAUSED_KINDS and old_kind in PAUSED_KINDS:
            self.pause_ids.filtered(lambda p: not p.date_end).sudo().write({"date_end": now})

    def _open_pause(self, start, reason=False):
        self.env["cx.case.pause"].sudo().create(
            {"case_id": self.id, "date_start": start, "reason": reason}
        )

    # Workflow actions --------------------------------------------------------

    def _stage_of_kind(self, kind):
        return self.env["cx.case.stage"].search([("kind", "=", kind)], limit=1)

    def _press(self, button, kind):
        """What the stage buttons do: the one check for the button, then the move."""
        self._check_workflow_button(button)
        self.write({"stage_id": self._stage_of_kind(kind).id})

    def action_start(self):
        self._press("start", "progress")

    def action_wait_customer(self):
        self._press("wait_customer", "waiting")

    def action_solve(self):
        """Solved, not closed: the customer is asked to confirm (mail with a link)."""
        self._press("solve", "solved")
        template = self.env.ref("cx_cases.mail_template_case_solved", False)
        if template:
            # A note mailed to the customer (partner_to): the followers (the outlet's
            # dealer) do not receive it, and only the customer's copy has the confirm
            # link in their name.
            self.filtered("partner_id")._message_post_customer_mail(template)

    def action_open_confirm_wizard(self):
        self.ensure_one()
        self._check_workflow_button("record_confirmation")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the customer's confirmation"),
            "res_model": "cx.case.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_record_confirmation(self, note):
        """The agent records that the customer confirmed (by phone, in person...)."""
        self._check_workflow_button("record_confirmation")
        note = (note or "").strip()
        if not note or len(note) > TEXT_LIMIT or "\x00" in note:
            raise UserError(self.env._(
                "Say how and when the customer confirmed (a short note is required)."
            ))
        self._close_confirmed("agent", note=note, user=self.env.user)

    def _confirm_by_customer(self, method):
        """Called by the portal and email-link controllers once access is checked."""
        assert method in ("portal", "email")
        self._close_confirmed(method)

    def _close_confirmed(self, method, note=False, user=False):
        # As the server: the customer's path checked their access, the agent's the button.
        self.sudo()._check_workflow_button("record_confirmation")
        closed = self._stage_of_kind("closed")
        self.sudo()._workflow().write({
            "stage_id": closed.id,
            "confirmation_method": method,
            "confirmation_date": fields.Datetime.now(),
            "confirmed_by_id": user.id if user else False,
            "confirmation_note": note,
        })
        for case in self:
            # The customer's action (their language) or the agent's: the desk reads it.
            desk_env = case._desk_env()
            labels = dict(self._fields["confirmation_method"]._description_selection(desk_env))
            case.sudo().message_post(
                body=desk_env._("Closed: the customer confirmed (%(how)s).",
                                how=labels[method]),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
        self._send_rating_request()

    def action_view_partner_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_cases.cx_case_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_reopen(self):
        self._press("reopen", "progress")

    def _reopen_by_customer(self):
        to_reopen = self.filtered(lambda c: c.stage_kind in ("solved", "closed", "waiting"))
        if to_reopen:
            to_reopen.sudo().write({"stage_id": self._stage_of_kind("progress").id})

    def _send_rating_request(self):
        template = self.env.ref("cx_cases.mail_template_case_rating", False)
        if not template:
            return
        cases = self.filtered(lambda c: c.partner_id and not c.anonymized).sudo()
        # Core's rating_send_request, but the score links of the note are the case's
        # (/my/cases/<id>/rate/<n>): the rating's own token is handed to the customer
        # alone, when they follow one.
        for case in cases:
            case._rating_get_access_token()
        cases._message_post_customer_mail(template)

    # Statistics --------------------------------------------------------------

    @api.model
    def _csat_by(self, domain, groupby, since=None, until=None, with_answers=False):
        """CSAT % (answers 4-5 among all answers) of the cases matching ``domain``,
        grouped by a field of the case: {group value: percent}, or with
        ``with_answers`` {group value: (percent, number of answers)}. A case counts
        once, with its last answer given in [since, until) (``rated_on``: the answer's
        own date, which a later write, e.g. an anonymization, does not move)."""
        self.env["rating.rating"].flush_model(["cx_case_id", "consumed", "rating", "rated_on"])
        Case = self.sudo().with_context(active_test=False)
        query = Case._search(domain)
        key = Case._field_to_sql(Case._table, groupby, query)
        period = [SQL("r.rated_on >= %s", since)] if since else []
        if until:
            period.append(SQL("r.rated_on < %s", until))
        # The answers of the period first (an index on rated_on), each case's last
        # one, then the cases among them that match: never every case of a team.
        rows = self.env.execute_query(SQL("""
            SELECT matched.key, count(*), count(*) FILTER (WHERE last.rating >= %(satisfied)s)
              FROM (SELECT DISTINCT ON (r.cx_case_id) r.cx_case_id, r.rating
                      FROM rating_rating r
                     WHERE r.cx_case_id IS NOT NULL AND r.consumed AND r.rating > 0 %(period)s
                     ORDER BY r.cx_case_id, r.rated_on DESC NULLS LAST, r.id DESC) last
              JOIN (%(cases)s) matched (id, key) ON matched.id = last.cx_case_id
             GROUP BY matched.key
        """, satisfied=RATING_LIMIT_SATISFIED,
            period=SQL("").join(SQL(" AND %s", cond) for cond in period),
            cases=query.select(SQL.identifier(Case._table, "id"), key)))
        field = self._fields[groupby]
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            rows = [(comodel.browse(value), good, total) for value, total, good in rows]
        else:
            rows = [(value, good, total) for value, total, good in rows]
        if with_answers:
            return {value: (100.0 * good / total, total) for value, good, total in rows if total}
        return {value: 100.0 * good / total for value, good, total in rows if total}
