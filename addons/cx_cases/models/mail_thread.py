import logging
import re

from markupsafe import Markup

from odoo import api, models
from odoo.tools import email_normalize, email_normalize_all, html2plaintext, plaintext2html

_logger = logging.getLogger(__name__)

# Control characters (C0 but tab and line breaks, DEL, C1) and the surrogates the email
# package makes of undecodable bytes: PostgreSQL refuses NUL, UTF-8 lone surrogates.
MAIL_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAIL_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A case's description holds at most this much (cx_case.TEXT_LIMIT * 20); a longer new
# mail keeps its first MAIL_BODY_KEPT characters as text, the whole mail attached.
MAIL_BODY_LIMIT = 400_000
MAIL_BODY_KEPT = 100_000
ORIGINAL_BODY_NAME = "original-email.html"
# Key of the per-mail memo of alias look-ups in the cursor's cache.
ALIAS_MEMO = "cx_cases.gateway_aliases"


def clean_mail_text(value):
    """``value`` without the characters no text field can store."""
    if not isinstance(value, str):
        return value
    cleaned = MAIL_CONTROL_RE.sub("", MAIL_SURROGATE_RE.sub("\ufffd", value))
    # Markup stays Markup (the body is HTML already, it must not be escaped again).
    return Markup(cleaned) if isinstance(value, Markup) else cleaned

# RFC 3834 and the de-facto headers of out-of-office and list software.
AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")
AUTO_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")


def is_auto_submitted(message):
    """True for machine-written mail (out-of-office, auto-replies, lists)."""
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto != "no":
        return True
    if (message.get("Precedence") or "").strip().lower() in AUTO_PRECEDENCE:
        return True
    return any(message.get(header) for header in AUTO_HEADERS[:2])


