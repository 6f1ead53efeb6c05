from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import ANY_STATE, Allow

from .network_audit import AUDIT_TRANSITIONS, MANAGER, OFFICER

SHOPPER = "network_audit.group_mystery_shopper"
# Who reads the assignment itself (shopper, window, scenario): the network team and the
# shopper. The outlet reads the validated visit's score and answers, never who came.
ASSIGNMENT_READERS = (
    "network_audit.group_audit_viewer,network_audit.group_audit_auditor," + SHOPPER
)
# A mystery visit is conducted by its shopper alone, and reviewed like any audit.
MYSTERY_TRANSITIONS = {
    **AUDIT_TRANSITIONS,
    "planned": {
        "in_progress": Allow(SHOPPER, check="_is_visit_shopper", button="start"),
        "cancel": Allow(OFFICER, button="cancel"),
    },
    "in_progress": {
        "submitted": Allow(SHOPPER, check="_is_visit_shopper", button="submit"),
        "cancel": Allow(OFFICER, button="cancel"),
    },
    "validated": {
        "in_progress": Allow(MANAGER, button="reopen"),
        "validated": Allow(OFFICER, button="send_action_plan"),
    },
}
# What a shopper writes on their visit (through the portal form or JSON-RPC alike).
SHOPPER_AUDIT_FIELDS = {"summary"}
SHOPPER_LINE_FIELDS = {
    "answer_yes_no", "answer_scale", "answer_numeric", "option_id", "not_applicable",
    "comment", "photo_ids",
}


def _is_external_shopper(records):
    """A shopper writing by hand (not through a workflow method): answers only."""
    env = records.env
    return (
        not records._in_workflow() and env.user.share and env.user.has_group(SHOPPER)
    )


# Who wrote an audit or an answer last (and who made it): a visit's are its mystery
# shopper's, whose name the visited outlet never learns (shopper_id is kept from it).
AUTHOR_FIELDS = ("create_uid", "write_uid")


def _hides_authors(records, field):
    """Portal users (the outlet's dealers) do not read who made or last wrote an audit
    or an answer: on a mystery visit that is the shopper. The portal pages read the
    audits in sudo and show no author."""
    return field.name in AUTHOR_FIELDS and not records.env.su and records.env.user.share


