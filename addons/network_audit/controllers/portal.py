from markupsafe import Markup

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Command
from odoo.http import request
from odoo.tools import LazyTranslate
from odoo.tools.misc import format_date

from odoo.addons.dealer_profile.controllers.portal import DealerPortal
from odoo.addons.dealer_profile.tools.portal_form import (
    FieldSpec,
    clean_form,
    clean_value,
    form_echo,
)
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.network_audit_action import DEALER_OPEN_STATES

_lt = LazyTranslate(__name__)
# The action-update form, through the suite's one validation path.
ACTION_UPDATE_FIELDS = (
    FieldSpec("comment", _lt("What did you do?"), kind="text", max_length=5000),
    FieldSpec("operation", _lt("Operation"), max_length=16),
)
PHOTO_NAME = FieldSpec("filename", _lt("Photo file name"), kind="file")


class NetworkAuditPortal(DealerPortal):
    """Dealers follow their audits and fix their action items from the portal.

    Reading goes through the portal record rules (validated audits and sent action
    items of the dealer's outlets). The portal group has no write access on purpose:
    the action item form below is the only write path, after the access check."""

    _audits_per_page = 20
    _actions_per_page = 20

    # Home counters -----------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Audit = request.env["network.audit"]
        Action = request.env["network.audit.action"]
        if "audit_count" in counters:
            values["audit_count"] = (
                Audit.search_count(self._audit_portal_domain())
                if Audit.has_access("read") else 0
            )
        if "audit_action_count" in counters:
            values["audit_action_count"] = (
                Action.search_count(self._action_portal_domain(open_only=True))
                if Action.has_access("read") else 0
            )
        if "audit_leaderboard_count" in counters:
            # Dealers only: a plain customer gets no leaderboard card.
            values["audit_leaderboard_count"] = (
                len(self._audit_leaderboard()[1]) if self._is_dealer() else 0
            )
        return values

    # Domains -----------------------------------------------------------------------

    def _dealer_outlets_domain(self):
        Outlet = request.env["dealer.outlet"]
        return [("outlet_id", "any", Outlet._portal_domain(request.env.user.partner_id))]

    def _audit_portal_domain(self):
        return self._dealer_outlets_domain() + [("state", "=", "validated")]

    def _action_portal_domain(self, open_only=False):
        states = [("state", "in", DEALER_OPEN_STATES)] if open_only else [("state", "!=", "draft")]
        return self._dealer_outlets_domain() + states

    # Audits ------------------------------------------------------------------------

    @http.route(["/my/audits", "/my/audits/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_audits(self, page=1, **kw):
        Audit = request.env["network.audit"]
        if not Audit.has_access("read"):
            return self._refused()
        domain = self._audit_portal_domain()
        pager = portal_pager(
            url="/my/audits", total=Audit.search_count(domain), page=page,
            step=self._audits_per_page,
        )
        # Searched as the dealer (record rules decide), read in sudo: the program
        # and market are shown by name only, the portal has no access to them.
        audits = Audit.search(domain, limit=self._audits_per_page, offset=pager["offset"])
        request.session["my_network_audits_history"] = audits.ids[:100]
        return request.render("network_audit.portal_my_audits", {
            "audits": audits.sudo(),
            "pager": pager,
            "page_name": "network_audits",
            "default_url": "/my/audits",
        })

    @http.route("/my/audits/<int:audit_id>", type="http", auth="user", website=True)
    def portal_my_audit(self, audit_id, report_type=None, download=False, **kw):
        """The audit page; with report_type=pdf the audit report, once the access
        check passed (the dealer downloads the same PDF the network team sends)."""
        try:
            audit_sudo = self._document_check_access("network.audit", audit_id)
        except (AccessError, MissingError):
            return self._refused()
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=audit_sudo, report_type=report_type,
                report_ref="network_audit.action_report_network_audit", download=download,
            )
        failed_lines = audit_sudo.line_ids.filtered("is_failed")
        values = {
            "audit": audit_sudo,
            "page_name": "network_audit",
            "sections": audit_sudo._get_section_scores(),
            "failed_lines": failed_lines,
            "photo_tokens": self._photo_tokens(failed_lines.photo_ids),
            # Items still under review by the network team are not the dealer's yet.
            "actions": audit_sudo.action_ids.filtered(lambda a: a.state != "draft"),
        }
        values = self._get_page_view_values(
            audit_sudo, None, values, "my_network_audits_history", False
        )
        return request.render("network_audit.portal_my_audit", values)

    def _photo_tokens(self, attachments):
        """{attachment id: access token}: photos are served by /web/image with a
        token, only ever generated after the access check of their record."""
        return dict(zip(attachments.ids, attachments.generate_access_token(), strict=True))

    # Action items ------------------------------------------------------------------

    def _action_searchbar_filters(self):
        return {
            "open": {"label": request.env._("To fix"), "open_only": True},
            "all": {"label": request.env._("All"), "open_only": False},
        }

    @http.route(["/my/actions", "/my/actions/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_actions(self, page=1, filterby="open", **kw):
        Action = request.env["network.audit.action"]
        if not Action.has_access("read"):
            return self._refused()
        filters = self._action_searchbar_filters()
        filterby = filterby if filterby in filters else "open"
        domain = self._action_portal_domain(open_only=filters[filterby]["open_only"])
        pager = portal_pager(
            url="/my/actions", url_args={"filterby": filterby}, total=Action.search_count(domain),
            page=page, step=self._actions_per_page,
        )
        actions = Action.search(domain, limit=self._actions_per_page, offset=pager["offset"])
        request.session["my_network_actions_history"] = actions.ids[:100]
        return request.render("network_audit.portal_my_actions", {
            "actions": actions.sudo(),
            "pager": pager,
            "page_name": "network_actions",
            "default_url": "/my/actions",
            "searchbar_filters": filters,
            "filterby": filterby,
        })

    @http.route("/my/actions/<int:action_id>", type="http", auth="user", website=True)
    def portal_my_action(self, action_id, **kw):
        try:
            action_sudo = self._document_check_access("network.audit.action", action_id)
        except (AccessError, MissingError):
            return self._refused()
        return request.render(
            "network_audit.portal_my_action",
            self._action_page_values(
                action_sudo, done=kw.get("done"), saved=kw.get("saved"),
            ),
        )

    def _action_page_values(self, action_sudo, errors=None, form=None, done=None, saved=None):
        # The item's own check: the form is offered to whom the server lets report the
        # fix (its responsible), not to every contact of the outlet who reads it.
        is_responsible = action_sudo.with_user(request.env.user)._workflow_is_responsible()
        values = {
            "action": action_sudo,
            "page_name": "network_action",
            "is_responsible": is_responsible,
            "editable": action_sudo.state in DEALER_OPEN_STATES and is_responsible,
            "photo_tokens": self._photo_tokens(action_sudo.evidence_ids),
            "errors": errors or [],
            "form": form or {},
            "done": done,
            "saved": saved,
        }
        # The chatter posts with the item's token: posting needs write access or the
        # token, and the portal user only reads the item.
        return self._get_page_view_values(
            action_sudo, action_sudo._portal_ensure_token(), values,
            "my_network_actions_history", False,
        )

    @http.route("/my/actions/<int:action_id>/update", type="http", auth="user", website=True,
                methods=["POST"])
    def portal_action_update(self, action_id, comment="", operation="save", **kw):
        """Comment, upload evidence photos and, with operation=done, mark the item done.

        Each photo is created in its own savepoint: a refused file (not an image, a
        decompression bomb) is reported without losing the comment or the photos
        accepted before it."""
        try:
            action_sudo = self._document_check_access("network.audit.action", action_id)
        except (AccessError, MissingError):
            return self._refused()
        if action_sudo.state not in DEALER_OPEN_STATES:
            return request.redirect(action_sudo.access_url)
        if not action_sudo.with_user(request.env.user)._workflow_is_responsible():
            # Nothing is written (comment, photos, state): the page says who reports it.
            return request.render(
                "network_audit.portal_my_action",
                self._action_page_values(action_sudo, errors=[request.env._(
                    "Only %(name)s, responsible for this item, reports its fix.",
                    name=action_sudo.responsible_user_id.name,
                )]),
                status=403,
            )
        uploads = [upload for upload in request.httprequest.files.getlist("photos")
                   if upload.filename]  # an empty part when no file is chosen
        errors = self._check_action_update(comment, operation, uploads)
        if errors:
            # Nothing is written: the page again with the messages and the comment.
            return request.render(
                "network_audit.portal_my_action",
                self._action_page_values(
                    action_sudo, errors=errors,
                    form=form_echo({"comment": comment}, ACTION_UPDATE_FIELDS),
                ),
                status=400,
            )
        # Sudo as the dealer: tracking, chatter and attachments are authored by them.
        item = action_sudo.with_user(request.env.user).sudo()
        comment = comment.strip()
        if comment and comment != (item.dealer_comment or ""):
            item.dealer_comment = comment
        attachments, errors = self._attach_evidence(item, uploads)
        if operation == "done" and not errors:
            error = self._mark_done(item, comment)
            if not error:
                return request.redirect(f"{item.access_url}?done=1")
            errors.append(error)
        elif (comment or attachments) and item.state in ("open", "rejected"):
            item.action_start()  # the dealer is working on it
        if errors:
            return request.render(
                "network_audit.portal_my_action",
                self._action_page_values(
                    action_sudo, errors=errors, form={"comment": comment} if comment else None,
                ),
            )
        return request.redirect(f"{item.access_url}?saved=1")

    def _check_action_update(self, comment, operation, uploads):
        """Messages for what is wrong in the posted update (comment, file names)."""
        env = request.env
        __, errors = clean_form(
            env, {"comment": comment, "operation": operation}, ACTION_UPDATE_FIELDS
        )
        messages = list(errors.values())
        for upload in uploads:
            try:
                clean_value(env, PHOTO_NAME, upload.filename)
            except UserError as error:
                messages.append(error.args[0])
        return messages

    def _attach_evidence(self, item, uploads):
        Attachment = item.env["ir.attachment"]
        attachments, errors = Attachment, []
        for upload in uploads:
            try:
                with request.env.cr.savepoint():
                    attachments |= Attachment.create({
                        "name": upload.filename,
                        "raw": upload.read(),
                        "res_model": item._name,
                        "res_id": item.id,
                    })
            except UserError as error:
                errors.append(error.args[0])
        if attachments:
            item.evidence_ids = [Command.link(attachment.id) for attachment in attachments]
        return attachments, errors

    def _mark_done(self, item, comment):
        """Mark the item done and tell the network team; return an error message or None."""
        try:
            with request.env.cr.savepoint():
                item.action_mark_done(comment or None)
        except UserError as error:
            return error.args[0]
        item.message_post(
            body=Markup("<p>%s</p><p>%s</p>") % (
                request.env._("Marked done from the portal, %(count)s photo(s) attached:",
                              count=len(item.evidence_ids)),
                item.dealer_comment,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return None

    # Leaderboard -------------------------------------------------------------------

    @http.route("/my/audit-leaderboard", type="http", auth="user", website=True)
    def portal_audit_leaderboard(self, **kw):
        if not self._is_dealer():
            return self._refused(request.env._(
                "The audit leaderboard is shown to the contacts of an outlet of the "
                "network only."
            ))
        month, rows = self._audit_leaderboard()
        Outlet = request.env["dealer.outlet"]
        own = set(Outlet.search(Outlet._portal_domain(request.env.user.partner_id)).ids)
        for row in rows:
            row["own"] = row.pop("outlet_id") in own
        return request.render("network_audit.portal_audit_leaderboard", {
            "month": month,
            "month_label": month and format_date(request.env, month, date_format="MMMM y"),
            "rows": rows,
            "page_name": "network_audit_leaderboard",
        })

    def _audit_leaderboard(self):
        """(month, rows) of the latest published rating month (network.audit.
        _published_leaderboard), ranked (ties share a rank). Rows hold published data
        only: name, stars, score and rank; the outlet id is for the controller."""
        rating_month, scores = request.env["network.audit"]._published_leaderboard()
        # The network's one ranking rule (dealer_profile): ties share a rank.
        ranks = request.env["dealer.outlet.rating"]._competition_ranks(
            {"network": [(outlet.id, score) for outlet, score in scores]}
        )
        rows = [{
            "outlet_id": outlet.id,
            "name": outlet.name,
            "stars": int(outlet.rating_stars or 0),
            "score": score,
            "rank": ranks[outlet.id],
        } for outlet, score in scores]
        return rating_month.month, rows
