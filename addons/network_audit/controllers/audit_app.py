"""The offline audit app: an installable page (scoped web app manifest of core's
``web`` module, a service worker of its own) and the two JSON calls it makes."""

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import file_open

from odoo.addons.dealer_profile.tools.portal_form import JsonSpec, clean_json, json_errors_text
from odoo.addons.web.controllers import webmanifest

from ..models.network_audit_sync import OPS_PER_SYNC

APP_PATH = "/audit/app"
OP_SPECS = (
    JsonSpec("uuid", "line", max_length=64, required=True),
    JsonSpec("kind", "line", max_length=10, required=True),
    JsonSpec("audit", "int", minimum=1),
    JsonSpec("line", "int", minimum=1),
    JsonSpec("base", "int", minimum=0),
    JsonSpec("name", "line", max_length=128),
)
VALUE_SPECS = (
    JsonSpec("answer_yes_no", "line", max_length=3),
    JsonSpec("answer_scale", "line", max_length=1),
    JsonSpec("answer_numeric", "float"),
    JsonSpec("option_id", "int", minimum=1),
    JsonSpec("not_applicable", "bool"),
    JsonSpec("comment", "text", max_length=4000),
)
# The submit step's signatures: drawn on a canvas, a PNG of a few kB in base64 (the
# server decodes it as an image and refuses anything else).
MAX_SIGNATURE_CHARS = 2 * 1024 * 1024
SIGNATURE_SPECS = (
    JsonSpec("auditor_signature", "line", max_length=MAX_SIGNATURE_CHARS),
    JsonSpec("manager_signature", "line", max_length=MAX_SIGNATURE_CHARS),
    JsonSpec("manager_signer_name", "line", max_length=128),
    JsonSpec("manager_signature_missing_reason", "text", max_length=2000),
)
CHOICES = {"answer_yes_no": {"yes", "no", "na"}, "answer_scale": {str(n) for n in range(6)}}
KIND_NEEDS = {
    "start": "audit", "sign": "audit", "submit": "audit", "answer": "line", "photo": "line",
}
# base64 of a 12 MB photo, with room for the rest of the operation
MAX_PHOTO_CHARS = 17 * 1024 * 1024


class AuditAppManifest(webmanifest.WebManifest):
    def _get_scoped_app_name(self, app_id):
        if app_id == "network_audit":
            return request.env._("Audits")
        return super()._get_scoped_app_name(app_id)


class AuditApp(http.Controller):
    def _check_auditor(self):
        if not request.env.user.has_group("network_audit.group_audit_auditor"):
            raise AccessError(request.env._("The audit app is for auditors."))

    @http.route(APP_PATH, type="http", auth="user", methods=["GET"])
    def audit_app(self):
        if not request.env.user.has_group("network_audit.group_audit_auditor"):
            return request.render("network_audit.audit_app_not_auditor", {
                "title": request.env._("Audits"),
                "message": request.env._(
                    "The audit app is for auditors. "
                    "Ask your network manager to give you the Auditor role."
                ),
            }, status=403)
        return request.render("network_audit.audit_app", {
            "terms": request.env["network.audit"]._audit_app_terms(),
            "manifest_url": "/web/manifest.scoped_app_manifest?app_id=network_audit&path="
            + APP_PATH,
        })

    @http.route(f"{APP_PATH}/sw.js", type="http", auth="public", methods=["GET"], readonly=True)
    def audit_app_service_worker(self):
        with file_open("network_audit/static/src/audit_app/sw.js") as worker:
            body = worker.read()
        return request.make_response(body, [
            ("Content-Type", "text/javascript"),
            ("Service-Worker-Allowed", APP_PATH),
            ("Cache-Control", "no-cache"),
        ])

    @http.route(f"{APP_PATH}/api/download", type="jsonrpc", auth="user", methods=["POST"])
    def audit_app_download(self):
        self._check_auditor()
        return {
            "user": request.env.user.name,
            "audits": request.env["network.audit"]._audit_app_download(),
        }

    @http.route(f"{APP_PATH}/api/sync", type="jsonrpc", auth="user", methods=["POST"])
    def audit_app_sync(self, device=None, ops=None):
        self._check_auditor()
        if not isinstance(device, str) or not 8 <= len(device) <= 64 or not device.isprintable():
            raise UserError(request.env._("bad value: device must be the app's device id"))
        if not isinstance(ops, list) or len(ops) > OPS_PER_SYNC:
            raise UserError(request.env._(
                "bad value: ops must be a list of at most %(count)s operations",
                count=OPS_PER_SYNC,
            ))
        cleaned = [self._clean_op(op) for op in ops]
        return {"results": request.env["network.audit"]._audit_app_sync(device, cleaned)}

    def _clean_op(self, op):
        env = request.env
        if not isinstance(op, dict):
            raise UserError(env._("bad type: an operation must be a JSON object"))
        scalars = {key: value for key, value in op.items() if key not in ("values", "data")}
        values, errors = clean_json(env, scalars, OP_SPECS)
        kind = values.get("kind")
        if kind and kind not in KIND_NEEDS:
            errors["kind"] = env._("bad value: unknown operation %(kind)s", kind=kind)
        elif kind and not values.get(KIND_NEEDS[kind]):
            errors[KIND_NEEDS[kind]] = env._("missing field: %(field)s", field=KIND_NEEDS[kind])
        if kind == "answer":
            values["values"] = self._clean_answer(op.get("values"), errors)
            if values.get("base") is None:
                errors["base"] = env._("missing field: base")
        if kind == "sign":
            values["values"] = self._clean_signatures(op.get("values"), errors)
        if kind == "photo":
            data = op.get("data")
            if not isinstance(data, str) or not data or len(data) > MAX_PHOTO_CHARS:
                errors["data"] = env._("bad value: data must be a photo in base64 (12 MB at most)")
            values["data"] = data
        if errors:
            raise UserError(json_errors_text(errors))
        return values

    def _clean_signatures(self, signatures, errors):
        env = request.env
        if not isinstance(signatures, dict):
            errors["values"] = env._("bad type: values must be a JSON object of signatures")
            return {}
        values, value_errors = clean_json(env, signatures, SIGNATURE_SPECS)
        errors.update(value_errors)
        return values

    def _clean_answer(self, answer, errors):
        env = request.env
        if not isinstance(answer, dict) or not answer:
            errors["values"] = env._("bad type: values must be a JSON object of answer fields")
            return {}
        values, value_errors = clean_json(env, answer, VALUE_SPECS)
        errors.update(value_errors)
        for key, allowed in CHOICES.items():
            if values.get(key) is not None and values[key] not in allowed:
                errors[key] = env._("bad value: %(field)s", field=key)
        return {key: values[key] for key in answer if key in values}
