"""The care team's library of how-to guides and knowledge articles: per market and
language, versioned, searched from a case and, when public, shown on the portal."""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, html2plaintext

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import check_company_move

# Words too common to rank an article by (the suite's languages, "car" in each of them:
# every question of a car brand's customers has it); two-letter words rarely say what a
# question is about.
STOP_WORDS = frozenset("""
the and for with from that this have has not but you your our can how what when why
my car auto bil kereta het een van voor met niet maar mijn wat hoe wanneer waarom ook nog bij naar
der die das und mit für nicht aber mein wie was wann warum auch noch ist eine einen
och att med för inte men min hur vad når varför det som
og med ikke men min hvordan hva når hvorfor det som
dan yang untuk dengan tidak tetapi saya bagaimana apa bila kenapa
""".split())
TOKEN_RE = re.compile(r"[^\W_]{3,}", re.UNICODE)
MAX_TOKENS = 12
# How much of a question an article must answer to be suggested: its ts_rank for the
# question's words times their number (ts_rank averages over the words of an OR query,
# so a long question would dilute a good match). A word of the title or keywords weighs
# about 0.6, one of the body about 0.12: one word of the title or keywords, or three of
# the body, make a suggestion; an article sharing a common word with it does not.
MIN_RELEVANCE = 0.3
# Fields whose change on a published article makes a new version.
CONTENT_FIELDS = ("name", "summary", "body")
# Kept by the history and the portal's counters, never written by hand.
COUNTER_FIELDS = ("version", "view_count", "avoided_count")


def search_tokens(text):
    """The distinct words of a question worth searching for, in their order."""
    tokens = []
    for word in TOKEN_RE.findall((text or "").lower()):
        if word not in STOP_WORDS and not word.isdigit() and word not in tokens:
            tokens.append(word)
    return tokens[:MAX_TOKENS]


