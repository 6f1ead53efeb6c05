import logging
from datetime import timedelta

from odoo import api, fields, models

from .cx_case import CxCase as CxCaseBase

_logger = logging.getLogger(__name__)

# Follow-through steps written by the job only (as the confirmation is).
FOLLOWUP_FIELDS = ("followup_reminder_date", "followup_call_date", "followup_closed_date")


class ResCompany(models.Model):
    """Follow-through is a market's practice (its customers, its labour rules): the
    market's settings, like its courtesy calls and retention. A region's team serves
    several markets, so a team-level setting would treat their customers alike."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    cx_reminder_days = fields.Integer(
        string="Reminder after (working days)", default=3,
        help="A solved case still waiting for the customer's confirmation gets a "
        "reminder mail this many working days (the team's hours) after it was solved; "
        "0: no reminder.",
    )
    cx_verify_call_days = fields.Integer(
        string="Verification call after (working days)", default=5,
        help="The agent gets a call activity to verify with the customer this many "
        "working days after the case was solved; 0: no call.",
    )
    cx_autoclose_days = fields.Integer(
        string="Close unanswered after (days)", compute="_compute_cx_autoclose_days",
        store=True, readonly=False, precompute=True,
        help="A solved case without any answer of the customer is closed this many "
        "days after it was solved; 0: it waits for the customer's confirmation. Off by "
        "default in the Netherlands, where the agent calls to verify instead.",
    )

    _cx_followup_positive = models.Constraint(
        "CHECK(cx_reminder_days >= 0 AND cx_verify_call_days >= 0 "
        "AND cx_autoclose_days >= 0)",
        "Follow-up days cannot be negative.",
    )

    @api.depends("country_id")
    def _compute_cx_autoclose_days(self):
        for company in self:
            if not company.cx_autoclose_days or company.country_id.code == "NL":
                company.cx_autoclose_days = 0 if company.country_id.code == "NL" else 14


class CxCase(models.Model):
    """Follow-through of a solved case waiting for the customer's confirmation: a
    reminder mail, a verification call for the agent, and, where the market wants
    it, a close without answer. Each step is logged on the case and counted in the
    Case Analysis."""

    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited
    _workflow_fields = tuple(sorted(set(CxCaseBase._workflow_fields) | set(FOLLOWUP_FIELDS)))

    followup_reminder_date = fields.Datetime(string="Reminder Sent", readonly=True, copy=False)
    followup_call_date = fields.Datetime(
        string="Verification Call Planned", readonly=True, copy=False,
    )
    followup_closed_date = fields.Datetime(
        string="Closed Without Answer", readonly=True, copy=False,
    )
    confirmation_method = fields.Selection(
        selection_add=[("timeout", "No answer (closed by the follow-up)")],
        ondelete={"timeout": "set null"},
    )

    def _stage_effects(self, old_kind, new_kind):
        vals = super()._stage_effects(old_kind, new_kind)
        if new_kind == "solved" or (old_kind in ("solved", "closed") and new_kind != "closed"):
            # The customer answered (reopened) or it is solved anew: it starts over.
            vals.update(dict.fromkeys(FOLLOWUP_FIELDS, False))
        return vals

    # Job -------------------------------------------------------------------------

    @api.model
    def _followup_domain(self):
        return [
            ("stage_kind", "=", "solved"), ("solved_date", "!=", False),
            ("anonymized", "=", False), ("recovery_of_id", "=", False),
        ]

    @api.model
    def _cron_followup(self, batch_size=200):
        """Reminders, verification calls and closes of the solved cases, in committed
        batches: a run stopped by its time limit carries on where it stopped."""
        now = fields.Datetime.now()
        earliest = self._followup_earliest(now)
        if earliest is None:
            return
        Case = self.sudo()
        case_ids = Case.search(
            self._followup_domain() + [("solved_date", "<=", earliest)], order="solved_date, id"
        ).ids
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=len(case_ids))
        for start in range(0, len(case_ids), batch_size):
            batch = Case.browse(case_ids[start:start + batch_size])
            batch._followup_run(now)
            if not Cron._commit_progress(len(batch)):
                return

    @api.model
    def _followup_earliest(self, now):
        """The latest solved date a case can have for a step to be due (working days
        are at least as long as calendar days); None when no market follows up."""
        companies = self.env["res.company"].sudo().search([])
        days = [
            value for company in companies
            for value in (company.cx_reminder_days, company.cx_verify_call_days,
                          company.cx_autoclose_days) if value
        ]
        return now - timedelta(days=min(days)) if days else None

    def _followup_run(self, now):
        cache = {}

        def working_due(case, days):
            calendar = case.team_id.resource_calendar_id or case.company_id.resource_calendar_id
            if not calendar:
                return case.solved_date + timedelta(days=days)
            key = (calendar.id, case.solved_date, days)
            if key not in cache:
                cache[key] = calendar._next_working_start(case.solved_date, days=days)
            return cache[key]

        remind, call, close = self.browse(), self.browse(), self.browse()
        for case in self:
            market = case.company_id
            if market.cx_autoclose_days and (
                case.solved_date + timedelta(days=market.cx_autoclose_days) <= now
            ):
                close |= case
                continue
            reminder_due = market.cx_reminder_days and not case.followup_reminder_date
            if reminder_due and working_due(case, market.cx_reminder_days) <= now:
                remind |= case
            call_due = market.cx_verify_call_days and not case.followup_call_date
            if call_due and working_due(case, market.cx_verify_call_days) <= now:
                call |= case
        remind._followup_send_reminder(now)
        call._followup_plan_call(now)
        close._followup_close(now)

    def _followup_send_reminder(self, now):
        template = self.env.ref("cx_cases.mail_template_case_followup_reminder", False)
        if template:
            # As the solved mail: a note mailed to the customer only.
            self.filtered("partner_id")._message_post_customer_mail(template)
        for case in self:
            case.message_post(
                body=case._desk_env()._("Follow-up: the customer was reminded to confirm."),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
        self._workflow().write({"followup_reminder_date": now})

    def _followup_plan_call(self, now):
        activity_type = self.env.ref("cx_cases.mail_activity_type_verify_call")
        for case in self:
            user = case.user_id or case.team_id.supervisor_id
            # The to-do reads in its assignee's language, the note in the desk's.
            assignee_env = (user.partner_id or self.env.user.partner_id)._lang_env()
            case.activity_schedule(
                activity_type_id=activity_type.id, user_id=user.id or self.env.uid,
                date_deadline=fields.Date.context_today(case),
                note=assignee_env._("Call the customer to verify that all is well, then "
                                    "record their confirmation."),
            )
            case.message_post(
                body=case._desk_env()._("Follow-up: verification call planned for %(user)s.",
                                        user=user.name or "-"),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
        self._workflow().write({"followup_call_date": now})

    def _followup_close(self, now):
        """No answer since the case was solved: closed as the market's rule says.
        Through the guard's one check (the superuser passes the who-may part only)."""
        if not self:
            return
        self._check_workflow_button("record_confirmation")
        closed = self._stage_of_kind("closed")
        self._workflow().write({
            "stage_id": closed.id, "confirmation_method": "timeout",
            "confirmation_date": fields.Datetime.now(), "followup_closed_date": now,
        })
        for case in self:
            case.message_post(
                body=case._desk_env()._(
                    "Follow-up: closed, no answer from the customer in %(days)s days.",
                    days=case.company_id.cx_autoclose_days,
                ),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
