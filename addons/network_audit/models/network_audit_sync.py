"""The offline audit app's server side: what a tablet downloads, how its queued
changes are applied.

A tablet works without network and sends its changes later, maybe twice (a lost
answer is retried), maybe after another device changed the same answer. So every
change it sends is an *operation* with an id the tablet made: an operation is
applied once whatever the number of retries (its verdict is kept), an answer
changed elsewhere since the tablet downloaded it is a conflict the auditor
resolves, and the server's own rules (locked audits, assignments, complete
answers) decide as for any other write: the operation is applied as the auditor.
"""

import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

# What an answer is made of, as the app edits it.
ANSWER_FIELDS = (
    "answer_yes_no", "answer_scale", "answer_numeric", "option_id", "not_applicable", "comment",
)
SYNC_VERDICTS = [
    ("ok", "Applied"),
    ("refused", "Refused"),
]
MAX_PHOTO_BYTES = 12 * 1024 * 1024
OPS_PER_SYNC = 400


class NetworkAuditSyncOp(models.Model):
    _name = "network.audit.sync.op"
    _description = "Audit App Operation"
    _order = "id desc"
    _log_access = True

    uuid = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    device = fields.Char(readonly=True)
    kind = fields.Selection(
        [("start", "Start"), ("answer", "Answer"), ("photo", "Photo"), ("submit", "Submit")],
        required=True, readonly=True,
    )
    audit_id = fields.Many2one("network.audit", readonly=True, index=True, ondelete="cascade")
    line_id = fields.Many2one("network.audit.line", readonly=True, ondelete="cascade")
    verdict = fields.Selection(SYNC_VERDICTS, required=True, readonly=True)
    message = fields.Char(readonly=True)

    _uuid_user_uniq = models.Constraint(
        "UNIQUE(user_id, uuid)", "An operation of the audit app is stored once."
    )


