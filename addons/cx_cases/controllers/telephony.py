from odoo import http

from odoo.addons.dealer_profile.tools.json_api import JsonApiError, serve_json
from odoo.addons.dealer_profile.tools.portal_form import JsonSpec, clean_json

from ..models.res_users import TELEPHONY_KEY_SCOPE as API_KEY_SCOPE

MAX_BODY = 16 * 1024
# What the telephony system sends; other keys (its own) are ignored.
CALL_SPECS = (
    JsonSpec("caller", required=True, max_length=40),
    *(JsonSpec(name, max_length=100) for name in ("called", "call_id", "direction")),
)
OPEN_KINDS = ("new", "progress", "waiting", "solved")
CANDIDATES = 20


class CxTelephony(http.Controller):
    """Called by the telephony system when a call comes in: who is calling and
    what is open for them, so the agent's screen can show it."""

    @http.route("/cx/telephony/call", type="http", auth="none", methods=["POST"],
                csrf=False, save_session=False)
    def telephony_call(self, **kw):
        """The suite's machine API answers (dealer_profile/tools/json_api.py): 401 no or
        wrong key (scope ``cx_cases.telephony``), 403 a user outside *Telephony
        Integration*, 413 over 16 KB, 415 not JSON, 400 a bad body."""
        return serve_json(API_KEY_SCOPE, "cx_cases.group_cx_integration", MAX_BODY,
                          self._call, realm="cx_cases")

    def _call(self, env, body):
        values, errors = clean_json(env, body, CALL_SPECS, allow_unknown=True)
        caller = values["caller"]
        if not errors and not env["res.partner"]._phone_match_key(caller):
            errors["caller"] = env._("bad value: caller is not a phone number")
        if errors:
            raise JsonApiError(400, "malformed", "; ".join(errors.values()), fields=errors)
        partner = self._find_caller(env, caller)
        if not partner:
            return {"caller": caller, "customer": None, "open_cases": []}
        # sudo: integrations have no access to cases; the domain stands for the
        # multi-company rule (a region's user stands for the markets below it).
        cases = env["cx.case"].sudo().search([
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("stage_kind", "in", OPEN_KINDS),
            ("company_id", "child_of", env.user.company_ids.ids),
        ], order="date_open desc", limit=20)
        return {
            "caller": caller,
            "customer": {"id": partner.id, "name": partner.name,
                         "email": partner.email or None},
            "open_cases": [{
                "id": case.id, "number": case.number, "subject": case.name,
                "stage": case.stage_id.name, "stage_kind": case.stage_kind,
                "team": case.team_id.name or None, "assignee": case.user_id.name or None,
                "sla_status": case.sla_status or None,
                "opened": case.date_open.isoformat(),
            } for case in cases],
        }

    def _find_caller(self, env, number):
        """The newest partner with this phone that belongs to the key's markets: one of
        their companies (or a market below), or a customer without a company who has
        a case or an order there or whose portal account is of one of them. Customers
        are shared records (no company): the partner record rules alone would name a
        Swedish customer to the Dutch PBX."""
        candidates = env["res.partner"]._find_by_phone(number, limit=CANDIDATES)
        if not candidates:
            return candidates
        markets = env["res.company"].sudo().search(
            [("id", "child_of", env.user.company_ids.ids)]
        )
        served = set()
        commercial = candidates.commercial_partner_id.ids
        for model in ("cx.case", "vehicle.order"):
            served.update(partner.id for [partner] in env[model].sudo()._read_group(
                [("commercial_partner_id", "in", commercial), ("company_id", "in", markets.ids)],
                ["commercial_partner_id"],
            ))
        return next((
            partner for partner in candidates
            if partner.company_id in markets
            or (not partner.company_id and (
                partner.commercial_partner_id.id in served
                or partner.sudo().user_ids.company_id & markets
            ))
        ), env["res.partner"])
