from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow

_lt = LazyTranslate(__name__)
AUDIT_TYPES = [
    ("cx", "Customer Experience"),
    ("facility", "Facility"),
    ("process", "Process Compliance"),
    ("mystery", "Mystery Shopping"),
    ("handover", "Handover Location"),
]
FREQUENCIES = [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")]
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def check_auditors(users, company, record, upward=False):
    """Raise ValidationError, naming the first user of ``users`` who cannot audit for
    ``company``: who is not an internal user holding the auditor group (officers hold
    it), or works in no company that ``company`` belongs to (a region or the head office
    stands for the markets below it, as the audits' record rules say). ``upward``: a
    market's auditor may audit by a program of their region or head office too (they
    read those programs). Assigned by id over JSON-RPC, a portal user, a CX agent or an
    auditor of another market was stored as the record's auditor before."""
    env = record.env
    group = env.ref("network_audit.group_audit_auditor")
    target = company.sudo().parent_path or ""
    for user in users.sudo():
        paths = user.company_ids.mapped("parent_path")
        reaches = any(target.startswith(path) for path in paths) or (
            upward and any(path.startswith(target) for path in paths)
        )
        if user.share or group not in user.all_group_ids or not reaches:
            raise ValidationError(env._(
                "%(user)s cannot be an auditor of %(record)s: only auditors (or network "
                "officers) working in %(company)s are.",
                user=user.name, record=record.display_name, company=company.sudo().name,
            ))
SIGNATURE_RULES = [
    ("none", "No signature"),
    ("auditor", "The auditor signs"),
    ("auditor_manager", "The auditor and the outlet's manager sign"),
]


class NetworkAuditProgram(models.Model):
    _name = "network.audit.program"
    _description = "Audit Program"
    _inherit = ["mail.thread", "network.audit.applicability.mixin", "dealer.workflow.mixin"]
    _order = "company_id, name"
    _check_company_auto = True
    _workflow_fields = ("state",)
    _workflow_state_field = "state"
    _workflow_button_verbs = {"start": _lt("started"), "stop": _lt("stopped")}
    # Officers run the programs of their companies (record rules: perm_write).
    _workflow_transitions = {
        "draft": {"running": Allow("dealer_profile.group_network_officer", button="start")},
        "stopped": {"running": Allow("dealer_profile.group_network_officer", button="start")},
        "running": {"stopped": Allow("dealer_profile.group_network_officer", button="stop")},
    }

    active = fields.Boolean(default=True)
    name = fields.Char(required=True, tracking=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Region / Market",
        required=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="Owner of the program; by default it audits the outlets of this company "
        "and of its branches.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("stopped", "Stopped")],
        default="draft", required=True, tracking=True, copy=False,
    )
    audit_type = fields.Selection(AUDIT_TYPES, required=True, default="cx", tracking=True)
    frequency = fields.Selection(FREQUENCIES, required=True, default="quarterly", tracking=True)
    pass_threshold = fields.Float(
        string="Pass Threshold (%)", default=80.0, tracking=True, digits=(5, 1),
        help="Minimum total score to pass, unless a critical standard failed.",
    )
    section_ids = fields.One2many(
        "network.audit.program.section", "program_id", string="Sections", copy=True
    )
    standard_count = fields.Integer(compute="_compute_standard_count")
    auditor_ids = fields.Many2many(
        "res.users",
        string="Auditors",
        domain="[('share', '=', False)]",
        help="Who may be assigned; empty: every auditor allowed in the outlet's market.",
    )
    audit_ids = fields.One2many("network.audit", "program_id", string="Audits")
    audit_count = fields.Integer(compute="_compute_audit_count")
    can_start = fields.Boolean(compute="_compute_workflow_can")
    can_stop = fields.Boolean(compute="_compute_workflow_can")
    signature_rule = fields.Selection(
        SIGNATURE_RULES, string="Signatures at Submission", required=True, default="none",
        tracking=True,
        help="Who signs an audit of this program before it can be submitted. When the "
        "outlet's manager must sign, the auditor may instead record why they could not.",
    )

    _threshold_range = models.Constraint(
        "CHECK(pass_threshold >= 0 AND pass_threshold <= 100)",
        "The pass threshold is a percentage between 0 and 100.",
    )

    @api.depends("section_ids.standard_ids")
    def _compute_standard_count(self):
        for program in self:
            program.standard_count = len(program.section_ids.standard_ids)

    @api.constrains("auditor_ids", "company_id")
    def _check_auditors(self):
        for program in self:
            check_auditors(program.auditor_ids, program.company_id, program, upward=True)

    def _compute_audit_count(self):
        counts = dict(self.env["network.audit"]._read_group(
            [("program_id", "in", self.ids)], ["program_id"], ["__count"]
        ))
        for program in self:
            program.audit_count = counts.get(program, 0)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        result = super().write(vals)
        self._check_company_move(vals)
        return result

    def _workflow_unlink_locked(self):
        return self.filtered(lambda p: p.state == "running")

    def _workflow_unlink_message(self, record):
        return self.env._(
            "%(program)s is running: stop it before deleting it.", program=record.display_name
        )

    def action_start(self):
        self._check_workflow_button("start")
        self._workflow().write({"state": "running"})

    def action_stop(self):
        self._check_workflow_button("stop")
        self._workflow().write({"state": "stopped"})

    def action_view_audits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("network_audit.network_audit_action")
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action

    def action_plan_now(self):
        return self._plan_audits()

    # Scheduling ------------------------------------------------------------------

    def _period_start(self, day):
        self.ensure_one()
        months = FREQUENCY_MONTHS[self.frequency]
        month = ((day.month - 1) // months) * months + 1
        return date(day.year, month, 1)

    def _period_end(self, period_start):
        self.ensure_one()
        return period_start + relativedelta(months=FREQUENCY_MONTHS[self.frequency], days=-1)

    def _program_outlet_domain(self):
        domain = self._applicable_outlet_domain()
        if not self.market_ids:
            domain += [
                "|",
                ("company_id", "child_of", self.company_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        return domain

    @api.model
    def _cron_plan_audits(self):
        programs = self.search([("state", "=", "running")])
        audits = programs._plan_audits()
        return audits

    def _plan_audits(self, day=None):
        """Plan one audit per applicable outlet for the current period of each
        program. Idempotent: an outlet already planned for the period is skipped."""
        day = day or fields.Date.context_today(self)
        Audit = self.env["network.audit"]
        created = Audit.browse()
        load = Audit._auditor_load()
        for program in self:
            period_start = program._period_start(day)
            outlets = self.env["dealer.outlet"].search(program._program_outlet_domain())
            planned = {
                outlet.id
                for (outlet,) in Audit.with_context(active_test=False)._read_group(
                    [("program_id", "=", program.id), ("period_start", "=", period_start)],
                    ["outlet_id"],
                )
            }
            vals_list = []
            for outlet in outlets.filtered(lambda o, p=planned: o.id not in p):
                auditor = program._pick_auditor(outlet, load)
                vals_list.append({
                    "program_id": program.id,
                    "outlet_id": outlet.id,
                    "period_start": period_start,
                    "date": period_start + relativedelta(days=14),
                    "auditor_ids": [(6, 0, auditor.ids)],
                })
                if auditor:
                    load[auditor.id] = load.get(auditor.id, 0) + 1
            # period_start is the audit's scheduling slot: planning is its workflow.
            created |= Audit._workflow().create(vals_list)
        return created

    def _pick_auditor(self, outlet, load):
        """The auditor with the fewest open audits among those allowed in the market."""
        self.ensure_one()
        candidates = self.auditor_ids or self.env.ref(
            "network_audit.group_audit_auditor"
        ).user_ids
        candidates = candidates.filtered(
            lambda u: not u.share and u.active and outlet.company_id in u.company_ids
        )
        if not candidates:
            return candidates
        return min(candidates, key=lambda u: (load.get(u.id, 0), u.id))


class NetworkAuditProgramSection(models.Model):
    _name = "network.audit.program.section"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Audit Program Section"
    _order = "sequence, id"

    program_id = fields.Many2one(
        "network.audit.program", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    standard_ids = fields.Many2many(
        "network.audit.standard",
        string="Standards",
        domain="[('current_standard_id', '=', False)]",
        help="Picked from the library; a standard created here is added to the library.",
    )