class MailThread(models.AbstractModel):
    """Odoo's gateway already drops duplicates (Message-Id), bounces, replies to its
    own loop notices and senders flooding an alias (_detect_loop_sender, which
    reads cx.case's _primary_email). It does not know RFC 3834 auto-replies and
    creates records for mail without a usable sender: cases refuse both here."""

    _inherit = "mail.thread"

    @api.model
    def message_process(self, model, message, custom_values=None, save_original=False,
                        strip_attachments=False, thread_id=None):
        """One mail asks whether its addresses are aliases four or five times (parse,
        route, each sender look-up): a memo for the mail answers all but the first. It
        lives on the cursor, not in the context a JSON-RPC caller could fill."""
        cache = self.env.cr.cache
        outer = cache.get(ALIAS_MEMO)
        cache[ALIAS_MEMO] = {}
        try:
            return super().message_process(
                model, message, custom_values=custom_values, save_original=save_original,
                strip_attachments=strip_attachments, thread_id=thread_id,
            )
        finally:
            cache[ALIAS_MEMO] = outer

    @api.model
    def message_parse(self, message, save_original=False):
        """A NUL or another control character in a header or the body stopped the
        mail at the database (the sender lookup, the Message-ID search, the new case),
        and the bounce failed for the same reason: the mail was lost without a word.
        Headers are cleaned before core reads them, the parsed text after."""
        for index, (name, value) in enumerate(message._headers):
            text = str(value)
            if MAIL_CONTROL_RE.search(text) or MAIL_SURROGATE_RE.search(text):
                message._headers[index] = message.policy.header_store_parse(
                    name, clean_mail_text(text))
        memo = self.env.cr.cache.get(ALIAS_MEMO)
        if memo is not None:
            # The sender is looked up among the aliases after the recipients (avoiding
            # an alias as a customer): one query for both.
            memo["senders"] = email_normalize_all(str(message.get("From") or ""))
        msg_dict = super().message_parse(message, save_original=save_original)
        for key, value in msg_dict.items():
            if isinstance(value, str):
                msg_dict[key] = clean_mail_text(value)
        msg_dict["attachments"] = [
            attachment._replace(fname=clean_mail_text(attachment.fname))
            if isinstance(attachment.fname, str) else attachment
            for attachment in msg_dict.get("attachments") or ()
        ]
        return msg_dict

    def _message_route_process(self, message, message_dict, routes):
        kept = []
        for route in routes or ():
            acceptable = route[0] != "cx.case" or self._cx_route_acceptable(
                message, message_dict, route
            )
            if not acceptable:
                continue
            if route[0] == "cx.case" and route[1]:
                self._cx_hold_foreign_reply(message_dict, route[1])
            kept.append(route)
        if routes and not kept:
            return False
        if any(route[0] == "cx.case" and not route[1] for route in kept):
            self._cx_shorten_body(message_dict)
        return super()._message_route_process(message, message_dict, kept)

    def _cx_hold_foreign_reply(self, message_dict, case_id):
        """Anyone who has a case's Message-ID can answer it: only the customer (or a
        contact of the same customer company) speaks in the case. Anything else, a
        dealer's, another customer's, a stranger's or a staff-looking From (mail is
        not authenticated), waits for an agent as an internal note: it reopens
        nothing, adds no Cc to the case nor to the next reply's suggested recipients,
        pings no one of the conversation and is mailed to no customer."""
        # The router checked that the case exists, and found the author among the
        # case's contacts or the partners.
        case = self.env["cx.case"].sudo().browse(case_id)
        author = self.env["res.partner"].sudo().browse(message_dict.get("author_id"))
        if case._cx_is_customer(author, message_dict.get("email_from")):
            return
        _logger.info(
            "cx_cases: reply to %s from %s, not the customer: kept as an internal note",
            case.display_name, (message_dict.get("email_from") or "")[:100],
        )
        message_dict["is_internal"] = True
        message_dict["partner_ids"] = []
        for key in ("parent_id", "cc", "cc_filtered", "to_filtered"):
            message_dict.pop(key, None)

    def _cx_shorten_body(self, message_dict):
        """A new case keeps a mail of any size: over what a description holds, the
        case shows the beginning as text and says so; the whole mail is attached."""
        body = message_dict.get("body") or ""
        if len(body) <= MAIL_BODY_LIMIT:
            return
        text = html2plaintext(body)
        notice = self.env._(
            "This email is %(length)s characters long: here are the first %(kept)s; "
            "the whole email is attached as %(name)s.",
            length=len(body), kept=min(len(text), MAIL_BODY_KEPT), name=ORIGINAL_BODY_NAME,
        )
        message_dict["body"] = Markup("<p><em>%s</em></p>%s") % (
            notice, plaintext2html(text[:MAIL_BODY_KEPT]),
        )
        message_dict["attachments"] = [
            *(message_dict.get("attachments") or ()),
            self._Attachment(ORIGINAL_BODY_NAME, body.encode(), {}),
        ]
        _logger.info("cx_cases: shortened a %s-character email (Message-Id %s)",
                     len(body), message_dict.get("message_id"))

    def _cx_route_acceptable(self, message, message_dict, route):
        if is_auto_submitted(message):
            _logger.info(
                "cx_cases: ignored automatic mail from %s (Message-Id %s)",
                message_dict.get("email_from"), message_dict.get("message_id"),
            )
            return False
        if not route[1] and not email_normalize(message_dict.get("email_from") or ""):
            _logger.info(
                "cx_cases: refused mail without a usable sender (From %r, Message-Id %s)",
                (message_dict.get("email_from") or "")[:100], message_dict.get("message_id"),
            )
            return False
        return True


class MailAliasDomain(models.Model):
    _inherit = "mail.alias.domain"

    @api.model
    def _find_aliases(self, email_list):
        """Core's look-up, remembered within one incoming mail (the cursor's memo set
        by message_process): the alias domains are read once, each address is looked
        up once, the sender's with the first."""
        memo = self.env.cr.cache.get(ALIAS_MEMO)
        if memo is None or not email_list:
            return super()._find_aliases(email_list)
        if "domains" not in memo:
            domains = self.search([])
            memo["domains"] = set(
                domains.mapped("bounce_email") + domains.mapped("catchall_email")
                + domains.mapped("default_from_email")
            )
        known = memo.setdefault("emails", {})
        unknown = [email for email in email_list if email not in known]
        if unknown:
            unknown += [email for email in memo.pop("senders", ())
                        if email not in known and email not in unknown]
            found = memo["domains"].union(self.env["mail.alias"].search(
                [("alias_full_name", "in", unknown)]
            ).mapped("alias_full_name"))
            known.update((email, email in found) for email in unknown)
        return [email for email in email_list if known[email]]
