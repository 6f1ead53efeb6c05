import re

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dealer_change_request import PROPOSAL_FIELDS
from ..models.dealer_outlet_contact import CONTACT_ROLES
from ..tools.portal_form import clean_form, clean_value, form_echo

TIME_RE = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
# Odoo's access and rating tokens (uuid4, hex): anything else is no token at all.
TOKEN_RE = re.compile(r"[A-Za-z0-9-]{1,100}")


def portal_token(value):
    """``value`` when it has the shape of a token, else None: a CR/LF, a NUL, a
    non-ASCII character or a huge string then opens nothing, as a wrong token."""
    return value if isinstance(value, str) and TOKEN_RE.fullmatch(value) else None

class DealerPortal(CustomerPortal):
    _outlets_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dealer_outlet_count" in counters or "dealer_leaderboard_count" in counters:
            count = self._dealer_outlet_count()
            values["dealer_outlet_count"] = count
            # The leaderboard is for dealers only: a plain customer gets no card.
            values["dealer_leaderboard_count"] = (
                request.env["dealer.outlet.rating"].sudo().search_count(
                    [("is_latest", "=", True)]
                )
                if count
                else 0
            )
        if not counters:
            # The home page itself (its counters come later): the suite's cards speak
            # to a dealer of their outlets' customers, to a customer of their own.
            values["portal_is_dealer"] = self._is_dealer()
        return values

    def _is_dealer(self):
        """A user listed as a contact of at least one outlet."""
        return bool(self._dealer_outlet_count())

    def _dealer_outlet_count(self):
        Outlet = request.env["dealer.outlet"]
        if not Outlet.has_access("read"):
            return 0
        return Outlet.search_count(Outlet._portal_domain(request.env.user.partner_id))

    def _document_check_access(self, model_name, document_id, access_token=None):
        """Every portal route of the suite checks tokens here (the portal controllers
        are one class at dispatch). Core compares the token with consteq, which raises
        TypeError on non-ASCII text: a 500 instead of "access denied"."""
        if access_token is not None:
            access_token = portal_token(access_token)
        document_sudo = super()._document_check_access(model_name, document_id, access_token)
        if request.env.user._is_public() and isinstance(
            document_sudo, request.env.registry["portal.mixin"]
        ):
            # A visitor of the customer's link who is not logged in is the public user,
            # without a time zone (nor a market): the page's times are the document's
            # market's, as a logged-in customer without a time zone reads them
            # (res.users.context_get), not UTC.
            tz = document_sudo._portal_market_tz()
            if tz:
                request.update_context(tz=tz)
                document_sudo = document_sudo.with_context(tz=tz)
        return document_sudo

    def _refused(self, message=None):
        """The page shown for a portal URL the user may not open (a record of another
        dealer, a missing one, a page for dealers only): a clear message and a way
        back, HTTP 404 so that another dealer's records cannot be told from missing
        ones."""
        return request.render("dealer_profile.portal_refused", {
            "message": message or request.env._(
                "This page does not exist or is not shared with you. If a colleague sent "
                "you this link, ask the network team to add you as a contact of the outlet."
            ),
            "page_name": "dealer_refused",
        }, status=404)

    @http.route(["/my/outlets", "/my/outlets/page/<int:page>"], type="http",
                auth="user", website=True)
    def portal_my_outlets(self, page=1, **kw):
        Outlet = request.env["dealer.outlet"]
        domain = Outlet._portal_domain(request.env.user.partner_id)
        count = Outlet.search_count(domain)
        pager = portal_pager(
            url="/my/outlets", total=count, page=page, step=self._outlets_per_page
        )
        outlets = Outlet.search(
            domain, limit=self._outlets_per_page, offset=pager["offset"], order="name"
        )
        return request.render("dealer_profile.portal_my_outlets", {
            "outlets": outlets,
            "pager": pager,
            "page_name": "dealer_outlets",
            "default_url": "/my/outlets",
        })

    @http.route("/my/outlets/<int:outlet_id>", type="http", auth="user", website=True)
    def portal_my_outlet(self, outlet_id, **kw):
        try:
            outlet = self._document_check_access("dealer.outlet", outlet_id)
        except (AccessError, MissingError):
            return self._refused()
        return request.render(
            "dealer_profile.portal_my_outlet",
            self._outlet_page_values(outlet, proposed=kw.get("proposed")),
        )

    def _outlet_page_values(self, outlet, errors=None, form=None, proposed=None):
        hours = {}
        for attendance in outlet.resource_calendar_id.attendance_ids:
            day = hours.setdefault(attendance.dayofweek, [attendance.hour_from, attendance.hour_to])
            day[0] = min(day[0], attendance.hour_from)
            day[1] = max(day[1], attendance.hour_to)
        return {
            "outlet": outlet,
            "page_name": "dealer_outlet",
            "weekdays": _weekdays(),
            "roles": request.env["dealer.outlet.contact"]._fields["role"]._description_selection(
                request.env
            ),
            "hours": {d: (_fmt_hour(h[0]), _fmt_hour(h[1])) for d, h in hours.items()},
            "requests": outlet.change_request_ids.sorted("create_date", reverse=True)[:10],
            "errors": errors or [],
            "form": form or {},
            "proposed": proposed,
        }

    @http.route("/my/outlets/<int:outlet_id>/propose", type="http", auth="user",
                website=True, methods=["POST"])
    def portal_outlet_propose(self, outlet_id, **post):
        try:
            outlet_sudo = self._document_check_access("dealer.outlet", outlet_id)
        except (AccessError, MissingError):
            return self._refused()
        outlet = outlet_sudo.with_user(request.env.user)
        form, errors = clean_form(
            request.env, post, PROPOSAL_FIELDS, country=self._outlet_country(outlet_sudo)
        )
        try:
            if errors:
                raise ValidationError("\n".join(errors.values()))
            vals = self._prepare_change_request_vals(outlet, dict(post, **form))
            # Created as the dealer: access rules decide, not the controller.
            request.env["dealer.change.request"].create(vals)
        except ValidationError as error:
            request.env.cr.rollback()
            return request.render(
                "dealer_profile.portal_my_outlet",
                self._outlet_page_values(
                    outlet_sudo, errors=error.args[0].split("\n"),
                    form=self._form_echo(post, PROPOSAL_FIELDS),
                ),
                status=400,
            )
        return request.redirect(f"/my/outlets/{outlet_id}?proposed=1")

    @staticmethod
    def _outlet_country(outlet):
        return outlet.country_id or outlet.company_id.country_id

    @staticmethod
    def _form_echo(post, specs):
        """What the dealer typed, to fill the form again after an error (see
        portal_form.form_echo)."""
        return form_echo(post, specs)

    def _same_phone(self, typed, current, country):
        """The typed phone is the outlet's (written differently or not)."""
        if not current:
            return False
        spec = PROPOSAL_FIELDS[0]
        try:
            return typed == clean_value(request.env, spec, current, country=country)
        except UserError:
            return typed == current  # an old number that does not parse: as written

    def _prepare_change_request_vals(self, outlet, post):
        """Values of the change request; ``post`` holds the cleaned fields."""
        env = request.env
        outlet_sudo = outlet.sudo()
        country = self._outlet_country(outlet_sudo)
        vals = {"outlet_id": outlet.id, "note": post.get("note") or ""}
        phone = post.get("phone") or ""
        if phone and not self._same_phone(phone, outlet_sudo.phone, country):
            vals["new_phone"] = phone
        email = post.get("email") or ""
        if email and email != (outlet_sudo.email or "").strip().lower():
            vals["new_email"] = email
        if post.get("change_hours"):
            vals["change_hours"] = True
            vals["hours_line_ids"] = self._parse_hours(post)
        contact_lines = [
            (0, 0, {"operation": "remove", "contact_id": contact.id})
            for contact in outlet.sudo().contact_ids
            if post.get(f"remove_contact_{contact.id}")
        ]
        if post.get("new_contact_name"):
            contact_lines.append((0, 0, {
                "operation": "add",
                "name": post["new_contact_name"],
                "email": post.get("new_contact_email") or "",
                "phone": post.get("new_contact_phone") or "",
                "role": post.get("new_contact_role") if post.get("new_contact_role")
                in dict(CONTACT_ROLES) else False,
            }))
        if contact_lines:
            vals["contact_line_ids"] = contact_lines
        if not any(vals.get(k) for k in ("new_phone", "new_email", "change_hours",
                                           "contact_line_ids")):
            raise ValidationError(env._("Change at least one field before sending a proposal."))
        return vals

    def _parse_hours(self, post):
        lines = []
        for day, label in _weekdays():
            opens = (post.get(f"open_{day}") or "").strip()
            closes = (post.get(f"close_{day}") or "").strip()
            if not opens and not closes:
                continue  # closed that day
            parsed = [TIME_RE.match(opens), TIME_RE.match(closes)]
            if not all(parsed):
                raise ValidationError(request.env._(
                    "%(day)s: give both opening and closing times as HH:MM, "
                    "or leave both empty when closed.", day=label,
                ))
            hour_from, hour_to = (int(m.group(1)) + int(m.group(2)) / 60.0 for m in parsed)
            lines.append((0, 0, {"dayofweek": day, "hour_from": hour_from, "hour_to": hour_to}))
        return lines

    @http.route("/my/leaderboard", type="http", auth="user", website=True)
    def portal_leaderboard(self, **kw):
        if not self._dealer_outlet_count():
            return self._refused(request.env._(
                "The leaderboard is shown to the contacts of an outlet of the network only."
            ))
        # Published data only: outlet name, market, stars, ranks and award, of the latest
        # published month (the same month for every outlet).
        ratings = request.env["dealer.outlet.rating"].sudo().search(
            [("is_latest", "=", True)], order="rank_network, id"
        )
        own = request.env["dealer.outlet"].search(
            request.env["dealer.outlet"]._portal_domain(request.env.user.partner_id)
        )
        rows = [{
            "name": rating.outlet_id.name,
            "market": rating.company_id.name,
            "stars": int(rating.stars),
            "score": rating.score,
            "rank_network": rating.rank_network,
            "rank_market": rating.rank_market,
            "rank_region": rating.rank_region,
            "award": rating.award,
            "own": rating.outlet_id in own,
        } for rating in ratings]
        return request.render("dealer_profile.portal_leaderboard", {
            "rows": rows,
            "month": ratings[:1].month,
            "month_label": ratings[:1].month_label,
            "page_name": "dealer_leaderboard",
        })


def _weekdays():
    """(day, name) from Monday, the names in the page's language: the labels of the
    proposal's day selection, translated as every selection is."""
    field = request.env["dealer.change.request.hours"]._fields["dayofweek"]
    return field._description_selection(request.env)


def _fmt_hour(value):
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"
