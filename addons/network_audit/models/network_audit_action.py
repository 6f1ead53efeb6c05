from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date
from odoo.tools.translate import LazyTranslate

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow

from .network_audit_standard import CRITICALITIES

ACTION_STATES = [
    ("draft", "To Review"),
    ("open", "Open"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("verified", "Verified"),
    ("rejected", "Rejected"),
]
DEALER_OPEN_STATES = ("open", "in_progress", "rejected")
EVIDENCE_FROZEN_STATES = ("done", "verified")
# The follow-up of a sent item: the officers' (an auditor reviews items in draft only).
FOLLOW_UP_FIELDS = {"due_date", "responsible_user_id", "rejection_reason"}
_lt = LazyTranslate(__name__)
OFFICER = "dealer_profile.group_network_officer"
# Officers send reviewed items to the outlet and verify or reject the fix; the item's
# responsible (the outlet's manager, through the portal) starts it and reports the fix.
# Nobody verifies or rejects a fix they reported themselves: an officer who made
# themselves responsible and marked the item done does not also verify it.
ACTION_TRANSITIONS = {
    "draft": {"open": Allow(OFFICER, button="send")},
    "open": {
        "in_progress": Allow(check="_workflow_is_responsible", button="start"),
        "done": Allow(check="_workflow_is_responsible", button="mark_done"),
    },
    "rejected": {
        "in_progress": Allow(check="_workflow_is_responsible", button="start"),
        "done": Allow(check="_workflow_is_responsible", button="mark_done"),
    },
    "in_progress": {"done": Allow(check="_workflow_is_responsible", button="mark_done")},
    "done": {
        "verified": Allow(OFFICER, check="_workflow_is_not_reporter", button="verify"),
        "rejected": Allow(OFFICER, check="_workflow_is_not_reporter", button="reject"),
    },
}


class NetworkAuditAction(models.Model):
    _name = "network.audit.action"
    _description = "Audit Action Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "dealer.workflow.mixin"]
    _order = "due_date, id"
    _check_company_auto = True
    # Moved by action_send/start/mark_done/verify/reject and the reminder cron only.
    # The dealer's report of the fix (dealer_comment, done_by_id) is theirs: written by
    # action_mark_done and the portal (as the dealer, after its check), never by staff.
    _workflow_fields = (
        "state", "done_date", "verified_by_id", "verified_date", "reminder_sent",
        "escalated", "audit_id", "sent_date", "dealer_comment", "done_by_id",
    )
    _workflow_create_fields = ("audit_id",)
    _workflow_state_field = "state"
    _workflow_transitions = ACTION_TRANSITIONS
    _workflow_button_verbs = {
        "send": _lt("sent"), "start": _lt("started"), "mark_done": _lt("marked done"),
        "verify": _lt("verified"), "reject": _lt("rejected"),
    }
    # The plan of a validated audit is locked; its follow-up goes on: the officer
    # reschedules or reassigns (tracked) and writes why a fix is rejected, the dealer's
    # comment and evidence come in.
    _workflow_open_fields = (
        "due_date", "responsible_user_id", "rejection_reason", "dealer_comment",
        "evidence_ids",
    )
    # The evidence of a reported fix is what the verifier judged: it stays as reported
    # (the item's own attachments too, ir_attachment.py). A rejected fix takes more.
    _workflow_frozen_fields = ("evidence_ids",)

    # Dealers reach their audits logged in; the token (portal.mixin) is no one's to read.
    access_token = fields.Char(groups="base.group_system")
    # Quotes the standard's title in every language (_copy_standard_titles).
    name = fields.Char(string="What to Fix", required=True, tracking=True, translate=True)
    description = fields.Text(help="The auditor's finding.")
    audit_id = fields.Many2one("network.audit", required=True, ondelete="cascade", index=True)
    line_id = fields.Many2one("network.audit.line", ondelete="set null")
    standard_id = fields.Many2one(
        "network.audit.standard", ondelete="restrict", context={"active_test": False}
    )
    requirement = fields.Html(related="standard_id.requirement")
    outlet_id = fields.Many2one(related="audit_id.outlet_id", store=True, index=True)
    company_id = fields.Many2one(related="audit_id.company_id", store=True, string="Market")
    criticality = fields.Selection(CRITICALITIES, required=True, default="minor", tracking=True)
    responsible_user_id = fields.Many2one(
        "res.users", string="Responsible", tracking=True,
        help="The outlet's manager, usually a portal user.",
    )
    responsible_partner_id = fields.Many2one(
        related="responsible_user_id.partner_id", store=True, string="Responsible Contact"
    )
    due_date = fields.Date(required=True, tracking=True, index=True)
    sent_date = fields.Date(
        readonly=True, copy=False,
        help="The day the item was sent to the dealer; its due date counts from then.",
    )
    # Kanban columns in process order, empty ones included (group_expand).
    state = fields.Selection(
        ACTION_STATES, default="draft", required=True, tracking=True, index=True,
        group_expand=True,
    )
    dealer_comment = fields.Text(tracking=True)
    evidence_ids = fields.Many2many(
        "ir.attachment", "network_audit_action_evidence_rel", "action_id", "attachment_id",
        string="Evidence Photos",
    )
    rejection_reason = fields.Text(tracking=True)
    done_date = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.users", string="Fix Reported By", readonly=True, copy=False,
    )
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Datetime(readonly=True, copy=False)
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    escalated = fields.Boolean(readonly=True, copy=False, tracking=True)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    can_send = fields.Boolean(compute="_compute_workflow_can")
    can_verify = fields.Boolean(compute="_compute_workflow_can")
    can_reject = fields.Boolean(compute="_compute_workflow_can")

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = action.state in DEALER_OPEN_STATES and action.due_date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "in", DEALER_OPEN_STATES),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.constrains("responsible_user_id")
    def _check_responsible(self):
        """The responsible reads the item, gets its messages and reports its fix: a
        contact of its outlet on the portal, or staff working in its market (a region
        or the head office above it). Set by id over JSON-RPC, an officer made a
        customer of another market responsible, who was sent the outlet's findings."""
        for item in self.sudo().filtered("responsible_user_id"):
            user = item.responsible_user_id
            if user.share:
                allowed = user.partner_id in item.outlet_id.contact_ids.partner_id
            else:
                target = item.company_id.parent_path or ""
                allowed = any(target.startswith(path)
                              for path in user.company_ids.mapped("parent_path"))
            if not allowed:
                raise ValidationError(self.env._(
                    "%(user)s cannot be responsible for '%(item)s': a contact of "
                    "%(outlet)s or staff working in %(market)s is.",
                    user=user.name, item=item.name, outlet=item.outlet_id.display_name,
                    market=item.company_id.name,
                ))

    def _compute_access_url(self):
        for action in self:
            action.access_url = f"/my/actions/{action.id}"

    @api.model_create_multi
    def create(self, vals_list):
        """Items start in review (draft). A network manager may create one already
        sent: it is created in review and sent through ``action_send``."""
        to_send = []
        if not self._in_workflow():
            # A default_state "open" in the context is sent the same way.
            self._workflow_add_default_values(vals_list)
            is_manager = self.env.user.has_group("dealer_profile.group_network_manager")
            for index, vals in enumerate(vals_list):
                if is_manager and vals.get("state") == "open":
                    vals_list[index] = {**vals, "state": "draft"}
                    to_send.append(index)
            self._check_workflow_create(vals_list)
        items = super().create(vals_list)
        items._check_workflow_created()
        items.filtered("standard_id")._copy_standard_titles()
        if to_send:
            items.browse([items[index].id for index in to_send]).action_send()
        return items

    def _copy_standard_titles(self):
        """Items that quote their standard's title take all its translations: the
        outlet reads the title in its language. One query; an item whose text was
        written by hand keeps it. The title of the standard's version the audit used."""
        if not self:
            return
        lang = self.env.lang or "en_US"
        self.env["network.audit.standard"].flush_model(["name"])
        self.flush_recordset(["name", "standard_id"])
        self.env.execute_query(SQL(
            """UPDATE network_audit_action AS item SET name = standard.name
                 FROM network_audit_standard AS standard
                WHERE item.id = ANY(%s) AND standard.id = item.standard_id
                  AND COALESCE(item.name->>%s, item.name->>'en_US')
                      = COALESCE(standard.name->>%s, standard.name->>'en_US')""",
            self.ids, lang, lang,
        ))
        self.invalidate_recordset(["name"])

    def write(self, vals):
        self._check_workflow_write(vals)
        self._check_follow_up_writer(vals)
        if "due_date" in vals:
            vals.setdefault("reminder_sent", False)
            vals.setdefault("escalated", False)
        return super().write(vals)

    def _check_follow_up_writer(self, vals):
        """A sent item is rescheduled, reassigned and its fix rejected by the network
        officers; an auditor writes those of the items they draft only. An auditor made
        themselves responsible of a dealer's sent item over JSON-RPC (then reported its
        fix in the dealer's place) and moved its due date past the escalation."""
        if self._in_workflow() or not FOLLOW_UP_FIELDS & vals.keys() or (
            self.env.user.has_group(OFFICER)
        ):
            return
        sent = self.filtered(lambda a: a.state != "draft")
        if sent:
            sent[:1].check_access("write")
            raise AccessError(self.env._(
                "'%(item)s' was sent to the outlet: network officers reschedule and "
                "reassign it, and say why its fix is rejected.", item=sent[:1].name,
            ))

    def _workflow_locked(self):
        return self.filtered(lambda a: a.audit_id.state in ("validated", "cancel"))

    def _workflow_frozen(self):
        return self.filtered(lambda a: a.state in EVIDENCE_FROZEN_STATES)

    def _workflow_attachments_locked(self):
        """The plan of a validated audit is followed up: the dealer's evidence comes
        in, the officer removes a wrong photo before the fix is reported. Once
        reported, what the item holds is what was judged."""
        return self._workflow_frozen()

    def _workflow_attachments_lock_message(self, record):
        return self._workflow_frozen_message(record, ["evidence_ids"])

    def _workflow_lock_message(self, record):
        return self.env._(
            "The action plan of %(audit)s is locked once the audit is validated: only "
            "due dates, responsibles and the follow-up change. A network manager can "
            "reopen the audit, with a reason.",
            audit=record.audit_id.display_name,
        )

    def _workflow_unlink_locked(self):
        """An item sent to the dealer is part of the record: it is never deleted."""
        return self.filtered(lambda a: a.state != "draft") | self._workflow_locked()

    def _workflow_unlink_message(self, record):
        return self.env._(
            "Action item '%(name)s' was sent to the outlet or belongs to a validated "
            "audit: it cannot be deleted.", name=record.name,
        )

    def _workflow_is_responsible(self):
        """The fix is reported by the item's responsible (the outlet's manager), not
        by the staff who verify it."""
        return self.responsible_user_id == self.env.user

    def _workflow_is_not_reporter(self):
        return self.done_by_id != self.env.user

    def action_send(self):
        """Send reviewed items to the outlet's manager, who follows them from now on.
        Sending is the review: auditors' items reach the dealer only through officers."""
        self._check_workflow_button("send")
        for item in self:
            if not item.responsible_user_id:
                raise UserError(self.env._(
                    "Action item '%(name)s' has no responsible: give %(outlet)s a Space "
                    "manager with portal access, or set the responsible by hand.",
                    name=item.name, outlet=item.outlet_id.display_name,
                ))
        self._stamp_sent_date()
        self._workflow().write({"state": "open"})
        for item in self:
            item.message_subscribe(partner_ids=item.responsible_partner_id.ids)
            item._post_to_dealer(lambda reader: reader._sent_message_body())
        return True

    def _sent_message_body(self):
        """The message that sends this item to the dealer, in the language of this
        record's environment (the item as the dealer reads it)."""
        self.ensure_one()
        return self.env._(
            "New action item for %(outlet)s, due on %(due)s. Open it from your "
            "portal to comment, upload evidence and mark it done.",
            outlet=self.outlet_id.name, due=self._due_date_text(),
        )

    def _post_to_dealer(self, body):
        """A message to the item's Space manager in their language (``body(reader)``),
        in the item's conversation on their portal page too (the portal page said 'the
        conversation is empty' under a rejected fix posted as a notification)."""
        return self._message_post_to(self.responsible_partner_id, body)

    def _stamp_sent_date(self):
        """Due dates count from the day the item reaches the dealer, not from the
        audit: an item reviewed two weeks after the audit still gets its full time.
        A later due date set by the reviewer is kept. Working days of the market
        (``res.company._network_audit_due_dates``)."""
        today = fields.Date.context_today(self)
        items = self.filtered(lambda a: a.state == "draft")
        due_dates = {market: market._network_audit_due_dates(today) for market in items.company_id}
        for item in items:
            due = due_dates[item.company_id].get(item.criticality) or today
            item._workflow().write({
                "sent_date": today,
                "due_date": max(item.due_date or today, due),
            })

    def _due_date_text(self, reader=None):
        """The due date as ``reader`` (a partner; the dealer by default) reads it in
        messages ("November 25, 2026" in their language), not the ISO form."""
        self.ensure_one()
        reader = reader or self.responsible_partner_id
        return format_date(self.env, self.due_date, lang_code=reader.lang, date_format="long")

    def action_start(self):
        self._check_workflow_button("start")
        self._workflow().write({"state": "in_progress"})
        return True

    def action_mark_done(self, comment=None):
        """The dealer reports the fix, with a comment and (if the standard asks for
        photos) evidence."""
        self._check_workflow_button("mark_done")
        for item in self:
            text = (comment if comment is not None else item.dealer_comment) or ""
            if not text.strip():
                raise UserError(self.env._("Say what was done before marking the item done."))
            if item.standard_id.evidence_rule != "never" and not item.evidence_ids:
                raise UserError(self.env._(
                    "'%(name)s' needs a photo of the fix before it can be marked done.",
                    name=item.name,
                ))
            item._workflow().write({
                "dealer_comment": text,
                "state": "done",
                "done_date": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            })
        return True

    def action_verify(self):
        self._check_workflow_button("verify")
        self._workflow().write({
            "state": "verified",
            "verified_by_id": self.env.user.id,
            "verified_date": fields.Datetime.now(),
        })
        return True

    def action_reject(self):
        self._check_workflow_button("reject")
        for item in self:
            if not (item.rejection_reason or "").strip():
                raise UserError(self.env._(
                    "Write why the fix of '%(name)s' is rejected.", name=item.name
                ))
        self._workflow().write({"state": "rejected"})
        for item in self:
            # In the dealer's language, as their award is: the reason is the verifier's
            # words, the sentence around it the dealer's.
            item._post_to_dealer(lambda reader: reader.env._(
                "The fix was not accepted: %(reason)s", reason=reader.rejection_reason,
            ))
        return True

    # Reminders and escalation ----------------------------------------------------

    @api.model
    def _cron_remind_and_escalate(self):
        today = fields.Date.context_today(self)
        open_items = self.search([("state", "in", DEALER_OPEN_STATES)])
        to_remind = open_items.filtered(
            lambda a: not a.reminder_sent
            and today <= a.due_date <= today + timedelta(days=a.company_id.audit_reminder_days)
        )
        for item in to_remind:
            # The job's language is nobody's: the reminder reads the dealer's.
            item._post_to_dealer(lambda reader: reader.env._(
                "Reminder: '%(name)s' is due on %(due)s.",
                name=reader.name, due=reader._due_date_text(),
            ))
        to_remind._workflow().write({"reminder_sent": True})
        to_escalate = open_items.filtered(lambda a: not a.escalated and a.due_date < today)
        for item in to_escalate:
            officer = item.outlet_id.user_id or item.audit_id.program_id.create_uid
            # The officer's to-do in their language, as the dealer's reminder in theirs.
            officer_env = officer.partner_id._lang_env()
            item.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=officer.id,
                summary=officer_env._("Overdue action item at %(outlet)s",
                                      outlet=item.outlet_id.name),
                note=officer_env._("'%(name)s' was due on %(due)s.", name=item.name,
                                   due=item._due_date_text(officer.partner_id)),
            )
        to_escalate._workflow().write({"escalated": True})
        return to_remind, to_escalate