class CxArticle(models.Model):
    _name = "cx.article"
    _description = "Knowledge Article"
    _inherit = ["mail.thread", "dealer.server.fields.mixin"]
    _order = "sequence, name, id"
    _input_guard_binds_superuser = True
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # Made from the title while the article is new (the form shows it as the title is
    # typed, and the editor may change it); a saved article keeps its address.
    slug = fields.Char(
        compute="_compute_slug", store=True, readonly=False, precompute=True,
        required=True, copy=False, index=True,
        help="The article's address on the portal: /help/<slug>.",
    )
    summary = fields.Char(help="One line shown under the title in suggestions.")
    body = fields.Html(sanitize_style=True)
    content_text = fields.Text(compute="_compute_content_text", store=True, index="trigram")
    keywords = fields.Char(help="Words customers use for this problem, searched like the title.")
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, index=True,
        default=lambda self: self.env.company,
        help="Readers of this market and of the markets below it see the article.",
    )
    lang = fields.Selection(
        "_lang_get", string="Language", required=True,
        default=lambda self: self.env.lang or "en_US",
    )
    type_ids = fields.Many2many(
        "cx.case.type", string="Case Types",
        help="Cases of these types rank this article first.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")], default="draft", required=True,
        tracking=True,
    )
    is_public = fields.Boolean(
        string="Public", tracking=True,
        help="Published public articles appear to the market's customers on the portal "
        "and are suggested while they write a request.",
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    version_ids = fields.One2many("cx.article.version", "article_id", string="History")
    version_count = fields.Integer(compute="_compute_version_count")
    view_count = fields.Integer(
        string="Opened from the request form", readonly=True, copy=False,
        help="Customers who opened the article from a suggestion on the new request form.",
    )
    avoided_count = fields.Integer(
        string="Cases avoided", readonly=True, copy=False,
        help="Customers who said the article solved their question instead of sending "
        "their request.",
    )
    portal_url = fields.Char(compute="_compute_portal_url")

    _slug_unique = models.Constraint(
        "UNIQUE(slug, company_id, lang)",
        "An article's address is unique per market and language.",
    )

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    @api.depends("name", "summary", "keywords", "body")
    def _compute_content_text(self):
        for article in self:
            article.content_text = " ".join(filter(None, (
                article.name, article.keywords, article.summary,
                html2plaintext(article.body or "") if article.body else "",
            )))

    @api.depends("version_ids")
    def _compute_version_count(self):
        groups = self.env["cx.article.version"]._read_group(
            [("article_id", "in", self.ids)], ["article_id"], ["__count"],
        )
        counts = {article.id: count for article, count in groups}
        for article in self:
            article.version_count = counts.get(article.id, 0)

    @api.depends("name")
    def _compute_slug(self):
        for article in self:
            if article.name and not (article.slug and article._origin.id):
                article.slug = self._slug_from(article.name)

    def _compute_portal_url(self):
        for article in self:
            article.portal_url = f"/help/{article.slug}" if article.slug else False

    @api.constrains("slug")
    def _check_slug(self):
        for article in self:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug or ""):
                raise ValidationError(self.env._(
                    "The address of '%(title)s' may hold lower-case letters, digits and "
                    "dashes only (e.g. charging-at-home).", title=article.name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Counters start at their defaults, whatever is sent: in vals or as the
            # context's default_<name>, which the ORM would add after this.
            for name in COUNTER_FIELDS:
                field = self._fields[name]
                vals[name] = field.default(self) if field.default else 0
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in COUNTER_FIELDS):
            raise ValidationError(self.env._(
                "An article's version and counters are kept by Odoo, not written by hand."
            ))
        if any(name in vals for name in CONTENT_FIELDS):
            self._keep_published_version(vals)
        result = super().write(vals)
        # Moved to a market above the writer's (the head office's, read everywhere):
        # the record rules checked the article's market before the write only.
        check_company_move(self, vals)
        return result

    @api.model
    def _slug_from(self, title):
        return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:80] or "article"

    def _keep_published_version(self, vals):
        """Readers may have sent a published text on: an edit keeps it in the history
        and the article moves to its next version."""
        changed = self.filtered(lambda a: a.state == "published" and any(
            name in vals and vals[name] != a[name] for name in CONTENT_FIELDS
        ))
        if not changed:
            return
        self.env["cx.article.version"].sudo().create([{
            "article_id": article.id, "version": article.version, "name": article.name,
            "summary": article.summary, "body": article.body,
            "author_id": article.write_uid.id,
            "date": article.write_date,
        } for article in changed])
        for article in changed:
            # sudo: the version number is the history's, not an editable field.
            article.sudo().with_context(tracking_disable=True).version = article.version + 1

    def action_publish(self):
        self.write({"state": "published"})

    def action_unpublish(self):
        self.write({"state": "draft"})

    def action_open_versions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("History of %(title)s", title=self.name),
            "res_model": "cx.article.version",
            "view_mode": "list,form",
            "domain": [("article_id", "=", self.id)],
        }

    # Search ------------------------------------------------------------------------

    @api.model
    def _cx_search(self, text, domain=None, type_ids=(), limit=5):
        """The articles that best answer ``text`` among those the user may read
        (record rules apply) within ``domain``: PostgreSQL full-text ranking of the
        question's words (prefixes, so 'charge' finds 'charging'), the title and
        keywords counting more than the body; an article for the case's type first.
        An article below MIN_RELEVANCE is not one: none rather than unrelated ones."""
        tokens = search_tokens(text)
        if not tokens:
            return self.browse()
        token_domain = []
        for token in tokens:
            token_domain = (["|"] if token_domain else []) + token_domain + [
                ("content_text", "ilike", token)
            ]
        query = self._search([*(domain or []), ("state", "=", "published")] + token_domain)
        tsquery = " | ".join(f"{token}:*" for token in tokens)
        rows = self.env.execute_query(SQL(
            """SELECT id FROM (
                   SELECT a.id, a.sequence,
                          a.id IN (SELECT cx_article_id FROM cx_article_cx_case_type_rel
                                    WHERE cx_case_type_id = ANY(%(types)s)) AS for_type,
                          ts_rank(setweight(to_tsvector('simple', coalesce(a.name, '') || ' '
                                                       || coalesce(a.keywords, '')), 'A')
                                  || setweight(to_tsvector('simple',
                                                           coalesce(a.content_text, '')), 'C'),
                                  to_tsquery('simple', %(tsquery)s)) AS rank
                     FROM cx_article a WHERE a.id IN %(ids)s
               ) ranked
               WHERE rank * %(words)s >= %(relevance)s
               ORDER BY for_type DESC, rank DESC, sequence, id
               LIMIT %(limit)s""",
            ids=query.subselect(), types=list(type_ids), tsquery=tsquery, limit=limit,
            words=len(tokens), relevance=MIN_RELEVANCE,
        ))
        return self.browse([row[0] for row in rows])

    @api.model
    def _cx_portal_domain(self, user):
        """What a customer is offered: public articles of their market (rules decide
        the market) in their language."""
        return [("is_public", "=", True), ("lang", "=", user.lang or self.env.lang)]


class CxArticleVersion(models.Model):
    _name = "cx.article.version"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Knowledge Article Version"
    _order = "article_id, version desc"

    article_id = fields.Many2one("cx.article", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="article_id.company_id", store=True, index=True)
    version = fields.Integer(required=True)
    name = fields.Char(string="Title", required=True)
    summary = fields.Char()
    body = fields.Html(sanitize_style=True)
    author_id = fields.Many2one("res.users", string="Written by")
    date = fields.Datetime(string="Published until")
