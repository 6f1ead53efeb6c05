import json
import logging

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.vehicle_order_event import MAX_BATCH_SIZE, TEXT_LIMITS

_logger = logging.getLogger(__name__)

# A batch of MAX_BATCH_SIZE events of reasonable size fits well within this; a bigger body
# is refused before it is parsed.
MAX_BODY_BYTES = MAX_BATCH_SIZE * 2048


class OrderTrackingApi(http.Controller):

    @http.route("/order_tracking/api/events", type="http", auth="public", methods=["POST"],
                csrf=False, save_session=False)
    def post_events(self, **kw):
        """Receive a batch of events: ``{"source": "...", "events": [{...}, ...]}``.

        Answers 200 with a verdict per event, 400 for a malformed body, 401 for a missing
        or wrong API key (or a user outside the integration group), 413 for a batch larger
        than MAX_BATCH_SIZE events, 415 for a body that is not JSON."""
        uid = self._authenticate()
        if not uid:
            return self._error(401, "unauthorized", "Send a valid API key of an integration "
                               "user as 'Authorization: Bearer <key>'.")
        length = request.httprequest.content_length
        if length and length > MAX_BODY_BYTES:
            return self._error(413, "too_large", f"The body exceeds {MAX_BODY_BYTES} bytes: "
                               f"send at most {MAX_BATCH_SIZE} events per batch.")
        body, problem = self._parse_body()
        if problem:
            return self._error(*problem)
        events = body["events"]
        if len(events) > MAX_BATCH_SIZE:
            return self._error(413, "too_large", f"{len(events)} events in one batch: "
                               f"send at most {MAX_BATCH_SIZE}.")
        try:
            verdicts = request.env["vehicle.order.event"]._ingest(events, source=body["source"])
        except AccessError:
            return self._error(401, "unauthorized", "This user may not send events.")
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for verdict in verdicts:
            counts[verdict["verdict"]] += 1
        return self._json(200, {"received": len(events), **counts, "results": verdicts})

    def _authenticate(self):
        header = request.httprequest.headers.get("Authorization") or ""
        scheme, _sep, key = header.partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key or len(key) > 256 or "\x00" in key:
            return None
        uid = request.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key)
        if not uid:
            return None
        request.update_env(user=uid)
        if not request.env.user.has_group("order_tracking.group_order_tracking_integration"):
            return None
        return uid

    def _parse_body(self):
        mimetype = request.httprequest.mimetype
        if mimetype != "application/json":
            return None, (415, "unsupported_media_type",
                          "Send the batch as JSON with 'Content-Type: application/json'.")
        # Cached: when a concurrent batch stores the same events, Odoo retries the whole
        # request (serialization failure), which must read the body again.
        raw = request.httprequest.get_data()
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return None, (400, "malformed", "The body is not valid JSON.")
        if not isinstance(body, dict) or not isinstance(body.get("events"), list):
            return None, (400, "malformed",
                          "The body must be an object with a list of events under 'events'.")
        source = body.get("source")
        if source is not None and (
            not isinstance(source, str) or "\x00" in source
            or not source.strip() or len(source) > TEXT_LIMITS["source"]
        ):
            return None, (400, "malformed",
                          f"'source' must be a text of at most {TEXT_LIMITS['source']} "
                          "characters naming the sending system.")
        body["source"] = source.strip() if source else None
        return body, None

    def _error(self, status, code, message):
        return self._json(status, {"error": code, "message": message})

    def _json(self, status, payload):
        headers = [("Content-Type", "application/json; charset=utf-8"),
                   ("Cache-Control", "no-store")]
        if status == 401:
            headers.append(("WWW-Authenticate", 'Bearer realm="order_tracking"'))
        return request.make_response(json.dumps(payload), headers=headers, status=status)
