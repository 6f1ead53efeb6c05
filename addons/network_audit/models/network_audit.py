from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow

from .network_audit_line import SCORE_FIELDS, score_totals
from .network_audit_program import AUDIT_TYPES, FREQUENCY_MONTHS, check_auditors

# What the auditor fills in on site while the audit is in progress.
SIGNATURE_INPUT_FIELDS = {
    "auditor_signature", "manager_signature", "manager_signer_name",
    "manager_signature_missing_reason",
}

AUDIT_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("submitted", "Submitted"),
    ("validated", "Validated"),
    ("cancel", "Cancelled"),
]
_lt = LazyTranslate(__name__)
AUDITOR = "network_audit.group_audit_auditor"
OFFICER = "dealer_profile.group_network_officer"
MANAGER = "dealer_profile.group_network_manager"
# Auditors conduct the audits (record rules: those assigned to them); reviewing them is
# the officers' job; a validated audit is reopened by a network manager only. Officers
# are auditors too: starting and submitting are the audit's own auditors' (officers
# included, whoever else may write the audit), validating is a second person's.
AUDIT_TRANSITIONS = {
    "planned": {
        "in_progress": Allow(AUDITOR, check="_may_start_audit", button="start"),
        "cancel": Allow(OFFICER, button="cancel"),
    },
    "in_progress": {
        "submitted": Allow(AUDITOR, check="_is_audit_conductor", button="submit"),
        "cancel": Allow(OFFICER, button="cancel"),
    },
    "submitted": {
        "validated": Allow(OFFICER, check="_may_verify_audit", button="validate"),
        "in_progress": Allow(OFFICER, button="reopen"),
        "submitted": Allow(OFFICER, button="send_action_plan"),
    },
    "validated": {
        "in_progress": Allow(MANAGER, button="reopen"),
        "validated": Allow(OFFICER, button="send_action_plan"),
    },
}


