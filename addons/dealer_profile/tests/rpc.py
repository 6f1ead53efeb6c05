"""JSON-RPC as a browser or a script sends it, with the error the caller reads."""

import json


def call_kw(case, model, method, *args, **kwargs):
    """Call ``model.method(*args, **kwargs)`` through /web/dataset/call_kw as the user
    ``case`` (an HttpCase) is logged in as. Return (result, error): error is None or
    the JSON-RPC error's data ({"name": exception class, "message": text})."""
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        }}),
        headers={"Content-Type": "application/json"},
    )
    case.assertLess(response.status_code, 500, response.text[:300])
    payload = response.json()
    if "error" in payload:
        return None, payload["error"]["data"]
    return payload["result"], None
