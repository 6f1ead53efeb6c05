"""Calls to the suite's machine APIs (dealer_profile/tools/json_api.py) from an HttpCase,
shared by the addons that serve one."""

import json


class JsonApiClientMixin:
    """Mix into an HttpCase."""

    def _api_post(self, url, body, key, raw=None, content_type="application/json"):
        """POST ``body`` as JSON, or ``raw`` as it is, with ``key`` as the Bearer token
        (``key=False``: no Authorization header at all)."""
        headers = {"Content-Type": content_type}
        if key is not False:
            headers["Authorization"] = f"Bearer {key}"
        data = raw if raw is not None else json.dumps(body)
        return self.url_open(url, data=data, headers=headers, method="POST")
