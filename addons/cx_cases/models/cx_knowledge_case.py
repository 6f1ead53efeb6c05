"""Knowledge articles and canned replies seen from a case."""

import re

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_date

# {{customer}}, {{ order }}...: plain names, no expressions, so that any agent may
# write a reply without being able to read more than the case shows them.
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

MATCHES_SHOWN = 5


# The case's knowledge side stays apart from its workflow (cx_case.py) and its SLA
# clock (cx_case_sla.py), as those are kept apart from each other.
class CxCase(models.Model):
    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    cx_article_match_count = fields.Integer(
        string="Articles", compute="_compute_cx_article_match_count",
        help="Knowledge articles that match the case's subject and type.",
    )

    def cx_canned_responses(self):
        """The canned replies the agent may use on this case (their teams', in the
        customer's language), with the case's values filled in: what the composer
        inserts after ``::``."""
        self.ensure_one()
        self.check_access("read")
        return [
            {"id": response.id, "source": response.source,
             "substitution": self._cx_render_canned(response)}
            for response in self._cx_canned_candidates()
        ]

    def _cx_customer_lang(self):
        return self.partner_id.lang or self.env.lang or "en_US"

    def _cx_canned_candidates(self):
        """Replies visible to the user (record rules: their teams') that fit this
        case's team and its customer's language."""
        return self.env["mail.canned.response"].search([
            "|", ("cx_team_ids", "=", False), ("cx_team_ids", "in", self.team_id.ids),
            "|", ("cx_lang", "=", False), ("cx_lang", "=", self._cx_customer_lang()),
        ], order="source, id")

    def _cx_placeholder_values(self):
        """The values a reply may name, as the customer reads them (dates in their
        language). A value the case does not have (no order, no outlet) is left out:
        its placeholder stays as written for the agent to fill in, instead of an
        empty gap ("your  (order ) is ready from to be confirmed")."""
        self.ensure_one()
        self.check_access("read")
        lang = self._cx_customer_lang()
        lang_env = self.with_context(lang=lang).env
        # Whoever reads the case sees its customer, order and outlet on the form (an
        # agent has no access to outlets as such): sudo after the check above.
        case = self.sudo()
        order = case.order_id
        partner = case.partner_id
        values = {
            "customer": partner.name or "",
            "first_name": (partner.name or "").split(" ")[0],
            "case": case.number or "",
            "subject": case.name or "",
            "order": order.name or "",
            "model": order.vehicle_model or "",
            "eta": order and (
                format_date(lang_env, order.eta_date, lang_code=lang, date_format="long")
                if order.eta_date else lang_env._("to be confirmed")
            ),
            "vin": case.vin or order.vin or "",
            "outlet": case.outlet_id.name or order.outlet_id.name or "",
            "agent": (case.user_id or self.env.user).name or "",
            "team": case.team_id.with_context(lang=lang).name or "",
        }
        return {name: value for name, value in values.items() if value}

    def _cx_render_canned(self, response):
        """The reply's text with this case's values; unknown placeholders stay as
        written so that the agent sees them before sending."""
        values = self._cx_placeholder_values()
        return self._cx_fill(response.substitution or "", values)

    @api.model
    def _cx_fill(self, text, values):
        return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    @api.model
    def _cx_text_to_html(self, text):
        return Markup("<br/>").join(escape(line) for line in (text or "").split("\n"))

    def _compute_cx_article_match_count(self):
        for case in self:
            case.cx_article_match_count = len(case._cx_find_articles()) if case.id else 0

    def _cx_find_articles(self, text=None, limit=MATCHES_SHOWN):
        """The articles that best answer this case (its subject, or ``text``), in
        the customer's language, of the case's market or a market above it; those
        written for the case's type first."""
        self.ensure_one()
        return self.env["cx.article"]._cx_search(
            text if text is not None else self.name,
            domain=[
                ("lang", "=", self._cx_customer_lang()),
                ("company_id", "parent_of", self.company_id.ids),
            ],
            type_ids=self.type_id.ids, limit=limit,
        )

    def action_open_reply_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply to %(number)s", number=self.number),
            "res_model": "cx.case.reply.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }
