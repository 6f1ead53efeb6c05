import base64
import os

from odoo import api, models

from ..tools import normalize_photo

# Attachments of these models are audit evidence: photos only, normalized.
PHOTO_MODELS = ("network.audit.line", "network.audit.action")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("res_model") in PHOTO_MODELS:
                self._normalize_audit_photo_vals(vals)
        return super().create(vals_list)

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
