"""Signatures at submission: the auditor signs, and so does the outlet's manager on
site (name and drawn signature), or the auditor records why they could not. The
program decides which signatures its audits need; ``action_submit`` refuses an audit
without them, whatever the client."""

from odoo import fields, models
from odoo.exceptions import UserError

from .network_audit import NetworkAudit as BaseAudit

SIGNATURE_RULES = [
    ("none", "No signature"),
    ("auditor", "The auditor signs"),
    ("auditor_manager", "The auditor and the outlet's manager sign"),
]
# What the auditor fills in on site while the audit is in progress.
SIGNATURE_INPUT_FIELDS = {
    "auditor_signature", "manager_signature", "manager_signer_name",
    "manager_signature_missing_reason",
}


class NetworkAuditProgram(models.Model):
    _inherit = "network.audit.program"

    signature_rule = fields.Selection(
        SIGNATURE_RULES, string="Signatures at Submission", required=True, default="none",
        tracking=True,
        help="Who signs an audit of this program before it can be submitted. When the "
        "outlet's manager must sign, the auditor may instead record why they could not.",
    )


class NetworkAudit(models.Model):
    _inherit = "network.audit"
    # Who signed and when are the server's record of the signing, not an input.
    _workflow_fields = (*BaseAudit._workflow_fields, "auditor_signed_by_id",
                        "auditor_signed_on", "manager_signed_on")

    signature_rule = fields.Selection(related="program_id.signature_rule")
    auditor_signature = fields.Image(copy=False, max_width=1024, max_height=1024)
    auditor_signed_by_id = fields.Many2one("res.users", string="Signed By", readonly=True,
                                           copy=False)
    auditor_signed_on = fields.Datetime(readonly=True, copy=False)
    manager_signature = fields.Image(string="Manager's Signature", copy=False,
                                     max_width=1024, max_height=1024)
    manager_signer_name = fields.Char(string="Manager's Name", copy=False)
    manager_signed_on = fields.Datetime(readonly=True, copy=False)
    manager_signature_missing_reason = fields.Text(
        string="Why the Manager Did Not Sign", copy=False,
        help="When the outlet's manager could not sign on site: the auditor says why.",
    )

    def write(self, vals):
        signing = SIGNATURE_INPUT_FIELDS & vals.keys()
        if signing and not self._in_workflow():
            self._check_signable()
        result = super().write(vals)
        if signing:
            self._stamp_signatures(vals)
        return result

    def _check_signable(self):
        """Signatures are given on site, while the audit is conducted: after submission
        they are what the reviewer reads, and a reopen asks for them again."""
        closed = self.filtered(lambda audit: audit.state != "in_progress")
        if closed:
            raise UserError(self.env._(
                "%(audit)s is not in progress: it is signed on site, while the audit is "
                "conducted.", audit=closed[:1].display_name,
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

    def _check_complete(self):
        super()._check_complete()
        problems = [problem for audit in self for problem in audit._signature_problems()]
        if problems:
            raise UserError(self.env._(
                "The audit cannot be submitted yet:\n%(problems)s",
                problems="\n".join(f"- {p}" for p in problems),
            ))

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

    def action_reopen(self, reason=None):
        """The signatures were given to the submitted answers: a reopened audit is signed
        again at its next submission."""
        result = super().action_reopen(reason=reason)
        self._workflow().write({
            "auditor_signature": False, "auditor_signed_by_id": False,
            "auditor_signed_on": False, "manager_signature": False,
            "manager_signer_name": False, "manager_signed_on": False,
            "manager_signature_missing_reason": False,
        })
        return result