class NetworkAudit(models.Model):
    _name = "network.audit"
    _description = "Outlet Audit"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "dealer.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Written by action_start/submit/validate/reopen/cancel only; scores by the answers.
    _workflow_fields = (
        "name", "state", "validated_by_id", "validation_date", "pass_threshold",
        "period_start", "score", "result", "critical_failed", "answered_count",
        "line_count", "failed_count", "progress", "has_conditional_lines",
        # Who signed and when: the server's record of the signing, not an input.
        "auditor_signed_by_id", "auditor_signed_on", "manager_signed_on",
    )
    _workflow_state_field = "state"
    _workflow_transitions = AUDIT_TRANSITIONS
    # The answers were made for them: fixed once the audit started.
    _workflow_frozen_fields = ("outlet_id", "program_id")
    _workflow_button_verbs = {
        "start": _lt("started"), "submit": _lt("submitted"), "validate": _lt("validated"),
        "reopen": _lt("reopened"), "send_action_plan": _lt("sent"),
        "cancel": _lt("cancelled"),
    }

    # Dealers reach their audits logged in; the token (portal.mixin) is no one's to read.
    access_token = fields.Char(groups="base.group_system")
    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    active = fields.Boolean(default=True)
    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        related="outlet_id.company_id", store=True, index=True, string="Market"
    )
    region_id = fields.Many2one(related="outlet_id.region_id", store=True)
    outlet_kind = fields.Selection(related="outlet_id.kind", store=True)
    program_id = fields.Many2one(
        "network.audit.program", required=True, index=True, tracking=True, ondelete="restrict"
    )
    audit_type = fields.Selection(related="program_id.audit_type", store=True)
    pass_threshold = fields.Float(
        readonly=True, digits=(5, 1),
        help="Program's threshold when the audit started; kept for history.",
    )
    period_start = fields.Date(required=True, index=True, readonly=True)
    date = fields.Date(required=True, tracking=True, default=fields.Date.context_today)
    month = fields.Date(compute="_compute_month", store=True, index=True)
    auditor_ids = fields.Many2many(
        "res.users", string="Auditors", tracking=True, domain="[('share', '=', False)]"
    )
    state = fields.Selection(
        AUDIT_STATES, default="planned", required=True, tracking=True, copy=False, index=True,
        group_expand=True,  # kanban columns in process order, empty ones included
    )
    line_ids = fields.One2many("network.audit.line", "audit_id", string="Answers", copy=False)
    action_ids = fields.One2many("network.audit.action", "audit_id", string="Action Plan")
    action_count = fields.Integer(compute="_compute_action_count")
    draft_action_count = fields.Integer(compute="_compute_action_count")
    score = fields.Float(
        string="Score (%)", compute="_compute_score", store=True, aggregator="avg",
        digits=(5, 1),
    )
    result = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")], compute="_compute_score", store=True
    )
    outlet_name = fields.Char(related="outlet_id.name", string="Outlet Name")
    critical_failed = fields.Boolean(
        compute="_compute_score", store=True, string="Critical Standard Failed"
    )
    answered_count = fields.Integer(compute="_compute_score", store=True)
    line_count = fields.Integer(compute="_compute_score", store=True)
    failed_count = fields.Integer(compute="_compute_score", store=True)
    progress = fields.Float(compute="_compute_score", store=True, string="Answered (%)")
    # Read with the audit's row: an answer changed in an audit without conditions
    # does not load the 150 answers to find none (network_audit_line.write).
    has_conditional_lines = fields.Boolean(
        compute="_compute_has_conditional_lines", store=True,
        help="Some answers are shown or skipped by the answer of an earlier one.",
    )
    summary = fields.Html(string="Auditor's Summary")
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    validation_date = fields.Datetime(readonly=True, copy=False)
    can_start = fields.Boolean(compute="_compute_workflow_can")
    can_submit = fields.Boolean(compute="_compute_workflow_can")
    can_validate = fields.Boolean(compute="_compute_workflow_can")
    can_reopen = fields.Boolean(compute="_compute_workflow_can")
    can_send_action_plan = fields.Boolean(compute="_compute_workflow_can")
    can_cancel = fields.Boolean(compute="_compute_workflow_can")
    skipped_count = fields.Integer(compute="_compute_skipped_count", string="Skipped")
    # Signatures at submission: the program says which are required.
    signature_rule = fields.Selection(related="program_id.signature_rule")
    auditor_signature = fields.Image(copy=False, max_width=1024, max_height=1024)
    auditor_signed_by_id = fields.Many2one("res.users", string="Signed By", readonly=True,
                                           copy=False)
    auditor_signed_on = fields.Datetime(readonly=True, copy=False)
    auditor_signer_name = fields.Char(
        compute="_compute_auditor_signer_name",
        help="The name the signature pad writes: who signed, or who is signing now.",
    )
    manager_signature = fields.Image(string="Manager's Signature", copy=False,
                                     max_width=1024, max_height=1024)
    manager_signer_name = fields.Char(string="Manager's Name", copy=False)
    manager_signed_on = fields.Datetime(readonly=True, copy=False)
    manager_signature_missing_reason = fields.Text(
        string="Why the Manager Did Not Sign", copy=False,
        help="When the outlet's manager could not sign on site: the auditor says why.",
    )
    history_ids = fields.One2many("network.audit.answer.history", "audit_id",
                                  string="Answer History", readonly=True)
    history_count = fields.Integer(compute="_compute_history_count")

    _program_outlet_period_uniq = models.UniqueIndex(
        "(program_id, outlet_id, period_start) WHERE state != 'cancel'",
        "This outlet already has an audit of this program for the period.",
    )

    @api.depends("date")
    def _compute_month(self):
        for audit in self:
            audit.month = audit.date and audit.date.replace(day=1)

    @api.depends(
        "line_ids.score", "line_ids.is_na", "line_ids.is_answered", "line_ids.is_failed",
        "line_ids.weight", "line_ids.is_skipped", "pass_threshold",
    )
    def _compute_score(self):
        rows = self._score_rows()
        for audit in self:
            totals = (
                score_totals(rows.get(audit.id, [])) if audit.id in rows
                else audit.line_ids._score_totals()
            )
            audit.update({
                "score": totals["score"],
                "critical_failed": totals["critical_failed"],
                "answered_count": totals["answered"],
                "line_count": totals["count"],
                "failed_count": totals["failed"],
                "progress": 100.0 * totals["answered"] / totals["count"]
                if totals["count"] else 0.0,
                "result": audit._result_for(totals),
            })

    @api.depends("line_ids.condition_line_id")
    def _compute_has_conditional_lines(self):
        for audit in self:
            audit.has_conditional_lines = any(
                line.condition_line_id for line in audit.line_ids
            )

    def _score_rows(self):
        """{audit id: its answers' score rows (``score_totals``)} of the audits whose
        answers are not loaded, from one query: one changed answer of an audit nobody
        has open would otherwise read the audit's answer ids, then every column of its
        150 answers. Audits whose answers are loaded (the form is open, an onchange)
        are scored from the records."""
        cold = [
            audit.id for audit in self
            if isinstance(audit.id, int) and not audit._score_lines_loaded()
        ]
        if not cold:
            return {}
        self.env["network.audit.line"].flush_model([*SCORE_FIELDS, "audit_id", "sequence"])
        rows = {audit_id: [] for audit_id in cold}
        for audit_id, *row in self.env.execute_query(SQL(
            """SELECT audit_id, coalesce(is_answered, false), coalesce(is_na, false),
                      coalesce(weight, 0.0), coalesce(score, 0.0),
                      coalesce(is_failed, false), criticality,
                      coalesce(is_skipped, false)
                 FROM network_audit_line
                WHERE audit_id = ANY(%s)
             ORDER BY audit_id, sequence, id""",
            cold,
        )):
            rows[audit_id].append(row)
        return rows

    def _score_lines_loaded(self):
        """Whether this audit's answers and what scores them are in the cache."""
        self.ensure_one()
        return "line_ids" in self._cache and all(
            name in line._cache for line in self.line_ids for name in SCORE_FIELDS
        )

    def _result_for(self, totals):
        if not totals["applicable"]:
            return False  # nothing answered yet, or everything N.A.: no verdict
        if totals["critical_failed"]:
            return "fail"  # a failed critical standard fails the audit whatever the %
        return "pass" if totals["score"] >= self.pass_threshold else "fail"

    def _compute_action_count(self):
        groups = self.env["network.audit.action"]._read_group(
            [("audit_id", "in", self.ids)], ["audit_id", "state"], ["__count"]
        )
        counts, drafts = defaultdict(int), defaultdict(int)
        for audit, state, count in groups:
            counts[audit.id] += count
            if state == "draft":
                drafts[audit.id] += count
        for audit in self:
            audit.action_count = counts[audit.id]
            audit.draft_action_count = drafts[audit.id]

    def _compute_access_url(self):
        for audit in self:
            audit.access_url = f"/my/audits/{audit.id}"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        in_workflow = self._in_workflow()
        if not all(vals.get("program_id") for vals in vals_list):
            raise ValidationError(self.env._(
                "An audit follows a program: choose the program before saving."
            ))
        programs = self.env["network.audit.program"].browse(
            [vals["program_id"] for vals in vals_list]
        )
        thresholds = {program.id: program.pass_threshold for program in programs}
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("network.audit") or "/"
            if not in_workflow or "pass_threshold" not in vals:
                vals["pass_threshold"] = thresholds.get(vals.get("program_id"), 0.0)
            if not vals.get("period_start"):
                program = self.env["network.audit.program"].browse(vals["program_id"])
                day = fields.Date.to_date(vals.get("date")) or fields.Date.context_today(self)
                vals["period_start"] = program._period_start(day)
        audits = super().create(vals_list)
        audits._generate_lines()
        return audits

    def write(self, vals):
        self._check_workflow_write(vals)
        if "auditor_ids" in vals and not self._in_workflow():
            self._check_auditors_editable()
        signing = SIGNATURE_INPUT_FIELDS & vals.keys()
        if signing and not self._in_workflow():
            self._check_signable()
        result = super().write(vals)
        self._check_company_move(vals, ("outlet_id",))
        if signing:
            self._stamp_signatures(vals)
        return result

    def _workflow_frozen(self):
        return self.filtered(lambda a: a.state != "planned")

    def _workflow_frozen_message(self, record, names):
        return self.env._(
            "%(audit)s has started: its outlet and program cannot change any more "
            "(its answers were made for them). Cancel it and plan another one.",
            audit=record.display_name,
        )

    def _workflow_locked(self):
        return self.filtered(lambda a: a.state in ("validated", "cancel"))

    # Who conducts an audit and who verifies it ----------------------------------

    def _is_audit_conductor(self):
        """The user conducts this audit: one of its auditors. Officers may write every
        audit of their markets (to plan and review them), but they answer, sign and
        submit only the audits they are auditors of."""
        self.ensure_one()
        return self.env.user in self.sudo().auditor_ids

    def _may_start_audit(self):
        """One of its auditors starts it; an audit nobody was assigned yet is started
        by an auditor, who becomes its auditor (action_start)."""
        self.ensure_one()
        return not self.sudo().auditor_ids or self._is_audit_conductor()

    def _may_verify_audit(self):
        """Validation is the head office's check by a second person: never by one of
        the audit's auditors, nor by whoever signed it as auditor, nor by whoever
        answered it (auditors are reassigned until the submission: an officer who
        answered, then handed the audit to another auditor, conducted it all the
        same; the answer history says who answered)."""
        self.ensure_one()
        return not self._is_audit_conductor() and (
            self.sudo().auditor_signed_by_id != self.env.user
        ) and not self.env["network.audit.answer.history"].sudo().search_count(
            [("audit_id", "=", self.id), ("user_id", "=", self.env.uid)], limit=1,
        )

    @api.constrains("auditor_ids", "outlet_id")
    def _check_auditors(self):
        for audit in self:
            check_auditors(audit.auditor_ids, audit.company_id, audit)

    def _check_auditors_editable(self):
        """Auditors are assigned and reassigned until the audit is submitted: from then
        on they are who conducted it, whom its validator must not be."""
        submitted = self.filtered(lambda audit: audit.state == "submitted")
        if submitted:
            self._refuse_workflow("write", self.env._(
                "%(audit)s is submitted: its auditors are those who conducted it. Reopen "
                "it to assign other auditors.", audit=submitted[:1].display_name,
            ))

    def _workflow_lock_message(self, record):
        return self.env._(
            "%(audit)s is %(state)s: it is locked and only takes messages. A network "
            "manager can reopen a validated audit, with a reason.",
            audit=record.display_name, state=dict(AUDIT_STATES)[record.state],
        )

    def _workflow_unlink_locked(self):
        return self.filtered(lambda a: a.state == "validated")

    def _workflow_unlink_message(self, record):
        return self.env._(
            "%(audit)s is validated: it cannot be deleted.", audit=record.display_name
        )

    @api.ondelete(at_uninstall=True)
    def _unlink_except_answer_history(self):
        """Deleting the audit would delete its history: it is cancelled instead."""
        if self.env.su:
            return
        kept = self.sudo().filtered("history_ids")
        if kept:
            raise UserError(self.env._(
                "%(audit)s has an answer history: cancel it instead of deleting it.",
                audit=kept[:1].display_name,
            ))

    def _generate_lines(self):
        """One line per applicable standard of the program's sections."""
        vals_list = []
        for audit in self:
            sequence = 0
            for section in audit.program_id.section_ids:
                for standard in section.standard_ids:
                    if not standard._applies_to(audit.outlet_id):
                        continue
                    sequence += 1
                    vals_list.append({
                        "audit_id": audit.id,
                        "section_id": section.id,
                        "section_name": section.name,
                        "sequence": sequence,
                        "standard_id": standard.id,
                    })
        lines = self.env["network.audit.line"].create(vals_list)
        lines._copy_section_names()
        return lines

    # Workflow ------------------------------------------------------------------

    def action_start(self):
        self._check_workflow_button("start")
        for audit in self:
            audit._workflow().write({
                "state": "in_progress",
                "pass_threshold": audit.program_id.pass_threshold,
                "auditor_ids": [(4, self.env.user.id)] if not audit.auditor_ids else [],
            })
        # Planned audits follow the live standards: their conditions are linked anew.
        self._workflow()._link_conditions()
        return True

    def action_submit(self):
        self._check_workflow_button("submit")
        self._check_complete()
        self._workflow().write({"state": "submitted"})
        self.action_ids.filtered(lambda a: a.state == "draft").unlink()
        self.env["network.audit.action"].create(self._prepare_action_vals_list())
        return True

    def _check_complete(self):
        problems = []
        for line in self.line_ids:
            if not line.is_answered:
                problems.append(self.env._("%(code)s: no answer", code=line.standard_code))
            elif line.evidence_missing:
                problems.append(self.env._("%(code)s: photo evidence required",
                                           code=line.standard_code))
            elif line.note_missing:
                problems.append(self.env._("%(code)s: a note is required",
                                           code=line.standard_code))
        for audit in self:
            problems += audit._signature_problems()
        if problems:
            raise UserError(self.env._(
                "The audit cannot be submitted yet:\n%(problems)s",
                problems="\n".join(f"- {p}" for p in problems),
            ))

    def _prepare_action_vals_list(self):
        vals_list = []
        for audit in self:
            # Items already sent (before a reopen) stay: one item per failed answer.
            lines = audit.line_ids.filtered(lambda line: line._needs_action())
            lines -= audit.action_ids.line_id
            if not lines:
                continue
            due_dates = audit.company_id._network_audit_due_dates(audit.date)
            vals_list.extend(line._prepare_action_vals(due_dates) for line in lines)
        return vals_list

    def action_send_action_plan(self):
        """Send the reviewed action plan: the outlet's manager gets the items."""
        self._check_workflow_button("send_action_plan")
        self.action_ids.filtered(lambda a: a.state == "draft").action_send()
        return True

    def action_validate(self):
        self._check_workflow_button("validate")
        self._workflow().write({
            "state": "validated",
            "validated_by_id": self.env.user.id,
            "validation_date": fields.Datetime.now(),
        })
        self.action_ids.filtered(lambda a: a.state == "draft").action_send()
        self._push_kpi_values()
        return True

    def action_reopen(self, reason=None):
        """Back to the auditor. A submitted audit: any reviewer. A validated audit is
        locked: only a network manager reopens it, saying why, and the chatter keeps
        who did it and why (the score no longer counts until validated again)."""
        self._check_workflow_button("reopen")
        validated = self.filtered(lambda a: a.state == "validated")
        if validated:
            if not (reason or "").strip():
                raise UserError(self.env._(
                    "Say why %(audit)s is reopened: a validated audit is reopened only "
                    "with a reason.", audit=validated[:1].display_name,
                ))
        self.action_ids.filtered(lambda a: a.state == "draft").unlink()
        states = {audit.id: audit.state for audit in self}
        # The signatures were given to the submitted answers: it is signed again.
        self._workflow().write({
            "state": "in_progress", "validated_by_id": False, "validation_date": False,
            **dict.fromkeys(SIGNATURE_INPUT_FIELDS, False),
            "auditor_signed_by_id": False, "auditor_signed_on": False,
            "manager_signed_on": False,
        })
        self._log_reopen(states, reason)
        # Its score no longer counts: the KPI value goes, or is averaged anew over the
        # other validated audits of that outlet, type and month.
        validated._push_kpi_values()
        for audit in validated:
            audit.message_post(
                body=self.env._(
                    "Validated audit reopened by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name, reason=reason.strip(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        self._check_workflow_button("cancel")
        self._workflow().write({"state": "cancel"})
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "network_audit.network_audit_action_action"
        )
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {"default_audit_id": self.id}
        return action

    def action_print_report(self):
        return self.env.ref("network_audit.action_report_network_audit").report_action(self)

    # Scores into the network ---------------------------------------------------------

    def _push_kpi_values(self):
        """Average validated score per outlet, audit type and month, pushed through
        dealer_profile's KPI API so stars and rankings follow the audits. A score stays
        valid until the program's next audit is due (the end of the program period
        after the audit's one): outlets audited in different months are then rated on
        the same KPIs; a newer audit replaces it as soon as it is validated."""
        # A month that has not begun takes no KPI value (the KPI API refuses it): the
        # score of an audit dated ahead does not count before its month.
        current = fields.Date.context_today(self).replace(day=1)
        # Plain rows, no record per audit: the monthly push is the whole network's
        # 20,000 audits, read twice as records it took seconds.
        self.flush_model(["outlet_id", "audit_type", "month", "state", "score",
                          "program_id", "date", "active"])
        keys = {tuple(row) for row in self.env.execute_query(SQL(
            """SELECT DISTINCT outlet_id, audit_type, month FROM network_audit
                WHERE id = ANY(%s) AND month <= %s""",
            list(self.ids), current,
        ))}
        if not keys:
            return self.env["dealer.kpi.value"]
        # The validated audits of these outlets and months, in the model's order (the
        # average below adds their scores in it).
        rows = self.env.execute_query(SQL(
            """SELECT outlet_id, audit_type, month, score, program_id, date
                 FROM network_audit
                WHERE state = 'validated' AND active
                  AND outlet_id = ANY(%s) AND month = ANY(%s)
             ORDER BY date DESC, id DESC""",
            list({k[0] for k in keys}), list({k[2] for k in keys}),
        ))
        score_field = self._fields["score"]
        groups = defaultdict(list)
        validity = {}
        for outlet_id, audit_type, month, score, program_id, day in rows:
            key = (outlet_id, audit_type, month)
            if key not in keys:
                continue
            # The same for every audit of a program, date and month: computed once each.
            if (program_id, day, month) not in validity:
                validity[program_id, day, month] = self._kpi_validity_months_of(
                    self.env["network.audit.program"].browse(program_id), day, month
                )
            groups[key].append(
                (score_field.convert_to_cache(score, self), validity[program_id, day, month])
            )
        entries = [
            {
                "outlet_id": outlet_id,
                "kpi_code": self._kpi_code(audit_type),
                "month": month,
                "value": sum(score for score, _months in group) / len(group),
                "validity_months": max(months for _score, months in group),
                "source": "network_audit",
            }
            for (outlet_id, audit_type, month), group in groups.items()
        ]
        values = self.env["dealer.kpi.value"].sudo().upsert_values(entries)
        self._withdraw_kpi_values(keys - set(groups))
        return values

    @api.model
    def _withdraw_kpi_values(self, keys):
        """Remove the audit KPI values of (outlet id, audit type, month) keys that no
        validated audit backs any more (a validated audit was reopened): the rating
        months they counted in are rebuilt, or flagged when published."""
        if not keys:
            return
        KpiValue = self.env["dealer.kpi.value"].sudo()
        candidates = KpiValue.search([
            ("outlet_id", "in", list({k[0] for k in keys})),
            ("kpi_id.code", "in", list({self._kpi_code(k[1]) for k in keys})),
            ("month", "in", list({k[2] for k in keys})),
            ("source", "=", "network_audit"),
        ])
        codes = {self._kpi_code(k[1]): k[1] for k in keys}
        candidates.filtered(
            lambda v: (v.outlet_id.id, codes.get(v.kpi_id.code), v.month) in keys
        ).unlink()

    @api.model
    def _kpi_code(self, audit_type):
        """The dealer KPI fed by the audits of one type."""
        return f"audit_{audit_type}"

    @api.model
    def _published_leaderboard(self):
        """(rating month, [(outlet, score)]) of the latest published rating month, best
        first: each outlet's audit score as the rating saw it that month (the average
        of its audit KPIs, i.e. the latest validated audit of each type while it is
        valid). Empty before a month is published."""
        rating_month = self.env["dealer.rating.month"].sudo().search(
            [("is_latest", "=", True)], limit=1
        )
        if not rating_month:
            return rating_month, []
        kpis = self.env["dealer.kpi"].sudo().with_context(active_test=False).search(
            [("code", "in", [self._kpi_code(key) for key, _label in AUDIT_TYPES])]
        )
        values = defaultdict(list)
        for outlet_id, _kpi_id, value in self.env["dealer.outlet.rating"].sudo()._valid_values(
            rating_month.month, kpis=kpis
        ):
            values[outlet_id].append(value)
        outlets = self.env["dealer.outlet"].sudo().browse(list(values))
        scores = [(outlet, round(sum(values[outlet.id]) / len(values[outlet.id]), 1))
                  for outlet in outlets]
        return rating_month, sorted(scores, key=lambda item: (-item[1], item[0].name))

    def _kpi_validity_months(self):
        """Months the score counts for, from the audit's month to the end of the
        program period in which the next audit is due."""
        self.ensure_one()
        return self._kpi_validity_months_of(self.program_id, self.date, self.month)

    @api.model
    def _kpi_validity_months_of(self, program, day, month):
        """``_kpi_validity_months`` of an audit of ``program`` made on ``day`` for
        ``month``."""
        next_period = program._period_start(day) + relativedelta(
            months=FREQUENCY_MONTHS[program.frequency]
        )
        last_month = program._period_end(next_period).replace(day=1)
        delta = relativedelta(last_month, month)
        return delta.years * 12 + delta.months + 1

    @api.model
    def _auditor_load(self):
        """Open audits per auditor, for balanced assignment."""
        groups = self.sudo()._read_group(
            [("state", "in", ("planned", "in_progress"))], ["auditor_ids"], ["__count"]
        )
        return {user.id: count for user, count in groups if user}

    def _get_section_scores(self):
        """[{name, score, answered, count, failed}] per section, for report and portal.
        The score is None (N.A.) where no weight was scored: nothing answered yet, or
        only N.A., skipped or weightless answers."""
        self.ensure_one()
        sections = {}
        for line in self.line_ids:
            sections.setdefault(line.section_name or "", self.env["network.audit.line"])
            sections[line.section_name or ""] |= line
        result = []
        for name, lines in sections.items():
            totals = lines._score_totals()
            result.append({
                "name": name,
                "score": totals["score"] if totals["weight"] else None,
                "answered": totals["answered"],
                "count": totals["count"],
                "failed": totals["failed"],
            })
        return result

    @api.model
    def action_open_audits(self):
        """The app's entry point: auditors land on their own audits, everyone else
        (officers, managers, viewers) on all the audits of their markets."""
        action = self.env["ir.actions.act_window"]._for_xml_id("network_audit.network_audit_action")
        user = self.env.user
        auditor_only = user.has_group("network_audit.group_audit_auditor") and not (
            user.has_group("dealer_profile.group_network_officer")
        )
        action["context"] = {"search_default_my_audits": 1} if auditor_only else {}
        return action

    def _get_report_base_filename(self):
        """Name of the PDF the dealer downloads from the portal (portal's _show_report)."""
        self.ensure_one()
        return f"Audit Report - {self.name}"

    # Checklist logic ----------------------------------------------------------------

    @api.depends("line_ids.is_skipped")
    def _compute_skipped_count(self):
        for audit in self:
            audit.skipped_count = len(audit.line_ids.filtered("is_skipped"))

    def _link_conditions(self):
        """Point each conditional answer at the earlier answer of the same standard code
        it depends on (any version of it), then show or skip. Done when the answers are
        made and when the audit starts (planned audits follow the live standards)."""
        for audit in self:
            seen = {}
            for line in audit.line_ids:
                standard = line.standard_id
                trigger = standard.condition_standard_id
                trigger_line = seen.get(trigger.code) if trigger else False
                values = {
                    "condition_line_id": trigger_line.id if trigger_line else False,
                    "condition_value": standard.condition_value if trigger_line else False,
                }
                if (line.condition_line_id.id, line.condition_value) != (
                    values["condition_line_id"], values["condition_value"]
                ):
                    line._workflow().write(values)
                seen.setdefault(standard.code, line)
        self._apply_conditions()

    def _apply_conditions(self):
        """Show or skip the conditional answers after their trigger changed. One pass
        in the audit's order (a trigger comes first); a skipped trigger skips its
        dependents too. Only lines whose state changes are written."""
        to_skip, to_show = [], []
        for audit in self:
            if not audit.has_conditional_lines:
                continue
            lines = audit.line_ids
            skipped_ids, shown_ids = set(), set()
            for line in lines:
                trigger = line.condition_line_id
                skip = bool(trigger) and not line._condition_met_by(trigger, skipped_ids, shown_ids)
                if skip:
                    skipped_ids.add(line.id)
                if skip != line.is_skipped:
                    (to_skip if skip else to_show).append(line.id)
                    if not skip:
                        shown_ids.add(line.id)
        Line = self.env["network.audit.line"]
        if to_skip:
            Line.browse(to_skip)._workflow().write({"is_skipped": True})
        if to_show:
            Line.browse(to_show)._workflow().write({"is_skipped": False})

    # Signatures ---------------------------------------------------------------------

    @api.depends("auditor_signed_by_id")
    @api.depends_context("uid")
    def _compute_auditor_signer_name(self):
        for audit in self:
            audit.auditor_signer_name = (audit.auditor_signed_by_id or self.env.user).name

    def _check_signable(self):
        """Signatures are given on site, while the audit is conducted: after submission
        they are what the reviewer reads, and a reopen asks for them again."""
        closed = self.filtered(lambda audit: audit.state != "in_progress")
        if closed:
            raise UserError(self.env._(
                "%(audit)s is not in progress: it is signed on site, while the audit is "
                "conducted.", audit=closed[:1].display_name,
            ))
        others = self.filtered(lambda audit: not audit._is_audit_conductor())
        if others:
            raise AccessError(self.env._(
                "Only the auditors of %(audit)s sign it: they conducted it.",
                audit=others[:1].display_name,
            ))

    def _stamp_signatures(self, vals):
        now = fields.Datetime.now()
        stamps = {}
        if "auditor_signature" in vals:
            signed = bool(vals["auditor_signature"])
            stamps.update(auditor_signed_by_id=signed and self.env.uid,
                          auditor_signed_on=signed and now)
        if "manager_signature" in vals:
            stamps["manager_signed_on"] = bool(vals["manager_signature"]) and now
        if stamps:
            self._workflow().write(stamps)

    def _signature_problems(self):
        self.ensure_one()
        rule = self.program_id.signature_rule
        problems = []
        if rule in ("auditor", "auditor_manager") and not self.auditor_signature:
            problems.append(self.env._("%(audit)s: the auditor's signature is missing",
                                       audit=self.display_name))
        if rule == "auditor_manager" and not self._manager_signed() and not (
            self.manager_signature_missing_reason or ""
        ).strip():
            problems.append(self.env._(
                "%(audit)s: the outlet manager's name and signature are missing (or say "
                "why they could not sign)", audit=self.display_name,
            ))
        return problems

    def _manager_signed(self):
        self.ensure_one()
        return bool(self.manager_signature and (self.manager_signer_name or "").strip())

    # Answer history -----------------------------------------------------------------

    def _compute_history_count(self):
        counts = dict(self.env["network.audit.answer.history"]._read_group(
            [("audit_id", "in", self.ids)], ["audit_id"], ["__count"]
        ))
        for audit in self:
            audit.history_count = counts.get(audit, 0)

    def _log_reopen(self, states, reason):
        """A reopen is part of the answer history: from which state, by whom, why."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        self.env["network.audit.answer.history"].sudo().create([{
            "audit_id": audit.id,
            "company_id": audit.company_id.id,
            "kind": "reopen",
            "old_value": labels.get(states[audit.id]),
            "new_value": (reason or "").strip() or labels.get(audit.state),
            "user_id": self.env.uid,
        } for audit in self])

    def action_view_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "network_audit.network_audit_answer_history_action"
        )
        action["domain"] = [("audit_id", "=", self.id)]
        return action