class NetworkAuditLine(models.Model):
    _inherit = "network.audit.line"  # pylint: disable=consider-merging-classes-inherited

    # Bumped by every change of the answer, whoever makes it; the app sends the
    # version it started from, so a change made elsewhere in between is a conflict.
    sync_version = fields.Integer(readonly=True, default=0, copy=False)
    # The app device that made the last change, so its own later edits (sent with
    # the version it downloaded) are no conflict with itself.
    sync_device = fields.Char(readonly=True, copy=False)

    def write(self, vals):
        if {"sync_version", "sync_device"} & set(vals):
            raise AccessError(self.env._("The version of an answer is kept by the server."))
        result = super().write(vals)
        if self and (set(ANSWER_FIELDS) | {"photo_ids"}) & set(vals):
            self.env.cr.execute(
                "UPDATE network_audit_line SET sync_version = sync_version + 1, "
                "sync_device = NULL WHERE id IN %s",
                [tuple(self.ids)],
            )
            self.invalidate_recordset(["sync_version", "sync_device"])
        return result

    def _sync_mark_device(self, device):
        self.env.cr.execute(
            "UPDATE network_audit_line SET sync_device = %s WHERE id IN %s",
            [device, tuple(self.ids)],
        )
        self.invalidate_recordset(["sync_device"])

    def _audit_app_values(self):
        """One answer as the app shows and edits it."""
        self.ensure_one()
        return {
            "answer_yes_no": self.answer_yes_no or None,
            "answer_scale": self.answer_scale or None,
            "answer_numeric": self.answer_numeric if self.numeric_answered else None,
            "option_id": self.option_id.id or None,
            "not_applicable": self.not_applicable,
            "comment": self.comment or "",
            "photo_count": len(self.photo_ids),
            "version": self.sync_version,
        }

    def _audit_app_conflicts(self, op, device):
        """Another device (or the backend form) changed the answer since the app's
        copy: the app's own later edits are not a conflict."""
        self.ensure_one()
        return self.sync_version != op["base"] and self.sync_device != device

    def _audit_app_answer_vals(self, values):
        """The answer fields the app sends, checked against the standard's answer type."""
        self.ensure_one()
        vals = {}
        for key, value in values.items():
            if key not in ANSWER_FIELDS:
                raise ValidationError(self.env._("Unknown answer field: %(field)s", field=key[:40]))
            if key == "option_id" and value and value not in self.standard_id.option_ids.ids:
                raise ValidationError(self.env._("This option does not belong to the standard."))
            if key == "answer_numeric" and value is None:
                continue
            vals[key] = value if value is not None else False
        return vals

    def _audit_app_add_photo(self, op):
        self.ensure_one()
        try:
            data = base64.b64decode(op.get("data") or "", validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(self.env._("The photo is not valid base64.")) from error
        if not data:
            raise ValidationError(self.env._("The photo is empty."))
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError(self.env._("The photo is larger than 12 MB."))
        attachment = self.env["ir.attachment"].create({
            "name": (op.get("name") or "photo.jpg")[:128],
            "raw": data,
            "res_model": self._name,
            "res_id": self.id,
        })
        self.write({"photo_ids": [(4, attachment.id)]})


class NetworkAudit(models.Model):
    _inherit = "network.audit"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _audit_app_terms(self):
        """The app's words in the auditor's language, rendered into its page (the app
        itself runs offline, with no server to translate)."""
        return {
            "title": self.env._("Audits"),
            "download": self.env._("Download my audits"),
            "sync": self.env._("Send changes"),
            "online": self.env._("Online"),
            "offline": self.env._("Offline: your changes are kept on this tablet"),
            "pending": self.env._("changes waiting to be sent"),
            "all_sent": self.env._("All changes sent"),
            "no_audits": self.env._(
                "No audit assigned to you. Download again once you are online."
            ),
            "start": self.env._("Start audit"),
            "previous": self.env._("Previous"),
            "next": self.env._("Next"),
            "back": self.env._("All standards"),
            "guidance": self.env._("Guidance"),
            "requirement": self.env._("Requirement"),
            "last_time": self.env._("Last audit"),
            "open_actions": self.env._("Open actions of this outlet"),
            "yes": self.env._("Yes"),
            "no": self.env._("No"),
            "na": self.env._("N.A."),
            "measured": self.env._("Measured"),
            "target": self.env._("Target"),
            "note": self.env._("Note"),
            "photo": self.env._("Take photo"),
            "photos": self.env._("photos"),
            "photo_required": self.env._("A photo is required for this standard."),
            "submit": self.env._("Submit audit"),
            "submitted": self.env._("Submitted"),
            "conflict": self.env._("Changed on another device"),
            "keep_mine": self.env._("Keep my answer"),
            "keep_theirs": self.env._("Take theirs"),
            "refused": self.env._("Refused by the server"),
            "dismiss": self.env._("Dismiss"),
            "answered": self.env._("answered"),
            "not_answered": self.env._("Not answered"),
        }

    # Download --------------------------------------------------------------------

    @api.model
    def _audit_app_download(self):
        """The audits the current user conducts, with all the app needs offline."""
        audits = self.search([
            ("auditor_ids", "in", self.env.user.id),
            ("state", "in", ("planned", "in_progress")),
        ])
        previous = audits._audit_app_previous_answers()
        open_actions = audits._audit_app_open_actions()
        return [
            audit._audit_app_audit(
                previous.get(audit.id, {}), open_actions.get(audit.outlet_id.id, [])
            )
            for audit in audits
        ]

    def _audit_app_audit(self, previous, open_actions):
        self.ensure_one()
        outlet = self.outlet_id
        return {
            "id": self.id,
            "name": self.display_name,
            "outlet": outlet.display_name,
            "address": ", ".join(filter(None, [outlet.street, outlet.zip, outlet.city])),
            "date": fields.Date.to_string(self.date) if self.date else None,
            "state": self.state,
            "program": self.program_id.display_name,
            "open_actions": open_actions,
            "lines": [self._audit_app_line(line, previous.get(line.standard_id.id)) for line in
                      self.line_ids],
        }

    def _audit_app_line(self, line, previous):
        standard = line.standard_id
        return {
            "id": line.id,
            "code": standard.code or "",
            "name": standard.name,
            "section": line.section_name or line.section_id.display_name or "",
            "requirement": standard.requirement or "",
            "guidance": standard.guidance or "",
            "answer_type": standard.answer_type,
            "evidence_rule": standard.evidence_rule,
            "numeric_target": (
                standard.numeric_target if standard.answer_type == "numeric" else None
            ),
            "options": [{"id": o.id, "name": o.name} for o in standard.option_ids],
            "previous": previous,
            "value": line._audit_app_values(),
        }

    def _audit_app_previous_answers(self):
        """{audit id: {standard id: the outlet's answer at its last validated audit}}."""
        if not self:
            return {}
        last = {}
        for audit in self.sudo().search(
            [("outlet_id", "in", self.outlet_id.ids), ("state", "=", "validated")],
            order="date desc, id desc",
        ):
            last.setdefault(audit.outlet_id.id, audit)
        result = {}
        for audit in self:
            earlier = last.get(audit.outlet_id.id)
            if not earlier or earlier == audit:
                continue
            result[audit.id] = {
                line.standard_id.id: {
                    "date": fields.Date.to_string(earlier.date) if earlier.date else None,
                    "score": line.score,
                    "na": line.is_na,
                    "failed": line.is_failed,
                    "comment": line.comment or "",
                }
                for line in earlier.line_ids
            }
        return result

    def _audit_app_open_actions(self):
        """{outlet id: its action items not done yet}: read after the access check on
        the audits themselves, as the auditor checks them on site."""
        actions = self.env["network.audit.action"].sudo().search([
            ("outlet_id", "in", self.outlet_id.ids),
            ("state", "in", ("open", "in_progress", "rejected")),
        ], order="due_date, id")
        states = dict(actions._fields["state"]._description_selection(self.env))
        result = {}
        for action in actions:
            result.setdefault(action.outlet_id.id, []).append({
                "name": action.name,
                "due_date": fields.Date.to_string(action.due_date),
                "state": states[action.state],
            })
        return result

    # Sync ----------------------------------------------------------------------

    @api.model
    def _audit_app_sync(self, device, ops):
        """Apply the app's queued operations in their order; one verdict each."""
        if len(ops) > OPS_PER_SYNC:
            raise UserError(self.env._(
                "Send at most %(count)s changes at once.", count=OPS_PER_SYNC
            ))
        done = {
            op.uuid: op for op in self.env["network.audit.sync.op"].sudo().search([
                ("user_id", "=", self.env.uid), ("uuid", "in", [op["uuid"] for op in ops]),
            ])
        }
        return [self._audit_app_apply_one(device, op, done.get(op["uuid"])) for op in ops]

    def _audit_app_apply_one(self, device, op, stored):
        if stored:
            return self._audit_app_verdict(op, stored.verdict, stored.message, duplicate=True)
        line = audit = None
        try:
            with self.env.cr.savepoint():
                audit, line = self._audit_app_targets(op)
                if op["kind"] == "answer" and line._audit_app_conflicts(op, device):
                    return self._audit_app_verdict(op, "conflict", self.env._(
                        "This answer was changed on another device since you downloaded it."
                    ), line=line)
                self._audit_app_execute(op, audit, line, device)
                verdict, message = "ok", ""
        except (UserError, ValidationError, AccessError, MissingError) as error:
            verdict, message = "refused", str(error.args[0])[:500]
        self.env["network.audit.sync.op"].sudo().create({
            "uuid": op["uuid"], "user_id": self.env.uid, "device": device, "kind": op["kind"],
            "audit_id": audit.id if audit else False, "line_id": line.id if line else False,
            "verdict": verdict, "message": message,
        })
        return self._audit_app_verdict(op, verdict, message, line=line, audit=audit)

    def _audit_app_targets(self, op):
        """The audit (and answer) an operation is about, as the auditor may reach them:
        a line of an audit no longer theirs is refused like the audit itself."""
        if op["kind"] in ("start", "submit"):
            audit = self.browse(op["audit"]).exists()
            line = self.env["network.audit.line"]
        else:
            line = self.env["network.audit.line"].browse(op["line"]).exists()
            audit = line.audit_id
        if not audit:
            raise MissingError(self.env._("This audit no longer exists."))
        audit.check_access("write")
        if self.env.user not in audit.auditor_ids:
            raise AccessError(self.env._(
                "%(audit)s is no longer assigned to you.", audit=audit.display_name
            ))
        return audit, line

    def _audit_app_execute(self, op, audit, line, device):
        kind = op["kind"]
        if kind == "start":
            if audit.state == "planned":
                audit.action_start()
        elif kind == "submit":
            audit.action_submit()
        elif kind == "answer":
            line.write(line._audit_app_answer_vals(op["values"]))
            line._sync_mark_device(device)
        elif kind == "photo":
            line._audit_app_add_photo(op)
            line._sync_mark_device(device)

    def _audit_app_verdict(self, op, verdict, message, line=None, audit=None, duplicate=False):
        result = {"uuid": op["uuid"], "status": verdict, "message": message, "duplicate": duplicate}
        line = line if line is not None else self.env["network.audit.line"]
        if line and line.exists() and line.has_access("read"):
            result["value"] = line._audit_app_values()
        if audit and audit.exists() and audit.has_access("read"):
            result["audit_state"] = audit.state
        return result
