"""One way to serve a machine API: a JSON body, a bearer API key of a given scope.

Every machine endpoint of the suite (order_tracking's event feed, cx_cases' telephony)
answers the same way, so an integrator learns it once:

- ``401`` no key, a wrong or expired key, or a key of another scope;
- ``403`` a valid key whose user is not in the endpoint's integration group;
- ``413`` a body larger than the endpoint's limit, measured on the bytes actually
  read (a chunked body has no Content-Length to trust);
- ``415`` a body that is not ``application/json``;
- ``400`` a body that is not a JSON object, or whose fields are wrong;
- errors as ``{"error": "<code>", "message": "<text>"}`` (plus ``"fields":
  {key: message}`` when fields are wrong), never an HTML page or a traceback.

Usage::

    @http.route("/x/api", type="http", auth="none", methods=["POST"], csrf=False,
                save_session=False)
    def post(self):
        return serve_json(SCOPE, "x.group_x_integration", 64 * 1024, self._handle)

    def _handle(self, env, body):   # env: the key's user; body: the decoded object
        ...
        return {"result": ...}      # or raise JsonApiError(400, "malformed", "...")
"""

import json

from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .portal_form import forbidden_characters

KEY_MAX_LENGTH = 256


class JsonApiError(Exception):
    """An answer other than 200: ``status``, a short ``code`` and a ``message``."""

    def __init__(self, status, code, message, fields=None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields

    def payload(self):
        payload = {"error": self.code, "message": self.message}
        if self.fields:
            payload["fields"] = self.fields
        return payload


def serve_json(scope, group_xmlid, max_bytes, handle, realm="odoo"):
    """Authenticate the bearer key, read the body and answer ``handle(env, body)``
    as JSON; every refusal is a :class:`JsonApiError` answered with its status."""
    try:
        env = authenticate_bearer(scope, group_xmlid)
        body = read_json_body(max_bytes)
        try:
            return json_response(200, handle(env, body))
        except AccessError as error:
            raise JsonApiError(403, "forbidden", error.args[0]) from error
        except UserError as error:
            raise JsonApiError(400, "invalid", error.args[0]) from error
    except JsonApiError as error:
        if request.db:
            # Nothing of a refused request is kept (the answer would commit it).
            request.env.cr.rollback()
        return json_response(error.status, error.payload(), realm=realm)


def authenticate_bearer(scope, group_xmlid):
    """The environment of the user whose API key of ``scope`` is in the
    ``Authorization: Bearer`` header; that user must be in ``group_xmlid``."""
    header = request.httprequest.headers.get("Authorization") or ""
    scheme, _sep, key = header.partition(" ")
    key = key.strip()
    if (scheme.lower() != "bearer" or not key or len(key) > KEY_MAX_LENGTH
            or forbidden_characters(key)):
        raise JsonApiError(401, "unauthorized", "Send a valid API key of an integration "
                           "user as 'Authorization: Bearer <key>'.")
    uid = request.env["res.users.apikeys"].sudo()._check_credentials(scope=scope, key=key)
    if not uid:
        raise JsonApiError(401, "unauthorized", f"This is not a valid API key of scope "
                           f"'{scope}': create one for this API (see its documentation).")
    user = request.env["res.users"].sudo().browse(uid)
    if not user.has_group(group_xmlid):
        raise JsonApiError(403, "forbidden", "The key's user is not an integration of this "
                           "API: add it to the API's integration group.")
    request.update_env(user=uid)
    return request.env


def read_json_body(max_bytes):
    """The decoded JSON object of the request, read once (Odoo replays a request
    after a serialization failure: the bytes are kept for the retry)."""
    httprequest = request.httprequest
    if (httprequest.content_length or 0) > max_bytes:
        raise _too_large(max_bytes)
    if httprequest.mimetype != "application/json":
        raise JsonApiError(415, "unsupported_media_type",
                           "Send JSON with 'Content-Type: application/json'.")
    environ = httprequest.environ
    if "dealer_profile.json_body" not in environ:
        # Never more than the limit and one byte: a chunked body has no length to check.
        # Odoo's request wraps werkzeug's and exposes get_data() (everything) but not the
        # stream, which a bounded read needs.
        stream = httprequest._HTTPRequest__wrapped.stream
        environ["dealer_profile.json_body"] = _read_at_most(stream, max_bytes + 1)
    raw = environ["dealer_profile.json_body"]
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise JsonApiError(400, "malformed", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise JsonApiError(400, "malformed", "The body must be a JSON object.")
    return body


def _read_at_most(stream, size):
    """Up to ``size`` bytes of ``stream``: one read() may return less (a chunk)."""
    parts, missing = [], size
    while missing > 0:
        part = stream.read(min(missing, 65536))
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def _too_large(max_bytes):
    return JsonApiError(413, "too_large", f"The body exceeds {max_bytes} bytes.")


def json_response(status, payload, realm="odoo"):
    headers = [("Content-Type", "application/json; charset=utf-8"),
               ("Cache-Control", "no-store")]
    if status == 401:
        headers.append(("WWW-Authenticate", f'Bearer realm="{realm}"'))
    # ensure_ascii: a lone surrogate echoed from the request stays an escape.
    return request.make_response(json.dumps(payload, ensure_ascii=True), headers=headers,
                                 status=status)
