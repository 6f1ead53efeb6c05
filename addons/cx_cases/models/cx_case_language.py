from contextvars import ContextVar

from odoo import api, models
from odoo.tools import email_normalize
from odoo.tools.mail import parse_contact_from_email

# The Content-Language (RFC 3282) of the mail being routed: message_new only receives
# the parsed dict, whose keys message_post checks, so the header travels beside it.
MAIL_CONTENT_LANGUAGE = ContextVar("cx_cases_mail_content_language", default="")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"  # pylint: disable=consider-merging-classes-inherited

    def _message_route_process(self, message, message_dict, routes):
        token = MAIL_CONTENT_LANGUAGE.set(str(message.get("Content-Language") or "")[:100])
        try:
            return super()._message_route_process(message, message_dict, routes)
        finally:
            MAIL_CONTENT_LANGUAGE.reset(token)


class CxCase(models.Model):
    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A customer created from a mail speaks the mail's language where it says
        (Content-Language), else the language of the team's market: a Dutch mail to
        the Dutch team no longer makes an English-speaking customer. They live in
        the market's time zone (_cx_new_customer_locale)."""
        # Before the customer is created as superuser (the gateway's caller only).
        self._check_mail_gateway_caller()
        email = email_normalize(msg_dict.get("email_from") or "")
        if email and not msg_dict.get("author_id"):
            team = self.env["cx.case.team"].browse((custom_values or {}).get("team_id"))
            name, email_address = parse_contact_from_email(msg_dict["email_from"])
            self.env["properties.base.definition"]._cx_cache_definition("res.partner")
            partner = self.env["res.partner"].sudo().create({
                "name": name or email_address, "email": email_address,
                **self._cx_new_customer_locale(
                    team, content_language=MAIL_CONTENT_LANGUAGE.get()
                ),
            })
            # Written out whole now: message_post's recipient query would flush only
            # the columns it reads, the commit the rest (two UPDATEs of the new row).
            partner.flush_recordset()
            msg_dict["author_id"] = partner.id
        return super().message_new(msg_dict, custom_values=custom_values)

    def _desk_env(self):
        """The environment in the language of the desk that works these cases (their
        team's market, else their market's), for what a job or a customer's action
        writes to the agents: the chatter's notes of follow-ups, confirmations and
        recoveries. The job's own language is nobody's: the Dutch desk read
        "Follow-up: the customer was reminded to confirm." in English."""
        case = self[:1]
        return self._desk_env_of(case.team_id, case.company_id)

    @api.model
    def _desk_env_of(self, team, company):
        """``_desk_env`` of a case of ``team`` in ``company`` (the team's stored
        market language: no query where the team is loaded)."""
        lang = team.market_lang if team else company.partner_id.lang
        return self.with_context(lang=lang).env if lang else self.env

    @api.model
    def _cx_new_customer_locale(self, team, company=None, content_language=""):
        """The language and time zone of a customer the suite creates (mail gateway,
        test drive, phone call): the mail's language where it says, else the team's
        market's (else ``company``'s, else the current company's), and the market's
        time zone, so that their portal, mails and chatter show their local time.
        Read from the team's stored fields: no query when a team is given. What the
        market does not say is left to the defaults."""
        market = company or self.env.company
        locale = {
            "lang": self._cx_new_customer_lang(content_language, team, market),
            "tz": team.market_tz if team else market.partner_id.tz,
        }
        return {key: value for key, value in locale.items() if value}

    @api.model
    def _cx_new_customer_lang(self, content_language, team, company=None):
        """An installed language matching the header's first tag (``nl``, ``nl-BE``),
        else the team's market's, else False (the database default)."""
        installed = dict(self.env["res.lang"].get_installed())
        for tag in (content_language or "").split(","):
            tag = tag.strip().replace("-", "_")
            if not tag:
                continue
            if tag in installed:
                return tag
            base = tag.split("_")[0].lower()
            match = next((code for code in installed if code.split("_")[0] == base), None)
            if match:
                return match
        market_lang = (team.market_lang if team
                       else (company or self.env.company).partner_id.lang)
        return market_lang if market_lang in installed else False
