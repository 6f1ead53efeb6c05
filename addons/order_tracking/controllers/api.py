from odoo import http
from odoo.exceptions import UserError

from odoo.addons.dealer_profile.tools.json_api import JsonApiError, serve_json
from odoo.addons.dealer_profile.tools.portal_form import clean_json_value

from ..tools.event_api import API_KEY_SCOPE, MAX_BATCH_SIZE, SOURCE_SPEC

# A batch of MAX_BATCH_SIZE events of reasonable size fits well within this; a bigger body
# is refused before it is parsed.
MAX_BODY_BYTES = MAX_BATCH_SIZE * 2048


class OrderTrackingApi(http.Controller):

    @http.route("/order_tracking/api/events", type="http", auth="public", methods=["POST"],
                csrf=False, save_session=False)
    def post_events(self, **kw):
        """Receive a batch of events: ``{"source": "...", "events": [{...}, ...]}``.

        Answers 200 with a verdict per event; the errors of every machine API of the
        suite otherwise (dealer_profile/tools/json_api.py): 400 malformed body, 401
        missing or wrong key (the key's scope is ``order_tracking.events``), 403 a user
        outside the integration group, 413 a body over MAX_BODY_BYTES or more than
        MAX_BATCH_SIZE events, 415 not JSON."""
        return serve_json(API_KEY_SCOPE, "order_tracking.group_order_tracking_integration",
                          MAX_BODY_BYTES, self._post_events, realm="order_tracking")

    def _post_events(self, env, body):
        events = body.get("events")
        if not isinstance(events, list):
            raise JsonApiError(400, "malformed",
                               "The body must be an object with a list of events under 'events'.")
        try:
            source = clean_json_value(env, SOURCE_SPEC, body.get("source"))
        except UserError as error:
            raise JsonApiError(400, "malformed", error.args[0],
                               fields={"source": error.args[0]}) from error
        if len(events) > MAX_BATCH_SIZE:
            raise JsonApiError(413, "too_large", f"{len(events)} events in one batch: "
                               f"send at most {MAX_BATCH_SIZE}.")
        verdicts = env["vehicle.order.event"]._ingest(events, source=source)
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        for verdict in verdicts:
            counts[verdict["verdict"]] += 1
        return {"received": len(events), **counts, "results": verdicts}
