"""Checklist logic: a standard shown only when an earlier answer of the same audit
meets a condition, and answers that require a note, a photo or an action item.

A skipped standard is not applicable: it goes through the one scoring engine as N.A.
(``is_na``), so the score, the ranking, the KPIs, the PDF and the Excel export count
exactly the standards the auditor saw."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .network_audit_line import NetworkAuditLine as BaseLine

from .network_audit_standard import EVIDENCE_RULES

CONDITION_VALUES = [
    ("yes", "Answered Yes"),
    ("no", "Answered No"),
    ("passed", "Fulfilled"),
    ("failed", "Failed"),
]
# The answer fields whose change can show or hide the standards that depend on them.
TRIGGER_FIELDS = {"answer_yes_no", "answer_scale", "answer_numeric", "option_id", "not_applicable"}


class NetworkAuditStandard(models.Model):
    _inherit = "network.audit.standard"

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


class NetworkAuditLine(models.Model):
    _inherit = "network.audit.line"
    # Set by the audit's condition logic only: the auditor answers, the server decides
    # what is asked.
    _workflow_fields = (*BaseLine._workflow_fields, "condition_line_id", "condition_value",
                        "is_skipped")

    condition_line_id = fields.Many2one(
        "network.audit.line", string="Shown When Answer Of", readonly=True,
        ondelete="set null", index="btree_not_null",
        help="The earlier answer of the audit that shows or skips this standard.",
    )
    condition_value = fields.Selection(CONDITION_VALUES, readonly=True)
    is_skipped = fields.Boolean(
        string="Skipped", readonly=True,
        help="Its condition is not met: not asked, counted as not applicable.",
    )
    note_rule = fields.Selection(related="standard_id.note_rule")
    action_rule = fields.Selection(related="standard_id.action_rule")
    note_missing = fields.Boolean(compute="_compute_note_missing")

    @api.depends("comment", "is_failed", "is_na", "note_rule")
    def _compute_note_missing(self):
        for line in self:
            line.note_missing = not line.is_na and not (line.comment or "").strip() and (
                line.note_rule == "always" or (line.note_rule == "on_failure" and line.is_failed)
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.audit_id._workflow()._link_conditions()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if TRIGGER_FIELDS & vals.keys():
            self.audit_id._workflow()._apply_conditions()
        return result

    def _needs_action(self):
        """Whether the answer goes into the outlet's action plan."""
        self.ensure_one()
        if self.is_na or not self.is_answered:
            return False
        return self.action_rule == "always" or (
            self.action_rule == "on_failure" and self.is_failed
        )

    def _tablet_lines(self, current):
        """Skipped standards are not asked: Previous and Next pass them by."""
        return self.filtered(lambda line: not line.is_skipped or line in current)

    def _raw_answered(self):
        """Answered by the auditor, skipping left aside."""
        self.ensure_one()
        return bool(self.not_applicable or {
            "yes_no": self.answer_yes_no,
            "scale": self.answer_scale,
            "numeric": self.numeric_answered,
            "choice": self.option_id,
        }.get(self.answer_type))

    def _condition_met_by(self, trigger, skipped_ids, newly_shown_ids):
        """Whether ``trigger``'s answer, as it stands, shows this line."""
        self.ensure_one()
        if trigger.id in skipped_ids or not trigger._raw_answered():
            return False
        if trigger.not_applicable or trigger.answer_yes_no == "na":
            return False
        if self.condition_value in ("yes", "no"):
            return trigger.answer_yes_no == self.condition_value
        if trigger.id in newly_shown_ids:
            # Its stored verdict was the one of a skipped line: score it afresh.
            standard = trigger.standard_id
            failed = standard._score_answer(trigger) < standard.pass_score
        else:
            failed = trigger.is_failed
        return failed == (self.condition_value == "failed")


class NetworkAudit(models.Model):
    _inherit = "network.audit"

    skipped_count = fields.Integer(compute="_compute_skipped_count", string="Skipped")

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
            lines = audit.line_ids
            if not any(line.condition_line_id for line in lines):
                continue
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

    def action_start(self):
        result = super().action_start()
        self._workflow()._link_conditions()
        return result
