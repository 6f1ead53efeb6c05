"""The public knowledge articles on the portal: the help pages of a market in the
customer's language, and the suggestions of the new-request form."""

import re

from odoo import http
from odoo.http import request
from odoo.tools import LazyTranslate

from odoo.addons.dealer_profile.tools.portal_form import (
    FieldSpec,
    JsonSpec,
    clean_form,
    clean_json,
    json_errors_text,
)

_lt = LazyTranslate(__name__)
SUGGESTIONS = 5
SEARCH_FIELDS = (FieldSpec("search", _lt("Search"), kind="line", max_length=200),)
SUGGEST_SPECS = (JsonSpec("text", kind="text", max_length=5200),)
# Session keys: a customer counts once per article for views and "solved" clicks.
SEEN_KEY = "cx_help_seen"
SOLVED_KEY = "cx_help_solved"
# What cx.article._check_slug accepts: anything else is no article (and never reaches
# the database, which refuses a NUL).
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class CxKnowledgePortal(http.Controller):
    def _portal_articles(self, text=None, limit=None):
        """Public articles of the user's market (record rules) in their language;
        with ``text``, the best matches first."""
        Article = request.env["cx.article"]
        domain = Article._cx_portal_domain(request.env.user)
        if text:
            return Article._cx_search(text, domain=domain, limit=limit or SUGGESTIONS)
        return Article.search(domain + [("state", "=", "published")], limit=limit)

    @http.route("/my/help", type="http", auth="user", website=True)
    def portal_help(self, **get):
        values, errors = clean_form(request.env, get, SEARCH_FIELDS)
        search = "" if errors else values.get("search") or ""
        return request.render("cx_cases.portal_help", {
            "articles": self._portal_articles(search, limit=50), "search": search,
            "page_name": "cx_help",
        })

    @http.route("/my/help/suggest", type="jsonrpc", auth="user", website=True,
                methods=["POST"], readonly=True)
    def portal_help_suggest(self, **payload):
        """What the new-request form suggests while the customer types."""
        values, errors = clean_json(request.env, payload, SUGGEST_SPECS)
        if errors:
            return {"articles": [], "error": json_errors_text(errors)}
        return {"articles": [{
            "id": article.id, "title": article.name, "summary": article.summary or "",
            "url": f"{article.portal_url}?from=request",
        } for article in self._portal_articles(values["text"])]}

    def _article(self, slug):
        """The published public article at ``slug``: for a signed-in reader through
        the record rules (their market); for a visitor, in the page's language."""
        if not SLUG_RE.fullmatch(slug or ""):
            return request.env["cx.article"]
        domain = [("slug", "=", slug), ("state", "=", "published"), ("is_public", "=", True)]
        Article = request.env["cx.article"]
        if request.env.user._is_public():
            # sudo only after the domain above limits it to published public articles.
            Article = Article.sudo()
        articles = Article.search(domain)
        lang = request.env.user.lang or request.env.lang
        return articles.filtered(lambda a: a.lang == lang)[:1] or articles[:1]

    @http.route("/help/<string:slug>", type="http", auth="public", website=True)
    def help_article(self, slug, **get):
        article = self._article(slug)
        if not article:
            raise request.not_found()
        from_request = get.get("from") == "request" and not request.env.user._is_public()
        if from_request and self._first_time(SEEN_KEY, article):
            article.sudo().view_count += 1
        return request.render("cx_cases.portal_help_article", {
            "article": article, "from_request": from_request,
            "solved": get.get("solved") == "1", "page_name": "cx_help_article",
        })

    @http.route("/help/<string:slug>/solved", type="http", auth="user", website=True,
                methods=["POST"])
    def help_article_solved(self, slug, **post):
        """The customer read a suggestion and has no request to send any more: one
        case avoided."""
        article = self._article(slug)
        if not article:
            raise request.not_found()
        if self._first_time(SOLVED_KEY, article):
            article.sudo().avoided_count += 1
        return request.redirect(f"{article.portal_url}?solved=1")

    def _first_time(self, key, article):
        seen = list(request.session.get(key) or [])
        if article.id in seen:
            return False
        request.session[key] = [*seen, article.id][-100:]
        return True
