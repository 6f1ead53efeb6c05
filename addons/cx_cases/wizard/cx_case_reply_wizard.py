from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

INSERT_MODES = [("link", "Link"), ("text", "Full text")]


class CxCaseReplyWizard(models.TransientModel):
    """Answer a case: a canned reply of the agent's team in the customer's language
    with the case's values filled in, and the knowledge articles that best match the
    case, as links (public articles) or as text; the agent edits and sends."""

    _name = "cx.case.reply.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Reply to a Case"

    case_id = fields.Many2one("cx.case", required=True, readonly=True, ondelete="cascade")
    partner_id = fields.Many2one(related="case_id.partner_id")
    customer_lang = fields.Char(compute="_compute_allowed")
    allowed_canned_ids = fields.Many2many(
        "mail.canned.response", compute="_compute_allowed",
    )
    canned_response_id = fields.Many2one(
        "mail.canned.response", string="Canned Reply",
        domain="[('id', 'in', allowed_canned_ids)]",
    )
    search_text = fields.Char(
        string="Search Articles", compute="_compute_search_text", store=True, readonly=False,
    )
    suggested_article_ids = fields.Many2many(
        "cx.article", "cx_case_reply_wizard_suggested_rel", string="Best Matches",
        compute="_compute_suggested_article_ids",
    )
    article_ids = fields.Many2many(
        "cx.article", string="Articles", domain="[('id', 'in', suggested_article_ids)]",
    )
    insert_mode = fields.Selection(
        INSERT_MODES, string="Insert Articles As", default="link", required=True,
        help="Link: the article's portal address (public articles; internal ones are "
        "always inserted as text).",
    )
    body = fields.Html(
        string="Reply", compute="_compute_body", store=True, readonly=False,
        sanitize_style=True,
    )

    @api.depends("case_id")
    def _compute_allowed(self):
        for wizard in self:
            case = wizard.case_id
            wizard.customer_lang = case._cx_customer_lang() if case else False
            wizard.allowed_canned_ids = case._cx_canned_candidates() if case else False

    @api.depends("case_id")
    def _compute_search_text(self):
        for wizard in self:
            wizard.search_text = wizard.case_id.name

    @api.depends("case_id", "search_text")
    def _compute_suggested_article_ids(self):
        for wizard in self:
            wizard.suggested_article_ids = wizard.case_id._cx_find_articles(
                wizard.search_text
            ) if wizard.case_id else False

    @api.depends("canned_response_id", "article_ids", "insert_mode")
    def _compute_body(self):
        for wizard in self:
            case = wizard.case_id
            parts = []
            if wizard.canned_response_id and case:
                parts.append(case._cx_text_to_html(case._cx_render_canned(
                    wizard.canned_response_id
                )))
            parts += [wizard._article_html(article) for article in wizard.article_ids]
            wizard.body = Markup("").join(Markup("<p>%s</p>") % part for part in parts)

    def _article_html(self, article):
        if self.insert_mode == "link" and article.is_public:
            url = article.get_base_url() + article.portal_url
            return Markup('<a href="%s" class="o_cx_article_link">%s</a>') % (url, article.name)
        return Markup("<strong>%s</strong><br/>%s") % (
            article.name, article.body or escape(article.summary or "")
        )

    def action_send(self):
        self.ensure_one()
        if is_html_empty(self.body):
            raise UserError(self.env._("Write a reply before sending it."))
        case = self.case_id
        case.check_access("write")
        case.message_post(
            body=self.body, message_type="comment", subtype_xmlid="mail.mt_comment",
            partner_ids=case.partner_id.ids,
        )
        if self.canned_response_id:
            self.canned_response_id.sudo().last_used = fields.Datetime.now()
        return {"type": "ir.actions.act_window_close"}
