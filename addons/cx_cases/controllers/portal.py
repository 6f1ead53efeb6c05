from markupsafe import Markup, escape
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import LazyTranslate

from odoo.addons.dealer_profile.controllers.portal import portal_token
from odoo.addons.dealer_profile.tools.portal_form import (
    FieldSpec,
    clean_form,
    form_echo,
    posted_id,
)
from odoo.addons.dealer_profile.tools.vin import normalize_vin, vin_problem, vin_problem_text
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

_lt = LazyTranslate(__name__)
TEXT_MAX = 5000
# Every field the case forms read, through the suite's one validation path
# (dealer_profile/tools/portal_form.py).
CASE_FIELDS = (
    FieldSpec("subject", _lt("Subject"), kind="line", max_length=200, required=True),
    FieldSpec("description", _lt("Description"), kind="text", max_length=TEXT_MAX,
              required=True),
    FieldSpec("type_id", _lt("About"), max_length=12),
    FieldSpec("order_id", _lt("Your order"), max_length=12),
    FieldSpec("vin", _lt("Vehicle identification number"), max_length=17),
)
REASON_FIELDS = (FieldSpec("reason", _lt("Reason"), kind="text", max_length=TEXT_MAX),)
FEEDBACK_FIELDS = (FieldSpec("feedback", _lt("Feedback"), kind="text", max_length=TEXT_MAX),)


