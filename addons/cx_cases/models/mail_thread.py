import logging
import re

from markupsafe import Markup

from odoo import api, models, tools
from odoo.tools import SQL, email_normalize, email_split, html2plaintext, plaintext2html

from ..tools.gateway_memo import GATEWAY_MEMO

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
        token = GATEWAY_MEMO.set({})
        try:
            return super().message_process(
                model, message, custom_values=custom_values, save_original=save_original,
                strip_attachments=strip_attachments, thread_id=thread_id,
            )
        finally:
            GATEWAY_MEMO.reset(token)

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

    def _message_parse_extract_from_parent(self, parent_message):
        """Core's, with the internal subtypes the suite keeps per process
        (mail.message.subtype._cx_internal_ids) instead of a read of the parent's
        subtype for each reply."""
        if parent_message:
            internal_ids = self.env["mail.message.subtype"]._cx_internal_ids()
            parent_is_internal = parent_message.subtype_id.id in internal_ids
            parent_is_auto_comment = parent_message.message_type == "auto_comment"
            return {
                "parent_id": parent_message.id,
                "is_internal": parent_is_internal and not parent_is_auto_comment,
            }
        return {}

    @api.model
    def _detect_is_bounce(self, message, message_dict):
        """Core's, with the alias domains' bounce addresses kept per process
        (mail.alias.domain._cx_alias_addresses) instead of a search for each mail."""
        self.env["mail.alias.domain"].check_access("read")
        bounce_aliases = self.env["mail.alias.domain"]._cx_alias_addresses()[0]
        email_to_list = [
            email_normalize(e) or e
            for e in email_split(message_dict["to"])
        ]
        if bounce_aliases and any(email in bounce_aliases for email in email_to_list):
            return True

        email_from = message_dict["email_from"]
        email_from_localpart = (email_split(email_from) or [""])[0].split("@", 1)[0].lower()
        if email_from_localpart == "mailer-daemon":
            return True

        content_type = message.get_content_type()
        return (content_type == "multipart/report"
                or "report-type=delivery-status" in content_type)

    @api.model
    def _routing_reset_bounce(self, email_message, message_dict):
        """Core's, with the blacklist models kept per process
        (ir.model._cx_mail_blacklist_models) instead of a search and a read of
        ir.model for each mail."""
        normalized_from = email_normalize(message_dict["email_from"])
        if normalized_from:
            for model_name in self.env["ir.model"]._cx_mail_blacklist_models():
                if model_name in self.env:  # transient test mode
                    self.env[model_name].sudo().search([
                        ("message_bounce", ">", 0), ("email_normalized", "=", normalized_from),
                    ])._message_reset_bounce(normalized_from)

    def _mail_find_user_for_gateway(self, email_value, alias=None):
        """The alias' parent model (read here by core) and target model (read by the
        route next) in one read of ir.model instead of two.

        On cx_cases' own aliases (a team's: new cases and replies to them), a sender
        whose address no active user has is answered by one search of the users. Core
        picks the user among the partners with the sender's address that have one,
        ranked by the alias parent's (the team's) followers and company, which it reads
        before searching: a new customer and a customer's reply, most of the mail,
        have no such partner, so there is nothing to rank and core finds no user
        either."""
        if alias:
            (alias.alias_parent_model_id | alias.alias_model_id).sudo().mapped("model")
            if (alias.sudo().alias_model_id.model == "cx.case"
                    and not self._cx_sender_has_user(email_value)):
                return self.env["res.users"]
        return super()._mail_find_user_for_gateway(email_value, alias=alias)

    def _cx_sender_has_user(self, email_value):
        """Whether core's search could find a user for ``email_value``: an active user
        (core reads the partners' ``user_ids``) of a partner core finds (active unless
        the context says otherwise) with that normalized address. True when the address
        does not normalize: core decides then.

        Asked together with whether any partner has the address: when none has (a new
        customer), the mail's later look-ups of it (the route's check, the author)
        are answered from GATEWAY_MEMO instead of a count each, and so is Odoo's loop
        check when no partner has it, archived ones included (cx.case's
        ``_detect_loop_sender_domain``)."""
        normalized = email_normalize(email_value)
        if not normalized:
            return True
        active_test = self.env.context.get("active_test", True)
        active = SQL("AND p.active") if active_test else SQL()
        self.env["res.partner"].flush_model(["email_normalized", "active"])
        self.env["res.users"].flush_model(["partner_id", "active"])
        # Both models in sudo (as the ORM count was): no record rule applies.
        [(has_partner, has_any_partner, has_user)] = self.env.execute_query(SQL(
            """SELECT EXISTS(SELECT FROM res_partner p
                              WHERE p.email_normalized = %(email)s %(active)s),
                      EXISTS(SELECT FROM res_partner p WHERE p.email_normalized = %(email)s),
                      EXISTS(SELECT FROM res_users u
                               JOIN res_partner p ON p.id = u.partner_id
                              WHERE p.email_normalized = %(email)s %(active)s %(user_active)s)""",
            email=normalized, active=active,
            user_active=SQL("AND u.active") if active_test else SQL(),
        ))
        memo = GATEWAY_MEMO.get()
        if memo is not None and not has_partner:
            memo.setdefault("absent", set()).add((normalized, active_test))
        if memo is not None and not has_any_partner:
            memo.setdefault("unknown", set()).add(normalized)
        return has_user

    def _message_route_process(self, message, message_dict, routes):
        memo = GATEWAY_MEMO.get()
        if memo is not None:
            # Partners are created from here on (the new customer, recipients).
            memo.pop("absent", None)
            memo.pop("unknown", None)
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


