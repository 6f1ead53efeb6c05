from werkzeug.exceptions import NotFound

from odoo.addons.rating.controllers.main import Rating


class CxCoreRating(Rating):
    """Core's rating pages (/rate/<token>/<rate>, /rate/<token>/submit_feedback) answer
    any rating by its token alone. A case's rating is answered on its own page only
    (/cx/rate, controllers/portal.py), which checks who answers (never a logged-in
    dealer or agent, nor the customer the request went to once the case is another
    customer's), the 1-5 scale and the feedback's text: through core's route, a POST
    rated a case past those checks, and a NUL byte in the feedback was a server error."""

    def _get_rating_and_record(self, token):
        rating_sudo, record_sudo = super()._get_rating_and_record(token)
        if rating_sudo.res_model == "cx.case":
            raise NotFound()
        return rating_sudo, record_sudo