class CxCasePortal(CustomerPortal):
    _cases_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cx_case_count" in counters:
            Case = request.env["cx.case"]
            values["cx_case_count"] = (
                Case.search_count([]) if Case.has_access("read") else 0
            )
        return values

    # List and page ---------------------------------------------------------------

    @http.route(["/my/cases", "/my/cases/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_cases(self, page=1, **kw):
        Case = request.env["cx.case"]
        # Record rules decide: a customer's cases, a dealer's outlets' cases.
        count = Case.search_count([])
        pager = portal_pager(url="/my/cases", total=count, page=page, step=self._cases_per_page)
        cases = Case.search([], limit=self._cases_per_page, offset=pager["offset"],
                            order="date_open desc, id desc")
        return request.render("cx_cases.portal_my_cases", {
            "cases": cases, "pager": pager, "page_name": "cx_cases",
            "default_url": "/my/cases",
        })

    @http.route("/my/cases/<int:case_id>", type="http", auth="public", website=True)
    def portal_my_case(self, case_id, access_token=None, **kw):
        access_token = portal_token(access_token)
        try:
            case_sudo = self._document_check_access("cx.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            case_sudo, access_token, {
                "case": case_sudo, "page_name": "cx_case",
                "confirmed": kw.get("confirmed"), "reopened": kw.get("reopened"),
                "error": kw.get("error"),
                "is_customer": case_sudo._portal_is_customer(request.env.user, access_token),
            }, "my_cases_history", False,
        )
        return request.render("cx_cases.portal_my_case", values)

    @http.route("/my/cases/<int:case_id>/confirm", type="http", auth="public", website=True,
                methods=["GET", "POST"])
    def portal_case_confirm(self, case_id, access_token=None, **post):
        """GET shows the question (mail scanners follow links: a GET never closes),
        POST records the customer's confirmation."""
        access_token = portal_token(access_token)
        try:
            case_sudo = self._document_check_access("cx.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return request.render("cx_cases.portal_case_confirm", {
                "case": case_sudo, "access_token": access_token, "page_name": "cx_case",
                "case_url": self._case_url(case_sudo, access_token),
                "is_customer": case_sudo._portal_is_customer(request.env.user, access_token),
            })
        if not case_sudo._portal_is_customer(request.env.user, access_token):
            return request.redirect(self._case_url(case_sudo, access_token, error="customer"))
        if case_sudo.stage_kind == "solved":
            method = "email" if access_token and request.env.user._is_public() else "portal"
            case_sudo._confirm_by_customer(method)
        return request.redirect(self._case_url(case_sudo, access_token, confirmed=1))

    @http.route("/my/cases/<int:case_id>/reopen", type="http", auth="public", website=True,
                methods=["POST"])
    def portal_case_reopen(self, case_id, access_token=None, **post):
        access_token = portal_token(access_token)
        try:
            case_sudo = self._document_check_access("cx.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not case_sudo._portal_is_customer(request.env.user, access_token):
            return request.redirect(self._case_url(case_sudo, access_token, error="customer"))
        values, errors = clean_form(request.env, post, REASON_FIELDS)
        if errors:
            # The page again, saying what is wrong with the reason; nothing changes.
            return request.render("cx_cases.portal_my_case", self._get_page_view_values(
                case_sudo, access_token, {
                    "case": case_sudo, "page_name": "cx_case", "error": "reason",
                    "reason_error": errors["reason"], "is_customer": True,
                }, "my_cases_history", False,
            ), status=400)
        reason = values["reason"]
        if case_sudo.stage_kind in ("solved", "closed"):
            author = case_sudo.partner_id if request.env.user._is_public() else (
                request.env.user.partner_id
            )
            case_sudo.message_post(
                body=Markup("<p>%s</p><p>%s</p>") % (
                    request.env._("The customer reopened the case."), reason or "",
                ),
                author_id=author.id, message_type="comment", subtype_xmlid="mail.mt_comment",
            )
            case_sudo._reopen_by_customer()
        return request.redirect(self._case_url(case_sudo, access_token, reopened=1))

    @http.route("/my/cases/<int:case_id>/rate/<int:score>", type="http", auth="public",
                website=True, methods=["GET"])
    def portal_case_rate(self, case_id, score, access_token=None, **kw):
        """The score links of the rating mail. The note in the chatter links here without
        a token; the customer's copy with theirs, and the customer goes on to the rating
        form of their latest rating request. Anyone else stays on the case's page."""
        access_token = portal_token(access_token)
        try:
            case_sudo = self._document_check_access("cx.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not 1 <= score <= 5:
            return request.not_found()
        is_customer = case_sudo._portal_is_customer(request.env.user, access_token)
        if case_sudo.anonymized or not is_customer:
            return request.redirect(self._case_url(case_sudo, access_token, error="customer"))
        customer = case_sudo._rating_get_partner()
        rating = case_sudo.rating_ids.filtered(lambda r: r.partner_id == customer).sorted("id")[-1:]
        token = rating.access_token if rating else case_sudo._rating_get_access_token()
        return request.redirect(f"/cx/rate/{token}/{score}")

    def _case_url(self, case, access_token, **params):
        """The case's page with the token the visitor came with, never the stored one
        (a dealer who sees the case must not be handed the customer's token)."""
        if access_token:
            params = {"access_token": access_token, **params}
        return f"/my/cases/{case.id}?{url_encode(params)}" if params else f"/my/cases/{case.id}"

    # New case ----------------------------------------------------------------------

    @http.route("/my/cases/new", type="http", auth="user", website=True,
                methods=["GET", "POST"])
    def portal_case_new(self, **post):
        if request.env.user._is_public():
            return request.redirect("/web/login")
        if request.httprequest.method != "POST":
            return request.render("cx_cases.portal_case_new", self._new_case_values())
        try:
            vals = self._cx_parse_case_form(post)
        except ValidationError as error:
            return request.render(
                "cx_cases.portal_case_new", self._new_case_values(
                    error=error.args[0], form=form_echo(post, CASE_FIELDS),
                ),
            )
        # sudo after validation: the customer and market are forced to the user's.
        case = request.env["cx.case"].sudo().create(vals)
        case.message_subscribe(partner_ids=request.env.user.partner_id.ids)
        return request.redirect(f"/my/cases/{case.id}")

    def _new_case_values(self, error=None, form=None):
        types = request.env["cx.case.type"].sudo().search([("proactive", "=", False)])
        return {
            "page_name": "cx_case_new", "types": types, "error": error, "form": form or {},
            **self._cx_order_choices(),
        }

    def _cx_customer_orders(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return request.env["vehicle.order"].sudo().search(
            [("commercial_partner_id", "=", partner.id), ("state", "!=", "cancelled")],
            order="order_date desc", limit=50,
        )

    def _cx_order_choices(self):
        """The customer's vehicle orders (order_tracking), offered on the form."""
        return {"orders": self._cx_customer_orders()}

    def _cx_parse_case_form(self, post):
        """The one validation path of the case form: every field is checked here."""
        env = request.env
        user = env.user
        values, errors = clean_form(env, post, CASE_FIELDS)
        if errors:
            raise ValidationError(" ".join(errors.values()))
        subject, description = values["subject"], values["description"]
        post = values
        vals = {
            "name": subject,
            "description": Markup("<p>%s</p>") % escape(description).replace(
                "\n", Markup("<br/>")
            ),
            "partner_id": user.partner_id.id,
            "channel": "portal",
            "company_id": user.company_id.id,
            "team_id": env["cx.case.team"].sudo()._team_for(user.company_id).id,
        }
        type_id = post.get("type_id")
        if type_id:
            case_type = env["cx.case.type"].sudo().browse(posted_id(type_id)).exists()
            if not case_type or case_type.proactive:
                raise ValidationError(env._("Choose one of the proposed request types."))
            vals["type_id"] = case_type.id
        vin = normalize_vin(post.get("vin"))
        if vin:
            problem = vin_problem(vin)
            if problem:
                raise ValidationError(vin_problem_text(env, vin, problem))
            vals["vin"] = vin
        vals.update(self._cx_parse_order(post))
        if vals.get("order_id") and vin:
            vals.pop("vin")  # the order's VIN wins
        return vals

    def _cx_parse_order(self, post):
        """The order the customer picked: one of their own, nothing else."""
        value = str(post.get("order_id") or "").strip()
        if not value:
            return {}
        orders = self._cx_customer_orders()
        order = orders.filtered(lambda o: str(o.id) == value)
        if not order:
            raise ValidationError(request.env._("Choose one of your orders."))
        return {"order_id": order.id}

    # Rating 1-5 (Odoo's /rate route only takes 1, 3, 5) ---------------------------

    @http.route("/cx/rate/<string:token>/<int:score>", type="http", auth="public",
                website=True, methods=["GET"])
    def cx_rate(self, token, score, **kw):
        """The link of the rating email opens the form with the score chosen; it records
        nothing. Mail scanners follow every link of a mail (the five scores, in any
        order): Odoo's /rate/<token>/<rate> stopped recording on GET for that reason."""
        rating = self._cx_rating(token)
        if not rating or not 1 <= score <= 5:
            return request.not_found()
        return request.render("cx_cases.portal_rating_form", {
            "token": token, "score": score, "rating": rating, "feedback": rating.feedback,
        })

    @http.route("/cx/rate/<string:token>/submit", type="http", auth="public",
                website=True, methods=["POST"])
    def cx_rate_submit(self, token, score=0, feedback=None, **kw):
        rating = self._cx_rating(token)
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not rating or not 1 <= score <= 5:
            return request.not_found()
        values, errors = clean_form(request.env, {"feedback": feedback}, FEEDBACK_FIELDS)
        if errors:
            return request.render("cx_cases.portal_rating_form", {
                "token": token, "score": score, "rating": rating,
                "feedback": form_echo({"feedback": feedback}, FEEDBACK_FIELDS).get("feedback", ""),
                "error": " ".join(errors.values()),
            })
        feedback = values["feedback"]
        case = request.env["cx.case"].sudo().browse(rating.res_id).exists()
        if not case:
            return request.not_found()
        try:
            # The same rating each time: a second answer replaces the first one.
            case.rating_apply(score, rating=rating, feedback=feedback or False)
        except (UserError, ValueError):
            return request.not_found()
        return request.render("cx_cases.portal_rating_done", {"case": case, "score": score})

    def _cx_rating(self, token):
        """The rating of the token, for the customer: a logged-in user who is not the
        customer (a dealer, an agent) never answers in the customer's name, nor does
        the one the request was sent to once the case is another customer's. The page
        speaks the customer's language, as the mail did (the link opens it for a
        visitor who is not logged in: the browser's language before)."""
        if not portal_token(token):
            return None
        rating = request.env["rating.rating"].sudo().search(
            [("access_token", "=", token), ("res_model", "=", "cx.case")], limit=1
        )
        customer = rating.partner_id.commercial_partner_id
        if not rating or not customer or (
            customer != rating.cx_case_id.partner_id.commercial_partner_id
        ):
            return None
        user = request.env.user
        if not user._is_public() and user.partner_id.commercial_partner_id != customer:
            return None
        if rating.partner_id.lang:
            request.update_context(lang=rating.partner_id.lang)
        return rating