class IrModel(models.Model):
    _inherit = "ir.model"

    @api.model
    @tools.ormcache()
    def _cx_mail_blacklist_models(self):
        """The models whose bounce counters an incoming mail resets (core's
        _routing_reset_bounce searches them for each mail). ir.model's mail flags only
        change with a module or a custom model, which set the registry up again and
        so empty every cache."""
        return tuple(self.sudo().search([
            ("is_mail_blacklist", "=", True), ("model", "!=", "mail.thread.blacklist"),
        ]).mapped("model"))


class MailAliasDomain(models.Model):
    _name = "mail.alias.domain"
    _inherit = ["mail.alias.domain", "dealer.process.cache.mixin"]  # _cx_alias_addresses

    @api.model
    @tools.ormcache()
    def _cx_alias_addresses(self):
        """(bounce addresses, every address of the alias domains, the aliases' full
        names) as frozensets: a mail asks four or five times whether its addresses are
        aliases (parse, bounce check, each sender look-up), a search of the domains and
        of the aliases each time otherwise. Kept per process until an alias domain is
        created, written or deleted, or an alias created with a name, renamed, moved to
        another domain or deleted (MailAlias below)."""
        domains = self.sudo().search([])
        bounce = frozenset(domains.mapped("bounce_email"))
        own = bounce.union(domains.mapped("catchall_email"), domains.mapped("default_from_email"))
        aliases = self.env["mail.alias"].sudo().search_fetch(
            [("alias_full_name", "!=", False)], ["alias_full_name"],
        )
        return bounce, own, frozenset(aliases.mapped("alias_full_name"))

    @api.model
    def _find_aliases(self, email_list):
        """Core's look-up (always called as the superuser) from the addresses kept per
        process."""
        if not email_list or not self.env.su or not all(
            isinstance(email, str) for email in email_list
        ):
            return super()._find_aliases(email_list)
        _bounce, own, aliases = self._cx_alias_addresses()
        return [email for email in email_list if email in own or email in aliases]


class MailAlias(models.Model):
    _name = "mail.alias"
    # mail.alias.domain._cx_alias_addresses
    _inherit = ["mail.alias", "dealer.process.cache.mixin"]
    _process_cache_fields = ("alias_name", "alias_domain_id", "alias_full_name")

    def _process_cache_concerned(self, vals_list):
        """Only named aliases are kept: one without a name (made for each new team or
        project) changes nothing until it is named."""
        return any(self.sudo().mapped("alias_name")) or any(
            vals.get("alias_name") for vals in vals_list
        )
