from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class DealerHome(Home):

    def _login_redirect(self, uid, redirect=None):
        """After logging in, the portal speaks the user's language (a customer's is set
        on their contact), not the one a cookie of an earlier anonymous visit holds.
        The portal's language selector still changes it afterwards."""
        lang = request.env["res.users"].browse(uid).sudo().lang
        if lang and request.env["res.lang"]._get_data(code=lang).code:
            request.future_response.set_cookie("frontend_lang", lang)
        return super()._login_redirect(uid, redirect=redirect)
