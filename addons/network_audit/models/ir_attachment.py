import base64
import os

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import normalize_photo

# Attachments of these models are audit evidence: photos only, normalized.
PHOTO_MODELS = ("network.audit.line", "network.audit.action")
# Evidence attached to an answer is part of the answer: locked with it.
LOCKED_WITH_RECORD = ("network.audit.line",)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("res_model") in PHOTO_MODELS:
                self._normalize_audit_photo_vals(vals)
        attachments = super().create(vals_list)
        attachments._check_audit_evidence_lock()
        return attachments

    def _normalize_audit_photo_vals(self, vals):
        if vals.get("raw") is not None:
            data = vals.pop("raw")
        elif vals.get("datas"):
            data = base64.b64decode(vals.pop("datas"))
        else:
            data = b""
        if isinstance(data, str):
            data = data.encode()
        raw, mimetype, extension = normalize_photo(self.env, data, vals.get("name"))
        stem = os.path.splitext(vals.get("name") or "photo")[0]
        vals.update({
            "raw": raw,
            "mimetype": mimetype,
            "name": f"{stem}.{extension}",
            "type": "binary",
        })

    # Photos of an answer follow the answer's lock (network.audit.line): written,
    # replaced or deleted only while the audit is conducted.

    def write(self, vals):
        self._check_audit_evidence_lock()
        result = super().write(vals)
        if {"res_model", "res_id"} & set(vals):
            self._check_audit_evidence_lock()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_audit_evidence(self):
        self._check_audit_evidence_lock()

    def _check_audit_evidence_lock(self):
        if self.env.su:
            return
        targets = {}
        for attachment in self.sudo():
            if attachment.res_model in LOCKED_WITH_RECORD and attachment.res_id:
                targets.setdefault(attachment.res_model, set()).add(attachment.res_id)
        for model, ids in targets.items():
            locked = self.env[model].sudo().browse(ids).exists()._workflow_locked()
            if locked:
                raise UserError(locked._workflow_lock_message(locked[:1]))
