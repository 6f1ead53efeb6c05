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
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from .network_audit import SIGNATURE_INPUT_FIELDS

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
# Operations on the audit itself, applied one by one between the runs of answers.
AUDIT_OPS = ("start", "sign", "submit")


class NetworkAuditSyncOp(models.Model):
    _name = "network.audit.sync.op"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Audit App Operation"
    _order = "id desc"
    _log_access = True

    uuid = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    device = fields.Char(readonly=True)
    kind = fields.Selection(
        [("start", "Start"), ("answer", "Answer"), ("photo", "Photo"), ("sign", "Signatures"),
         ("submit", "Submit")],
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
            self._sync_touch(False)
        return result

    def _sync_touch(self, device):
        """A new version of each answer, made by ``device`` (False: not the app).
        Written record by record by the server itself, flushed as one UPDATE."""
        for line in self.sudo():
            super(NetworkAuditLine, line).write({
                "sync_version": line.sync_version + 1, "sync_device": device,
            })
        return True

    def _sync_mark(self, device):
        """The answers' last version (made by ``write``) is the app device's."""
        for line in self.sudo():
            super(NetworkAuditLine, line).write({"sync_device": device})
        return True

    @api.model
    def _audit_app_write(self, device, answers, photos):
        """Write what a run of the app's operations was checked to change: answers
        with the same values together, photos created at once, then every touched
        answer versioned as the device's."""
        by_values = defaultdict(list)
        for line, vals in answers.items():
            by_values[tuple(sorted(vals.items()))].append(line.id)
        # Every answer of the run is read at once (standards, photos), whichever
        # write reads it first; their history rows are inserted together.
        touched = self.browse([line.id for line in answers] + [line.id for line, _v in photos])
        with self._history_batched():
            for vals, ids in by_values.items():
                self.browse(ids).with_prefetch(touched._prefetch_ids).write(dict(vals))
            self.browse([line.id for line in answers])._sync_mark(device)
            if photos:
                self._audit_app_link_photos(device, photos, touched)

    @api.model
    def _audit_app_link_photos(self, device, photos, touched=None):
        """Create the photos at once and link them to their answers in one statement.
        ``write`` would link them answer by answer (a link, a history row and a
        version each); what it checks was checked for the run, what it records is
        recorded here the same way: the answer history and a new version."""
        attachments = self.env["ir.attachment"].sudo().create([vals for _l, vals in photos])
        linked = defaultdict(list)
        for (line, _vals), attachment in zip(photos, attachments, strict=True):
            linked[line].append(Command.link(attachment.id))
        lines = self.browse([line.id for line in linked])
        if touched:
            # The photos of every answer of the run are read with these (the app
            # is sent each answer's photo count back).
            lines = lines.with_prefetch(touched._prefetch_ids)
        started = lines.filtered(lambda line: line.audit_id.state != "planned").with_prefetch(
            lines._prefetch_ids
        )
        # Read as the server: the auditor may write these answers (checked for the
        # run), so may read their photos; as the auditor, the attachments' access
        # rules would be read again for each model they point to.
        before = {line.id: line.sudo()._history_values({"photos"}) for line in started}
        self._fields["photo_ids"].write_batch(
            [(line.sudo(), commands) for line, commands in linked.items()]
        )
        if before:
            started._log_history(before, {"photos"})
        lines._sync_touch(device)

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
            # The photos of an answer the user reads are theirs to count: as the
            # server, the count is one query, not the attachments' access rules
            # for each model they may point to.
            "photo_count": len(self.sudo().photo_ids),
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

    def _audit_app_photo_vals(self, op):
        """The attachment of a photo the app took, checked; normalized on create."""
        self.ensure_one()
        try:
            data = base64.b64decode(op.get("data") or "", validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(self.env._("The photo is not valid base64.")) from error
        if not data:
            raise ValidationError(self.env._("The photo is empty."))
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError(self.env._("The photo is larger than 12 MB."))
        return {
            "name": (op.get("name") or "photo.jpg")[:128],
            "raw": data,
            "res_model": self._name,
            "res_id": self.id,
        }


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
            "note_required": self.env._("A note is required for this answer."),
            "submit": self.env._("Submit audit"),
            "submitted": self.env._("Submitted"),
            "conflict": self.env._("Changed on another device"),
            "keep_mine": self.env._("Keep my answer"),
            "keep_theirs": self.env._("Take theirs"),
            "refused": self.env._("Refused by the server"),
            "dismiss": self.env._("Dismiss"),
            "answered": self.env._("answered"),
            "not_answered": self.env._("Not answered"),
            "signatures": self.env._("Signatures"),
            "sign_hint": self.env._("Sign with a finger or the mouse in the boxes below."),
            "auditor_signature": self.env._("Auditor's signature"),
            "manager_signature": self.env._("Outlet manager's signature"),
            "manager_name": self.env._("Manager's name"),
            "manager_reason": self.env._("Or: why the manager could not sign"),
            "clear": self.env._("Clear"),
            "sign_submit": self.env._("Sign and submit"),
            "auditor_signature_missing": self.env._("Your signature is required."),
            "manager_signature_missing": self.env._(
                "The outlet manager's name and signature are required, or say why they "
                "could not sign."
            ),
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
            # Who signs at the submit step, as the program requires (the server
            # refuses the submission without them whatever the app shows).
            "signature_rule": self.program_id.signature_rule,
            "signer": self.env.user.name,
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
            "options": [
                {"id": o.id, "name": o.name, "score": o.score} for o in standard.option_ids
            ],
            "higher_is_better": standard.numeric_higher_is_better,
            "pass_score": standard.pass_score,
            "note_rule": standard.note_rule,
            # Checklist logic: the app shows or skips the standard as the server would.
            "condition_line": line.condition_line_id.id or None,
            "condition_value": line.condition_value or None,
            "previous": previous,
            "value": line._audit_app_values(),
        }

    def _audit_app_previous_answers(self):
        """{audit id: {standard id: the outlet's answer at its last validated audit of
        the same kind}}. Of the same kind: a mystery visit (an external shopper's
        answers and notes, which auditors do not read) shares standards with the
        audits of the outlet, and validated later, it was shown as their last time."""
        if not self:
            return {}
        last = {}
        for audit in self.sudo().search(
            [("outlet_id", "in", self.outlet_id.ids), ("state", "=", "validated"),
             ("audit_type", "in", list(set(self.mapped("audit_type"))))],
            order="date desc, id desc",
        ):
            last.setdefault((audit.outlet_id.id, audit.audit_type), audit)
        result = {}
        for audit in self:
            earlier = last.get((audit.outlet_id.id, audit.audit_type))
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
        """Apply the app's queued operations in their order; one verdict each.

        Answers and photos between two starts or submits are checked one by one and
        written together (a tablet sends a whole audit at once after a day offline);
        if the batch fails as a whole, its operations are applied one at a time."""
        if len(ops) > OPS_PER_SYNC:
            raise UserError(self.env._(
                "Send at most %(count)s changes at once.", count=OPS_PER_SYNC
            ))
        stored = {
            op.uuid: op for op in self.env["network.audit.sync.op"].sudo().search([
                ("user_id", "=", self.env.uid), ("uuid", "in", [op["uuid"] for op in ops]),
            ])
        }
        Line = self.env["network.audit.line"]
        lines = Line.browse(
            {op["line"] for op in ops if op.get("line")}
            | {op.line_id.id for op in stored.values() if op.line_id}
        ).exists()
        by_id = {line.id: line for line in lines}
        outcomes, fresh, first = {}, [], {}
        for index, op in enumerate(ops):
            known = stored.get(op["uuid"])
            if known:
                outcomes[index] = (
                    known.verdict, known.message, by_id.get(known.line_id.id, Line),
                    self.browse(known.audit_id.id), True,
                )
            elif op["uuid"] in first:
                outcomes[index] = None  # the same operation twice in one call
            else:
                first[op["uuid"]] = index
                fresh.append(index)
        log = []
        for run in self._audit_app_runs(ops, fresh):
            batch = self._audit_app_apply_run(device, [ops[i] for i in run], by_id)
            if batch is None:
                batch = [self._audit_app_apply_one(device, ops[i]) for i in run]
            for index, outcome in zip(run, batch, strict=True):
                outcomes[index] = outcome
                log.append(self._audit_app_log_vals(device, ops[index], outcome))
        self.env["network.audit.sync.op"].sudo().create([vals for vals in log if vals])
        for index, outcome in outcomes.items():
            if outcome is None:
                outcomes[index] = outcomes[first[ops[index]["uuid"]]][:4] + (True,)
        readable = lines._filtered_access("read")
        audits = self.browse({o[3].id for o in outcomes.values() if o[3]} | set(lines.audit_id.ids))
        readable_audits = audits._filtered_access("read")
        return [
            self._audit_app_verdict(ops[i], *outcomes[i], (readable, readable_audits))
            for i in range(len(ops))
        ]

    @staticmethod
    def _audit_app_runs(ops, indexes):
        """Answers and photos in runs; a start, signatures or a submit alone, where
        it was."""
        run = []
        for index in indexes:
            if ops[index]["kind"] in AUDIT_OPS:
                if run:
                    yield run
                run = []
                yield [index]
            else:
                run.append(index)
        if run:
            yield run

    def _audit_app_log_vals(self, device, op, outcome):
        verdict, message, line, audit, _duplicate = outcome
        if verdict == "conflict":
            return None  # not applied: the auditor decides, then sends it again
        return {
            "uuid": op["uuid"], "user_id": self.env.uid, "device": device, "kind": op["kind"],
            "audit_id": audit.id, "line_id": line.id, "verdict": verdict, "message": message,
        }

    def _audit_app_apply_run(self, device, run, by_id):
        """Check every operation of a run, then write the accepted ones at once.
        Returns one outcome per operation, or None when the batch must be replayed
        one operation at a time."""
        if run[0]["kind"] in AUDIT_OPS:
            return None
        Line = self.env["network.audit.line"]
        lines = Line.browse({op["line"] for op in run if op["line"] in by_id})
        writable = lines._filtered_access("write")
        answers, photos, outcomes = {}, [], []
        for op in run:
            line = by_id.get(op["line"], Line)
            try:
                self._audit_app_check_line(line, writable)
                if op["kind"] == "answer" and line._audit_app_conflicts(op, device):
                    outcomes.append(("conflict", self._audit_app_conflict_message(), line,
                                     line.audit_id, False))
                    continue
                if op["kind"] == "answer":
                    answers.setdefault(line, {}).update(line._audit_app_answer_vals(op["values"]))
                else:
                    photos.append((line, line._audit_app_photo_vals(op)))
                outcomes.append(("ok", "", line, line.audit_id, False))
            except (UserError, ValidationError, AccessError, MissingError) as error:
                outcomes.append(("refused", str(error.args[0])[:500], line, line.audit_id,
                                 False))
        try:
            with self.env.cr.savepoint():
                Line._audit_app_write(device, answers, photos)
        except (UserError, ValidationError, AccessError, MissingError):
            return None
        return outcomes

    def _audit_app_check_line(self, line, writable):
        """What ``write`` would check, once for the whole run: the answer exists, the
        auditor may write it and conducts its audit, the audit is not locked."""
        if not line:
            raise MissingError(self.env._("This answer no longer exists."))
        if line not in writable or self.env.user not in line.audit_id.auditor_ids:
            raise AccessError(self.env._(
                "This audit is no longer assigned to you."
            ))
        if line._workflow_locked():
            raise UserError(line._workflow_lock_message(line))

    def _audit_app_conflict_message(self):
        return self.env._("This answer was changed on another device since you downloaded it.")

    def _audit_app_apply_one(self, device, op):
        line = audit = self.env["network.audit.line"]
        audit = self.browse()
        try:
            with self.env.cr.savepoint():
                audit, line = self._audit_app_targets(op)
                if op["kind"] == "answer" and line._audit_app_conflicts(op, device):
                    return ("conflict", self._audit_app_conflict_message(), line, audit, False)
                self._audit_app_execute(op, audit, line, device)
                return ("ok", "", line, audit, False)
        except (UserError, ValidationError, AccessError, MissingError) as error:
            return ("refused", str(error.args[0])[:500], line, audit, False)

    def _audit_app_targets(self, op):
        """The audit (and answer) an operation is about, as the auditor may reach them:
        a line of an audit no longer theirs is refused like the audit itself."""
        if op["kind"] in AUDIT_OPS:
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
        elif kind == "sign":
            # As the form's signature pads write them: the audit's own write checks
            # that it is in progress and stamps who signed and when.
            audit.write(self._audit_app_signature_vals(op["values"]))
        elif kind == "submit":
            audit.action_submit()
        elif kind == "answer":
            line.write(line._audit_app_answer_vals(op["values"]))
            line._sync_mark(device)
        elif kind == "photo":
            line.env["network.audit.line"]._audit_app_write(
                device, {}, [(line, line._audit_app_photo_vals(op))]
            )

    @api.model
    def _audit_app_signature_vals(self, values):
        """What the app's submit step gives: both drawn signatures (PNG in base64),
        the manager's name, the reason the manager did not sign. A value the auditor
        left empty is cleared: the step replaces what was signed before."""
        unknown = set(values) - SIGNATURE_INPUT_FIELDS
        if unknown:
            raise ValidationError(self.env._(
                "Unknown signature field: %(field)s", field=sorted(unknown)[0][:40]
            ))
        return {name: values.get(name) or False for name in SIGNATURE_INPUT_FIELDS}

    def _audit_app_verdict(self, op, verdict, message, line, audit, duplicate, readable):
        result = {"uuid": op["uuid"], "status": verdict, "message": message, "duplicate": duplicate}
        readable_lines, readable_audits = readable
        if line and line in readable_lines:
            result["value"] = line._audit_app_values()
        audit = audit or line.audit_id
        if audit and audit in readable_audits:
            result["audit_state"] = audit.state
        return result
