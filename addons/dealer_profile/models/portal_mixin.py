from odoo import models


class PortalMixin(models.AbstractModel):
    """The suite's portal documents (outlets' audits, orders, cases) hide their
    ``access_token`` from everyone but administrators (``groups=`` on the field):
    a token is the customer's key, and whoever reads it can act in their name."""

    _inherit = "portal.mixin"

    def _portal_ensure_token(self):
        # Core reads the token as the user who builds a link (a mail's sender, the
        # share wizard, a portal user opening /mail/view) once their read access is
        # checked: in sudo, so that a field hidden from them still gives its link.
        return super(PortalMixin, self.sudo())._portal_ensure_token()

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        # A logged-in portal user reaches a document through its record rules: a dealer
        # following a customer's case (core's /mail/view redirect) must not be handed
        # the customer's token in the address.
        if self._fields["access_token"].groups and self.env.user.share and not self.env.su:
            share_token = False
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=share_token,
        )
