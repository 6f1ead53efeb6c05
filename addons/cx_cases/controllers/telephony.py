import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

API_KEY_SCOPE = "cx_cases.telephony"
MAX_BODY = 16 * 1024
TEXT_FIELDS = ("caller", "called", "call_id", "direction")


class CxTelephony(http.Controller):
    """Called by the telephony system when a call comes in: who is calling and
    what is open for them, so the agent's screen can show it."""

    @http.route("/cx/telephony/call", type="http", auth="none", methods=["POST"],
                csrf=False, save_session=False)
    def telephony_call(self, **kw):
        user = self._authenticate()
        if user is None:
            return self._reply({"error": "invalid or missing API key"}, 401)
        if not user.has_group("cx_cases.group_cx_integration"):
            return self._reply({"error": "this key's user is not a telephony integration"}, 403)
        env = request.env(user=user.id)
        Partner = env["res.partner"]
        payload, error = self._parse(request.httprequest, Partner)
        if error:
            return self._reply({"error": error}, 400)
        # As the key's user: the partner record rules of its markets decide who matches.
        partner = Partner._cx_find_by_phone(payload["caller"])
        if not partner:
            return self._reply({"caller": payload["caller"], "customer": None,
                                "open_cases": []})
        # sudo: integrations have no access to cases; the domain stands for the
        # multi-company rule (a region's user stands for the markets below it).
        cases = env["cx.case"].sudo().search([
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("stage_kind", "in", ("new", "progress", "waiting", "solved")),
            ("company_id", "child_of", user.company_ids.ids),
        ], order="date_open desc", limit=20)
        return self._reply({
            "caller": payload["caller"],
            "customer": {"id": partner.id, "name": partner.name,
                         "email": partner.email or None},
            "open_cases": [{
                "id": case.id, "number": case.number, "subject": case.name,
                "stage": case.stage_id.name, "stage_kind": case.stage_kind,
                "team": case.team_id.name or None, "assignee": case.user_id.name or None,
                "sla_status": case.sla_status or None,
                "opened": case.date_open.isoformat(),
            } for case in cases],
        })

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization") or ""
        if not header.startswith("Bearer ") or len(header) > 200:
            return None
        key = header[len("Bearer "):].strip()
        if not key or "\x00" in key:
            return None
        uid = request.env["res.users.apikeys"].sudo()._check_credentials(
            scope=API_KEY_SCOPE, key=key
        )
        if not uid:
            return None
        return request.env["res.users"].sudo().browse(uid)

    def _parse(self, httprequest, Partner):
        """The one parser of the endpoint: a JSON object with a caller number."""
        if (httprequest.content_length or 0) > MAX_BODY:
            return None, "request body too large"
        raw = httprequest.get_data(cache=False, as_text=False)[: MAX_BODY + 1]
        if len(raw) > MAX_BODY:
            return None, "request body too large"
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None, "the body must be a JSON object"
        if not isinstance(payload, dict):
            return None, "the body must be a JSON object"
        for field in TEXT_FIELDS:
            value = payload.get(field)
            if value is not None and (not isinstance(value, str) or len(value) > 100
                                      or "\x00" in value):
                return None, f"'{field}' must be a short text"
        caller = (payload.get("caller") or "").strip()
        if not caller:
            return None, "'caller' (the calling number) is required"
        if not Partner._cx_normalize_phone(caller):
            return None, "'caller' is not a phone number"
        payload["caller"] = caller
        return payload, None

    def _reply(self, data, status=200):
        return request.make_json_response(data, status=status)