class NetworkAudit(models.Model):
    """A mystery-shopping visit is a network.audit of a mystery program whose conductor
    is an external shopper (a portal user): same answers, scoring, review and KPI
    feed; its own transition table for who starts and submits it."""

    _inherit = "network.audit"  # pylint: disable=consider-merging-classes-inherited

    shopper_id = fields.Many2one(
        "res.users", string="Mystery Shopper", tracking=True, index="btree_not_null",
        copy=False, groups=ASSIGNMENT_READERS,
        domain=lambda self: [("group_ids", "in", self.env.ref(SHOPPER).ids)],
        help="The external shopper who makes the visit and fills the questionnaire.",
    )
    visit_from = fields.Date(groups=ASSIGNMENT_READERS, tracking=True)
    visit_to = fields.Date(groups=ASSIGNMENT_READERS, tracking=True)
    scenario = fields.Text(
        groups=ASSIGNMENT_READERS,
        help="What the shopper plays at the outlet (e.g. a family comparing two models).",
    )

    def _has_field_access(self, field, operation):
        return not _hides_authors(self, field) and super()._has_field_access(field, operation)

    @api.constrains("shopper_id", "program_id", "outlet_id")
    def _check_shopper(self):
        shopper_group = self.env.ref(SHOPPER)
        for audit in self.sudo().filtered("shopper_id"):
            if audit.audit_type != "mystery":
                raise ValidationError(self.env._(
                    "%(audit)s is not a mystery-shopping audit: only those get a shopper.",
                    audit=audit.display_name,
                ))
            if shopper_group not in audit.shopper_id.all_group_ids:
                raise ValidationError(self.env._(
                    "%(user)s is not a mystery shopper: give them the Mystery Shopper "
                    "role first.", user=audit.shopper_id.name,
                ))
            if audit.company_id not in audit.shopper_id.company_ids:
                raise ValidationError(self.env._(
                    "%(user)s does not work in the market of %(outlet)s: add the market "
                    "to the shopper's companies.",
                    user=audit.shopper_id.name, outlet=audit.outlet_id.name,
                ))

    @api.constrains("visit_from", "visit_to")
    def _check_visit_window(self):
        for audit in self.sudo():
            if audit.visit_from and audit.visit_to and audit.visit_from > audit.visit_to:
                raise ValidationError(self.env._(
                    "The visit window of %(audit)s ends before it begins.",
                    audit=audit.display_name,
                ))

    # Workflow: one table per kind of audit ----------------------------------------

    def _workflow_table(self):
        if len(self) == 1 and self.audit_type == "mystery":
            return MYSTERY_TRANSITIONS
        return self._workflow_transitions

    def _workflow_rule(self, current, target):
        table = self._workflow_table()
        rule = table.get(current, {}).get(target)
        return rule if rule is not None else table.get(ANY_STATE, {}).get(target)

    def _workflow_button_target(self, button):
        self.ensure_one()
        table = self._workflow_table()
        moves = {**table.get(ANY_STATE, {}), **table.get(self._workflow_state(), {})}
        return next((t for t, rule in moves.items() if rule.button == button), None)

    def _summary_text(self):
        """The summary as the shopper typed it, for the portal form."""
        self.ensure_one()
        return html2plaintext(self.summary or "").strip()

    def _is_visit_shopper(self):
        return self.sudo().shopper_id == self.env.user

    def _is_audit_conductor(self):
        """A mystery visit is conducted by its shopper alone."""
        self.ensure_one()
        if self.sudo().audit_type == "mystery":
            return self._is_visit_shopper()
        return super()._is_audit_conductor()

    def _check_workflow_write(self, vals):
        result = super()._check_workflow_write(vals)
        if _is_external_shopper(self) and set(vals) - SHOPPER_AUDIT_FIELDS - {
            name for name in vals if name.startswith(("message_", "activity_"))
        }:
            raise AccessError(self.env._(
                "A mystery shopper fills in the answers of their visit and nothing else."
            ))
        return result

    def action_start(self):
        mystery = self.filtered(lambda audit: audit.audit_type == "mystery")
        if not mystery:
            return super().action_start()
        # The shopper may start their visit (the check, as them); the audit's own start
        # then runs as server code, which would otherwise list them among the auditors.
        mystery._check_workflow_button("start")
        mystery.sudo()._workflow().write({"state": "in_progress"})
        for audit in mystery.sudo():
            audit._workflow().write({"pass_threshold": audit.program_id.pass_threshold})
        mystery.sudo()._workflow()._link_conditions()
        return super(NetworkAudit, self - mystery).action_start() if self - mystery else True

    def action_submit(self):
        mystery = self.filtered(lambda audit: audit.audit_type == "mystery")
        if not mystery or not _is_external_shopper(self):
            return super().action_submit()
        # Checked as the shopper; the draft action items it makes are HQ's to review,
        # which the shopper may neither read nor create.
        self._check_workflow_button("submit")
        return super(NetworkAudit, self.sudo()).action_submit()


class NetworkAuditLine(models.Model):
    _inherit = "network.audit.line"  # pylint: disable=consider-merging-classes-inherited

    def _has_field_access(self, field, operation):
        return not _hides_authors(self, field) and super()._has_field_access(field, operation)

    def _check_workflow_write(self, vals):
        result = super()._check_workflow_write(vals)
        if _is_external_shopper(self):
            if set(vals) - SHOPPER_LINE_FIELDS:
                raise AccessError(self.env._(
                    "A mystery shopper fills in the answers of their visit and nothing else."
                ))
            if any(line.audit_id.state != "in_progress" for line in self.sudo()):
                raise UserError(self.env._(
                    "Start the visit's questionnaire before answering it."
                ))
        return result


class NetworkAuditProgram(models.Model):
    _inherit = "network.audit.program"  # pylint: disable=consider-merging-classes-inherited

    def _plan_audits(self, day=None):
        """Mystery visits are not planned for every outlet each period: HQ picks the
        outlets and assigns a shopper to each visit."""
        others = self.filtered(lambda program: program.audit_type != "mystery")
        return super(NetworkAuditProgram, others)._plan_audits(day=day)
