from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """A user starts with every market they work for selected in the company
        switcher: an auditor of the Netherlands, Belgium and Germany sees her audits in
        Munich without ticking Germany first. Core selects the default company alone
        until the ``cids`` cookie says otherwise; once the user narrows the selection,
        the cookie keeps their choice."""
        info = super().session_info()
        companies = info.get("user_companies")
        if not companies or not request or request.cookies.get("cids"):
            return info
        current = companies["current_company"]
        ids = [current, *sorted(cid for cid in companies["allowed_companies"] if cid != current)]
        request.future_response.set_cookie("cids", "-".join(map(str, ids)))
        return info

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's chatter is mail's: its terms ('Yesterday at 14:12', 'Edited')
        are loaded on the portal too. Odoo adds them with the website app only; a
        Swedish customer read 'Yesterday at 14:12' under a Swedish message."""
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @classmethod
    def _serve_fallback(cls):
        """A URL that no route matches is looked up as an attachment's URL; a NUL in
        it (``/cx/rate/a%00b/4``) reached PostgreSQL, which refuses NUL bytes: a 500
        instead of the 404 of any other unknown URL."""
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
