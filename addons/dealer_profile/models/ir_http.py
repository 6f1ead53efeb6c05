from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _serve_fallback(cls):
        """A URL that no route matches is looked up as an attachment's URL; a NUL in
        it (``/cx/rate/a%00b/4``) reached PostgreSQL, which refuses NUL bytes: a 500
        instead of the 404 of any other unknown URL."""
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
