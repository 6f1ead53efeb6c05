import base64
import os

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import add_default_values
from odoo.addons.dealer_profile.tools.portal_form import forbidden_characters

from ..tools import normalize_photo

# Attachments of these models are audit evidence: photos only, normalized.
PHOTO_MODELS = ("network.audit.line", "network.audit.action")
DATA_FIELDS = ("raw", "datas")
# Evidence attached to an answer is part of the answer: locked with it.
LOCKED_WITH_RECORD = ("network.audit.line",)


class IrAttachment(models.Model):
    """Every path that makes an attachment audit evidence comes through here.

    An attachment of a PHOTO_MODELS record is always a normalized photo (invariant):
    - created with such a res_model: its data is normalized before it is stored;
    - its data rewritten (``datas``/``raw``) while it belongs to such a record;
    - created elsewhere (no model, another model) then given such a res_model: the
      data it already holds is normalized when it is linked;
    - linked through the photo many2many fields of lines and action items: the
      models re-point it to their record (see network_audit_photo_link.py), which
      is the previous case."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        # A default_res_model in the context makes a photo of an answer too.
        add_default_values(self, vals_list, ("res_model",))
        for vals in vals_list:
            if vals.get("res_model") in PHOTO_MODELS:
                self._normalize_audit_photo_vals(vals)
        attachments = super().create(vals_list)
        attachments._check_audit_evidence_lock()
        return attachments

    # Photos of an answer follow the answer's lock (network.audit.line): written,
    # replaced or deleted only while the audit is conducted.

    def write(self, vals):
        self._check_audit_evidence_lock()
        photos = self._audit_photos_written(vals)
        result = self._write_audit_photos(photos, vals) if photos else super().write(vals)
        if {"res_model", "res_id"} & set(vals):
            self._check_audit_evidence_lock()
        return result

    # Not at_uninstall=False: Odoo then skips it for a ``_force_unlink`` context, which
    # any JSON-RPC client can send; the superuser (uninstall) is not checked anyway.
    @api.ondelete(at_uninstall=True)
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
            records = self.env[model].sudo().browse(ids).exists()
            locked = records._workflow_locked()
            if locked:
                raise UserError(locked._workflow_lock_message(locked[:1]))
            # Evidence is part of the answer: given by those who may give the answer.
            records.with_env(self.env)._check_answer_writer()

    def _check_suite_attachment_change(self):
        """The photos a dealer reported their fix with are not rewritten or deleted
        once the fix is reported (done) or verified, wherever they are attached (the
        item's own attachments: dealer.workflow.mixin's ``_workflow_attachments_locked``).
        An officer deleted the evidence of a verified fix."""
        super()._check_suite_attachment_change()
        if self.env.su:
            return
        # An answer's photos, whoever uploaded them: /mail/attachment/delete deletes
        # in sudo what the user owns (the auditor their own photo of a submitted audit).
        self._check_audit_evidence_lock()
        items = self.env["network.audit.action"].sudo().search([("evidence_ids", "in", self.ids)])
        frozen = items._workflow_attachments_locked()
        if frozen:
            raise UserError(frozen._workflow_attachments_lock_message(frozen[:1]))

    def _audit_photos_written(self, vals):
        """The attachments that are, or become by this write, audit evidence."""
        if "res_model" in vals:
            return self if vals["res_model"] in PHOTO_MODELS else self.browse()
        return self.filtered(lambda a: a.res_model in PHOTO_MODELS)

    def _write_audit_photos(self, photos, vals):
        """Write, normalizing the data of the attachments that are (or become) evidence."""
        if any(field in vals for field in DATA_FIELDS):
            # New data for evidence: normalized per attachment (each has its name).
            result = super(IrAttachment, self - photos).write(vals)
            for attachment in photos:
                photo_vals = dict(vals, name=vals.get("name") or attachment.name)
                attachment._normalize_audit_photo_vals(photo_vals)
                result &= super(IrAttachment, attachment).write(photo_vals)
            return result
        # Linked to evidence with the data it already holds: normalize that data.
        newcomers = photos.filtered(lambda a: a.res_model not in PHOTO_MODELS)
        result = super().write(vals)
        for attachment in newcomers:
            attachment._normalize_audit_photo_data()
        return result

    def _normalize_audit_photo_data(self):
        """Normalize the data an existing attachment already holds."""
        self.ensure_one()
        if self.type != "binary":
            raise UserError(self.env._(
                "%(name)s is a link, not a photo: upload the photo itself as evidence.",
                name=self.name,
            ))
        photo_vals = {"name": self.name, "raw": self.raw or b""}
        self._normalize_audit_photo_vals(photo_vals)
        return super().write(photo_vals)

    def _normalize_audit_photo_vals(self, vals):
        if vals.get("raw") is not None:
            data = vals.pop("raw")
        elif vals.get("datas"):
            data = base64.b64decode(vals.pop("datas"))
        else:
            data = b""
        vals.pop("datas", None)
        if isinstance(data, str):
            data = data.encode()
        bad = forbidden_characters(vals.get("name") or "")
        if bad:
            raise UserError(self.env._(
                "The photo's file name contains a character that cannot be stored (%(chars)s): "
                "rename the file and upload it again.", chars=", ".join(bad),
            ))
        raw, mimetype, extension = normalize_photo(self.env, data, vals.get("name"))
        stem = os.path.splitext(vals.get("name") or "photo")[0]
        vals.update({
            "raw": raw,
            "mimetype": mimetype,
            "name": f"{stem}.{extension}",
            "type": "binary",
        })
