from odoo import api, models

from .ir_attachment import PHOTO_MODELS


class NetworkAuditPhotoLink(models.AbstractModel):
    """Photos linked through a many2many field become attachments of the record.

    A many2many link does not write the attachment, so ir.attachment cannot see it.
    Re-pointing a linked attachment that belongs to no evidence record (no model,
    or another model) to the record does write it, and ir.attachment.write then
    normalizes its data: one normalization path for every way in. The write runs as
    the current user: linking an attachment one may not write is refused."""

    _name = "network.audit.photo.link"
    _description = "Audit Evidence Photos"
    _photo_field = None

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if any(self._photo_field in vals for vals in vals_list):
            records._adopt_photos()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._photo_field in vals:
            self._adopt_photos()
        return result

    def _adopt_photos(self):
        for record in self:
            strays = record[self._photo_field].filtered(
                lambda a: a.res_model not in PHOTO_MODELS
            )
            if strays:
                strays.write({"res_model": record._name, "res_id": record.id})


class NetworkAuditLine(models.Model):
    _name = "network.audit.line"
    _inherit = ["network.audit.line", "network.audit.photo.link"]
    _photo_field = "photo_ids"


class NetworkAuditAction(models.Model):
    _name = "network.audit.action"
    _inherit = ["network.audit.action", "network.audit.photo.link"]
    _photo_field = "evidence_ids"
