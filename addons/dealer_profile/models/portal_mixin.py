from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree, html
from markupsafe import Markup, escape

from odoo import models

CUSTOMER_LAYOUT = "dealer_profile.mail_notification_customer"


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

    def _message_post_customer_mail(self, template):
        """Mail ``template`` to each document's customer (its ``partner_to``) as a note
        in the document's chatter, through the mail queue. The template links to the
        document's customer pages without a token: staff and followers read the note as
        it is, and only the customer's copy gets the links in their name
        (``_notify_customer_body``). One composer renders the whole batch (a notification
        job's orders), as ``message_post_with_source`` does for one record."""
        if not self:
            return self.env["mail.message"]
        composer = self.env["mail.compose.message"].with_context(
            mail_notify_force_send=False,
            default_composition_mode="comment",
            default_model=self._name,
            default_res_ids=self.ids,
            default_template_id=template.id,
        ).create({
            "message_type": "notification",
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_layout_xmlid": CUSTOMER_LAYOUT,
            "force_send": False,
        })
        return composer._action_send_mail()[1]

    def _notify_customer_body(self, body, access_token):
        """``body`` as the customer's copy of a mail shows it: every link to one of this
        document's customer pages (its ``access_url`` and below, on this database's
        address) carries ``access_token``. Called by the customer layout for the
        document's customer only."""
        self.ensure_one()
        if not body or not access_token:
            return body
        base = urlsplit(self.get_base_url())
        prefix = self.access_url.rstrip("/")
        root = html.fragment_fromstring(str(body), create_parent="div")
        for link in root.iter("a"):
            parts = urlsplit(link.get("href") or "")
            if parts.netloc and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                continue
            if parts.path != prefix and not parts.path.startswith(prefix + "/"):
                continue
            query = [(k, v) for k, v in parse_qsl(parts.query) if k != "access_token"]
            query.append(("access_token", access_token))
            link.set("href", urlunsplit(parts._replace(query=urlencode(query))))
        # lxml gives the leading text unescaped and each element as markup.
        return escape(root.text or "") + Markup("".join(
            etree.tostring(child, encoding="unicode", method="html") for child in root
        ))
