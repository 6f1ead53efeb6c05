from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree, html
from markupsafe import Markup, escape

from odoo import models
from odoo.tools import consteq

CUSTOMER_LAYOUT = "dealer_profile.mail_notification_customer"


class PortalMixin(models.AbstractModel):
    """The suite's portal documents (outlets' audits, orders, cases) hide their
    ``access_token`` from everyone but administrators (``groups=`` on the field):
    a token is the customer's key, and whoever reads it can act in their name."""

    _inherit = "portal.mixin"

    def write(self, vals):
        before = self._portal_customers_before(vals)
        result = super().write(vals)
        if before:
            # The token proves the document's customer: given to another customer, it
            # no longer opens the document for the one before (the links of their
            # mails), who would read it and act in the new customer's name. A new one
            # is made for the next mail to the new customer.
            moved = self.filtered(
                lambda doc: doc.id in before and doc._portal_customer() != before[doc.id]
            )
            moved.sudo().write({"access_token": False})
        return result

    def _portal_customers_before(self, vals):
        """{id: customer} of the documents holding a token whose customer ``vals``
        may change, read before the write."""
        field = self._fields.get("access_token")
        if not self or not field or not field.groups:
            return {}
        if not set(vals) & set(self._mail_get_partner_fields(introspect_fields=False)):
            return {}
        return {doc.id: doc._portal_customer() for doc in self.sudo().filtered("access_token")}

    def _portal_ensure_token(self):
        # Core reads the token as the user who builds a link (a mail's sender, the
        # share wizard, a portal user opening /mail/view) once their read access is
        # checked: in sudo, so that a field hidden from them still gives its link.
        return super(PortalMixin, self.sudo())._portal_ensure_token()

    def _portal_customer(self):
        """The document's customer: the partner core's notifications put in their
        ``portal_customer`` recipients group (``_mail_get_partners``), whose copy of a
        mail alone carries the token (``_notify_get_recipients_groups``)."""
        self.ensure_one()
        return self.sudo()._mail_get_partners(introspect_fields=False)[self.id]

    def _portal_is_customer(self, user, access_token=None):
        """Whether the visitor may act for the document's customer (confirm or reopen
        a case, answer an order's to-dos, stop its emails): one check for the buttons
        a page shows and the posts it accepts.

        A logged-in user is the customer (or a contact of the same customer company)
        or not, whatever token they hold: a dealer who got hold of the customer's
        link must not act in the customer's name. The token proves the customer only
        to a visitor who is not logged in."""
        self.ensure_one()
        if not user._is_public():
            document = self.sudo()
            customers = (
                document.commercial_partner_id if "commercial_partner_id" in self._fields
                else document._portal_customer().commercial_partner_id
            )
            return bool(customers) and user.commercial_partner_id in customers
        token = self.sudo().access_token
        return bool(access_token and token and consteq(str(access_token), token))

    def _portal_market_tz(self):
        """The time zone of the document's market (its company's contact), in which a
        visitor without one of their own reads its times; False if it has none."""
        self.ensure_one()
        document = self.sudo()
        company = document.company_id if "company_id" in document._fields else False
        return (company or document.env.company).partner_id.tz or False

    def _portal_may_hold_token(self):
        """Whether links built for the caller may carry the document's token. A token
        proves the customer: whoever holds it confirms, rates and answers in their
        name. The superuser (mails rendered for the customer, portal controllers
        after their check) and the customer themselves get it; staff, dealers and
        other portal users reach the document by their own access."""
        self.ensure_one()
        return (
            self.env.su
            or not self._fields["access_token"].groups
            or self.env.user.partner_id in self._portal_customer()
        )

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        # A logged-in dealer following a customer's case (core's /mail/view redirect)
        # and staff sharing a document (core's portal.share wizard, whose link lands in
        # the chatter) get no token, nor a recipient's signature (pid/hash lets its
        # holder post in the portal chatter as that partner).
        if not self._portal_may_hold_token():
            share_token, pid = False, None
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=share_token,
        )

    def get_portal_url(self, suffix=None, report_type=None, download=None, query_string=None,
                       anchor=None):
        """Core's address of the document's portal page carries the token; callable
        over RPC, it handed any reader (and any user, without a read check) the
        customer's key. The caller who may not hold the token gets the page's address
        without it, which opens with their own access."""
        self.ensure_one()
        if not self.env.su and self._fields["access_token"].groups:
            self.check_access("read")
        if self._portal_may_hold_token():
            return super().get_portal_url(suffix=suffix, report_type=report_type,
                                          download=download, query_string=query_string,
                                          anchor=anchor)
        query = "".join([
            f"&report_type={report_type}" if report_type else "",
            "&download=true" if download else "",
            query_string or "",
        ]).lstrip("&")
        return "".join([
            self.access_url, suffix or "", f"?{query}" if query else "",
            f"#{anchor}" if anchor else "",
        ])

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
