import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import is_uninstalling

ANSWER_TYPES = [
    ("yes_no", "Yes / No / N.A."),
    ("scale", "Scale 0-5"),
    ("numeric", "Number against a target"),
    ("choice", "Choice (score per option)"),
]
CRITICALITIES = [("critical", "Critical"), ("major", "Major"), ("minor", "Minor")]
EVIDENCE_RULES = [
    ("never", "Never"),
    ("on_failure", "On failure"),
    ("always", "Always"),
]
# What an earlier answer must be for a conditional standard to be asked.
CONDITION_VALUES = [
    ("yes", "Answered Yes"),
    ("no", "Answered No"),
    ("passed", "Fulfilled"),
    ("failed", "Failed"),
]
# Changing any of these on a standard that audits used creates a new version.
VERSIONED_FIELDS = {
    "name", "requirement", "guidance", "category_id", "answer_type", "numeric_target",
    "numeric_higher_is_better", "option_ids", "weight", "criticality", "evidence_rule",
    "pass_score", "condition_standard_id", "condition_value", "note_rule", "action_rule",
}


class NetworkAuditStandard(models.Model):
    _name = "network.audit.standard"
    _description = "Audit Standard"
    _inherit = ["mail.thread", "network.audit.applicability.mixin", "dealer.input.guard.mixin"]
    _order = "category_sequence, code, version desc"
    _rec_names_search = ["name", "code"]

    active = fields.Boolean(default=True)
    code = fields.Char(required=True, tracking=True, index=True)
    name = fields.Char(string="Title", required=True, tracking=True, translate=True)
    category_id = fields.Many2one(
        "network.audit.category", required=True, ondelete="restrict", tracking=True
    )
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    requirement = fields.Html(
        required=True, translate=True, help="What the outlet must fulfil."
    )
    guidance = fields.Html(
        string="Assessment Guidance",
        translate=True,
        help="How the auditor judges whether the standard is fulfilled; shown next to "
        "the question while auditing.",
    )
    answer_type = fields.Selection(ANSWER_TYPES, required=True, default="yes_no", tracking=True)
    numeric_target = fields.Float(string="Target")
    numeric_higher_is_better = fields.Boolean(string="Higher is Better", default=True)
    option_ids = fields.One2many(
        "network.audit.standard.option", "standard_id", string="Options", copy=True
    )
    pass_score = fields.Float(
        default=100.0,
        help="Score (0-100) from which the standard counts as fulfilled. A yes/no "
        "standard scores 100 or 0; a 0-5 scale scores 20 per step.",
    )
    weight = fields.Float(default=1.0, tracking=True)
    criticality = fields.Selection(CRITICALITIES, required=True, default="minor", tracking=True)
    evidence_rule = fields.Selection(
        EVIDENCE_RULES, string="Photo Evidence", required=True, default="on_failure"
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    current_standard_id = fields.Many2one(
        "network.audit.standard",
        string="Current Version",
        readonly=True,
        index="btree_not_null",
        help="On an old version: the live standard that replaced it.",
    )
    previous_version_ids = fields.One2many(
        "network.audit.standard", "current_standard_id", string="Previous Versions",
        context={"active_test": False},
    )
    line_count = fields.Integer(compute="_compute_line_count", string="Times Audited")
    # Checklist logic: asked only when an earlier answer meets the condition; what an
    # answer requires besides its photo evidence.
    condition_standard_id = fields.Many2one(
        "network.audit.standard",
        string="Shown When",
        ondelete="restrict",
        domain="[('current_standard_id', '=', False), ('id', '!=', id)]",
        help="Ask this standard only when the answer to that earlier standard of the "
        "audit meets the condition; otherwise it is skipped and counts as not applicable.",
    )
    condition_value = fields.Selection(CONDITION_VALUES, string="Condition")
    note_rule = fields.Selection(
        EVIDENCE_RULES, string="Note Required", required=True, default="never",
        help="When the auditor must write a note before submitting.",
    )
    action_rule = fields.Selection(
        EVIDENCE_RULES, string="Action Item", required=True, default="on_failure",
        help="When the answer creates an item of the outlet's action plan.",
    )


    _code_version_uniq = models.Constraint(
        "UNIQUE(code, version)", "A standard with this code and version already exists."
    )
    _weight_positive = models.Constraint(
        "CHECK(weight >= 0)", "The weight of a standard cannot be negative."
    )
    _pass_score_range = models.Constraint(
        "CHECK(pass_score >= 0 AND pass_score <= 100)",
        "The pass score of a standard is between 0 and 100.",
    )

    @api.constrains("answer_type", "option_ids", "numeric_target")
    def _check_answer_setup(self):
        for standard in self:
            if standard.answer_type == "choice" and len(standard.option_ids) < 2:
                raise ValidationError(self.env._(
                    "Standard %(code)s: a choice question needs at least two options.",
                    code=standard.code,
                ))
            if standard.answer_type == "numeric" and not (
                math.isfinite(standard.numeric_target) and standard.numeric_target > 0
            ):
                raise ValidationError(self.env._(
                    "Standard %(code)s: a numeric question needs a target above zero.",
                    code=standard.code,
                ))

    @api.constrains("condition_standard_id", "condition_value", "answer_type")
    def _check_condition(self):
        for standard in self.filtered("condition_standard_id"):
            trigger = standard.condition_standard_id
            if not standard.condition_value:
                raise ValidationError(self.env._(
                    "Standard %(code)s: say which answer of %(trigger)s shows it.",
                    code=standard.code, trigger=trigger.code,
                ))
            if trigger.code == standard.code:
                raise ValidationError(self.env._(
                    "Standard %(code)s cannot depend on its own answer.", code=standard.code,
                ))
            if standard.condition_value in ("yes", "no") and trigger.answer_type != "yes_no":
                raise ValidationError(self.env._(
                    "Standard %(code)s: %(trigger)s is not a yes/no question; show it on "
                    "Fulfilled or Failed instead.", code=standard.code, trigger=trigger.code,
                ))

    def _compute_line_count(self):
        counts = dict(self.env["network.audit.line"]._read_group(
            [("standard_id", "in", self.ids)], ["standard_id"], ["__count"]
        ))
        for standard in self:
            standard.line_count = counts.get(standard, 0)

    @api.depends("code", "version")
    def _compute_display_name(self):
        for standard in self:
            name = f"[{standard.code}] {standard.name}" if standard.code else standard.name
            if standard.version > 1 or standard.current_standard_id:
                name = f"{name} (v{standard.version})"
            standard.display_name = name

    def write(self, vals):
        # Nothing skips this (no context key: a JSON-RPC client sends any): the writes
        # of _freeze_version touch no versioned field, and its copy is in no audit.
        if VERSIONED_FIELDS & vals.keys():
            for standard in self._used_in_audits():
                if standard._versioned_change(vals):
                    standard._freeze_version()
        return super().write(vals)

    def _versioned_change(self, vals):
        """Whether vals really change the wording or scoring (a form saving the same
        values, or a data file reloaded, must not create a version)."""
        self.ensure_one()
        for name in VERSIONED_FIELDS & vals.keys():
            field = self._fields[name]
            if field.type == "one2many":
                return True
            current = field.convert_to_write(self[name], self)
            new = field.convert_to_write(field.convert_to_cache(vals[name], self), self)
            if field.type == "html":
                current, new = str(current or ""), str(new or "")
            if current != new:
                return True
        return False

    def _used_in_audits(self):
        """Standards whose answers are recorded in audits already started."""
        if not self.ids:
            return self.browse()
        groups = self.env["network.audit.line"].sudo()._read_group(
            [("standard_id", "in", self.ids), ("audit_id.state", "!=", "planned")],
            ["standard_id"],
        )
        return self.browse([standard.id for (standard,) in groups])

    def _freeze_version(self):
        """Keep the current wording and scoring as an archived version, and move the
        answers already given onto it: past audits keep what they were done with."""
        self.ensure_one()
        version = self.version
        # (code, version) is unique: the live standard gives its number up first.
        self.version = version + 1
        self.flush_recordset(["version"])
        frozen = self.copy({
            "code": self.code,
            "version": version,
            "active": False,
            "current_standard_id": self.id,
            "kind_ids": [(6, 0, self.kind_ids.ids)],
            "sales_model_ids": [(6, 0, self.sales_model_ids.ids)],
            "market_ids": [(6, 0, self.market_ids.ids)],
        })
        self.previous_version_ids.write({"current_standard_id": self.id})
        lines = self.env["network.audit.line"].sudo().search(
            [("standard_id", "=", self.id), ("audit_id.state", "!=", "planned")]
        )
        option_map = dict(zip(self.option_ids, frozen.option_ids, strict=True))
        for option, frozen_option in option_map.items():
            lines.filtered(lambda line, o=option: line.option_id == o).option_id = frozen_option
        lines.standard_id = frozen
        # Their action items keep quoting the requirement the outlet was audited on.
        lines.env["network.audit.action"].search([("line_id", "in", lines.ids)]).write(
            {"standard_id": frozen.id}
        )
        return frozen

    # Scoring ----------------------------------------------------------------

    def _score_answer(self, line):
        """Score (0..100) of an answered, applicable line against this standard."""
        self.ensure_one()
        if self.answer_type == "yes_no":
            return 100.0 if line.answer_yes_no == "yes" else 0.0
        if self.answer_type == "scale":
            return 20.0 * int(line.answer_scale)
        if self.answer_type == "numeric":
            value, target = line.answer_numeric, self.numeric_target
            # NaN compares false with everything: min/max would make it 100 %.
            if not (math.isfinite(value) and math.isfinite(target) and target > 0):
                return 0.0
            if self.numeric_higher_is_better:
                ratio = value / target
            else:
                ratio = target / value if value > 0 else 1.0
            return round(100.0 * max(0.0, min(1.0, ratio)), 2)
        return line.option_id.score


class NetworkAuditStandardOption(models.Model):
    _name = "network.audit.standard.option"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Audit Standard Answer Option"
    _order = "sequence, id"

    standard_id = fields.Many2one(
        "network.audit.standard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    score = fields.Float(required=True, help="Score (0-100) this answer earns.")

    _score_range = models.Constraint(
        "CHECK(score >= 0 AND score <= 100)", "An option's score is between 0 and 100."
    )

    def write(self, vals):
        # An option is part of its standard's wording and scoring: changing one that
        # started audits use is a versioned change of the standard, as on its form.
        changed = self.filtered(lambda option: any(
            field in vals and option._fields[field].convert_to_write(option[field], option)
            != vals[field] for field in ("name", "score", "standard_id")
        ))
        for standard in changed.standard_id._used_in_audits():
            standard._freeze_version()
        return super().write(vals)

    # at_uninstall=True: Odoo skips at_uninstall=False methods for a ``_force_unlink``
    # context, whoever sends it (is_uninstalling).
    @api.ondelete(at_uninstall=True)
    def _unlink_except_answered(self):
        """An answer given in an audit keeps its option: its score was computed from it.
        Removing an option on the standard's form (a versioned change) first moves those
        answers onto the frozen version, so only a direct deletion meets this."""
        if is_uninstalling(self.env):
            return
        used = self.env["network.audit.line"].sudo()._read_group(
            [("option_id", "in", self.ids), ("audit_id.state", "!=", "planned")],
            ["option_id"], limit=1,
        )
        if used:
            raise UserError(self.env._(
                "Option %(option)s of standard %(standard)s is an answer of started "
                "audits: remove it on the standard's form instead (the audits keep the "
                "version they were answered with).",
                option=used[0][0].name, standard=used[0][0].standard_id.display_name,
            ))
