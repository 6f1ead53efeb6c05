import logging

from odoo import models
from odoo.tools import email_normalize

_logger = logging.getLogger(__name__)

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
