import json

from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.dealer_profile.tools.portal_form import posted_id
from odoo.addons.web.controllers.binary import Binary

from ..models.ir_attachment import PHOTO_MODELS


class AuditPhotoUpload(Binary):
    @http.route()
    def upload_attachment(self, model, id, ufile, callback=None):
        """Same upload as the web client's, but a refused photo comes back with its
        own message instead of the generic upload error."""
        if model not in PHOTO_MODELS or callback:
            return super().upload_attachment(model, id, ufile, callback=callback)
        # The web client sends the record's id: anything else is a 400, not a 500.
        res_id = posted_id(id)
        if not res_id:
            raise BadRequest()
        results = []
        for upload in request.httprequest.files.getlist("ufile"):
            try:
                with request.env.cr.savepoint():
                    attachment = request.env["ir.attachment"].create({
                        "name": upload.filename,
                        "raw": upload.read(),
                        "res_model": model,
                        "res_id": res_id,
                    })
                    attachment._post_add_create()
            except UserError as error:
                results.append({"error": error.args[0], "filename": upload.filename})
            else:
                results.append({
                    "filename": attachment.name,
                    "mimetype": attachment.mimetype,
                    "id": attachment.id,
                    "size": attachment.file_size,
                })
        return json.dumps(results)
