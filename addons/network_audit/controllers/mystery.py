import math

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext, plaintext2html
from odoo.tools.translate import LazyTranslate

from odoo.addons.dealer_profile.tools.portal_form import (
    FieldSpec,
    clean_form,
    clean_value,
    posted_id,
)

from ..models.network_audit_line import SCALE
from .portal import PHOTO_NAME, NetworkAuditPortal

_lt = LazyTranslate(__name__)
OPEN_STATES = ("planned", "in_progress")
OPERATIONS = ("save", "submit")
VISIT_FIELDS = (
    FieldSpec("summary", _lt("Your overall impression"), kind="text", max_length=5000),
    FieldSpec("operation", _lt("Operation"), max_length=16),
)


class MysteryShopperPortal(NetworkAuditPortal):
    """Mystery shoppers see their visit assignments and fill the questionnaire on their
    phone. The shopper writes as themselves (no sudo): the record rules and the visit's
    transition table decide, as for a JSON-RPC call."""

    @http.route()
    def portal_my_audit(self, audit_id, report_type=None, download=False, **kw):
        """A shopper reads their visit at /my/visits, not on the dealers' pages."""
        if self._is_shopper() and not request.env["network.audit"].search_count(
            [("id", "=", audit_id), *self._audit_portal_domain()]
        ):
            return self._refused()
        return super().portal_my_audit(audit_id, report_type=report_type,
                                       download=download, **kw)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mystery_visit_count" in counters:
            values["mystery_visit_count"] = (
                request.env["network.audit"].search_count(self._visit_domain())
                if self._is_shopper() else 0
            )
        return values

    def _is_shopper(self):
        return request.env.user.has_group("network_audit.group_mystery_shopper")

    def _visit_domain(self):
        return [("audit_type", "=", "mystery"), ("state", "!=", "cancel"),
                ("shopper_id", "=", request.env.uid)]

    def _visit_check_access(self, visit_id):
        """The shopper's own visit (sudo, after the access check) or None: a dealer
        who reads the validated visit of their outlet does not read its assignment."""
        if not self._is_shopper():
            return None
        try:
            visit_sudo = self._document_check_access("network.audit", visit_id)
        except (AccessError, MissingError):
            return None
        if visit_sudo.shopper_id != request.env.user or visit_sudo.audit_type != "mystery":
            return None
        return visit_sudo

    @http.route("/my/visits", type="http", auth="user", website=True)
    def portal_my_visits(self, **kw):
        if not self._is_shopper():
            return self._refused()
        visits = request.env["network.audit"].search(
            self._visit_domain(), order="visit_from desc, id desc"
        )
        return request.render("network_audit.portal_my_visits", {
            "visits": visits.sudo(),
            "page_name": "mystery_visits",
        })

    @http.route("/my/visits/<int:visit_id>", type="http", auth="user", website=True)
    def portal_my_visit(self, visit_id, **kw):
        visit_sudo = self._visit_check_access(visit_id)
        if visit_sudo is None:
            return self._refused()
        return request.render("network_audit.portal_my_visit",
                              self._visit_values(visit_sudo, saved=kw.get("saved")))

    def _visit_values(self, visit_sudo, errors=None, form=None, saved=None):
        lines = visit_sudo.line_ids.filtered(lambda line: not line.is_skipped)
        return {
            "visit": visit_sudo,
            "lines": lines,
            "editable": visit_sudo.state in OPEN_STATES,
            "photo_tokens": self._photo_tokens(lines.photo_ids),
            "scale": [value for value, _label in SCALE],
            "errors": errors or {},
            "form": form,
            "saved": saved,
            "page_name": "mystery_visit",
        }

    @http.route("/my/visits/<int:visit_id>/save", type="http", auth="user", website=True,
                methods=["POST"])
    def portal_visit_save(self, visit_id, **post):
        visit_sudo = self._visit_check_access(visit_id)
        if visit_sudo is None:
            return self._refused()
        if visit_sudo.state not in OPEN_STATES:
            return request.redirect(f"/my/visits/{visit_sudo.id}")
        lines = visit_sudo.line_ids.filtered(lambda line: not line.is_skipped)
        specs = VISIT_FIELDS + self._line_specs(lines)
        values, errors = clean_form(request.env, post, specs)
        if values["operation"] not in OPERATIONS:
            errors["operation"] = request.env._("Save or submit the questionnaire.")
        line_vals = self._line_vals(lines, values, errors)
        uploads = self._photo_uploads(lines, errors)
        if errors:
            return self._visit_error(visit_sudo, errors, post)
        # As the shopper: the rules and the workflow check what they may write.
        visit = request.env["network.audit"].browse(visit_sudo.id)
        try:
            with request.env.cr.savepoint():
                if visit_sudo.state == "planned":
                    visit.action_start()
                for line, vals in line_vals.items():
                    line.with_env(request.env).write(vals)
                if values["summary"] != html2plaintext(visit_sudo.summary or "").strip():
                    visit.summary = plaintext2html(values["summary"])
                self._attach_photos(uploads)
                if values["operation"] == "submit":
                    visit.action_submit()
        except (UserError, ValidationError, AccessError) as error:
            return self._visit_error(visit_sudo, {"submit": error.args[0]}, post)
        suffix = "submitted" if values["operation"] == "submit" else "1"
        return request.redirect(f"/my/visits/{visit_sudo.id}?saved={suffix}")

    def _visit_error(self, visit_sudo, errors, post):
        return request.render(
            "network_audit.portal_my_visit",
            self._visit_values(visit_sudo, errors=errors, form=post), status=400,
        )

    @staticmethod
    def _line_specs(lines):
        specs = []
        for line in lines:
            specs.append(FieldSpec(f"answer_{line.id}", line.standard_name, max_length=32))
            specs.append(FieldSpec(f"comment_{line.id}", line.standard_name, kind="text",
                                   max_length=2000))
            if line.answer_type == "numeric":
                specs.append(FieldSpec(f"na_{line.id}", line.standard_name, max_length=1))
        return tuple(specs)

    def _line_vals(self, lines, values, errors):
        """{line: vals} of the answers that changed; wrong answers go into errors."""
        result = {}
        for line in lines:
            vals = {}
            answer = "na" if values.get(f"na_{line.id}") else values[f"answer_{line.id}"]
            if answer:
                try:
                    vals.update(self._answer_vals(line, answer))
                except ValueError:
                    errors[f"answer_{line.id}"] = request.env._(
                        "%(standard)s: choose one of the answers offered.",
                        standard=line.standard_name,
                    )
            comment = values[f"comment_{line.id}"]
            if comment != (line.comment or "").strip():
                vals["comment"] = comment or False
            if vals:
                result[line] = vals
        return result

    @staticmethod
    def _answer_vals(line, answer):
        """The line's answer fields for a posted answer; ValueError when it is not one
        the standard offers."""
        if answer == "na":
            return {"not_applicable": True}
        kind = line.answer_type
        vals = {"not_applicable": False}
        if kind == "yes_no" and answer in ("yes", "no"):
            vals["answer_yes_no"] = answer
        elif kind == "scale" and answer in dict(SCALE):
            vals["answer_scale"] = answer
        elif kind == "numeric":
            number = float(answer)
            if not math.isfinite(number):
                raise ValueError(answer)
            vals["answer_numeric"] = number
        elif kind == "choice" and posted_id(answer) in line.standard_id.option_ids.ids:
            vals["option_id"] = posted_id(answer)
        else:
            raise ValueError(answer)
        return vals

    def _photo_uploads(self, lines, errors):
        """[(line, upload)] of the posted photos, their names checked."""
        files = request.httprequest.files
        uploads = []
        for line in lines:
            for upload in files.getlist(f"photo_{line.id}"):
                if not upload.filename:
                    continue  # an empty part when no file is chosen
                try:
                    clean_value(request.env, PHOTO_NAME, upload.filename)
                except UserError as error:
                    errors[f"photo_{line.id}"] = error.args[0]
                uploads.append((line, upload))
        return uploads

    def _attach_photos(self, uploads):
        """Receipts and photos as evidence of their answer (ir_attachment.py normalizes
        them like every audit photo). The portal neither creates nor reads
        attachments: the shopper's write access to the answer (their open visit) is
        checked, then the file is stored and linked in their name."""
        Attachment = request.env["ir.attachment"]
        for line, upload in uploads:
            line = line.with_env(request.env)
            line.check_access("write")
            attachment = Attachment.sudo().create({
                "name": upload.filename,
                "raw": upload.read(),
                "res_model": "network.audit.line",
                "res_id": line.id,
            })
            line.sudo().photo_ids = [Command.link(attachment.id)]
