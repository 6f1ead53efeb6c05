from odoo import api, fields, models
from odoo.tools.misc import format_datetime

from .cx_case_stage import OPEN_KINDS, PAUSED_KINDS

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("met", "Met"),
]
# Cases the SLA job checks and alerts per committed transaction.
SLA_BATCH = 500


class CxCase(models.Model):
    """SLA of a case: the clock is resource.calendar's working time
    (models/resource_calendar.py), pauses are cx.case.pause records."""

    _inherit = "cx.case"

    # The SLA figures are computed before the INSERT of a new case (precompute): every
    # case created (each new mail of the gateway, each campaign batch) has them in its
    # row at once, instead of an UPDATE of the new rows at the first flush.
    sla_policy_id = fields.Many2one(
        "cx.sla.policy", string="SLA Policy", compute="_compute_sla_policy_id", store=True,
        readonly=False, precompute=True, check_company=True, tracking=True,
    )
    sla_first_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_sla_deadlines", store=True,
        precompute=True,
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Due", compute="_compute_sla_deadlines", store=True,
        precompute=True,
    )
    sla_deadline = fields.Datetime(
        string="Next SLA Deadline", compute="_compute_sla_deadlines", store=True,
        precompute=True, index=True, help="The earliest deadline still pending.",
    )
    sla_risk_date = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, index=True,
        help="From this moment the pending clock has less than its at-risk share left.",
    )
    sla_first_response_hours = fields.Float(
        string="First Response (working h)", compute="_compute_sla_hours", store=True,
        precompute=True, aggregator="avg",
    )
    sla_resolution_hours = fields.Float(
        string="Resolution (working h)", compute="_compute_sla_hours", store=True,
        precompute=True, aggregator="avg",
    )
    sla_status = fields.Selection(
        SLA_STATUSES, string="SLA", compute="_compute_sla_status", store=True,
        precompute=True, index=True,
        help="Paused: the case waits for the customer and its SLA clock stands still.",
    )
    sla_success = fields.Float(
        string="SLA Success (%)", compute="_compute_sla_status", store=True, precompute=True,
        aggregator="avg",
        help="100 for a solved case that met its targets, 0 for one that did not.",
    )
    sla_alert_sent = fields.Boolean(readonly=True, copy=False)

    @api.depends("team_id", "type_id", "priority", "channel")
    def _compute_sla_policy_id(self):
        cache = {}
        for case in self:
            # The SLA measures how fast the brand answers a customer; an outbound call
            # (courtesy call, call-back, campaign) has its due date instead.
            if not case.team_id or case.channel == "proactive":
                case.sla_policy_id = False
                continue
            key = (case.team_id, case.type_id, case.priority)
            if key not in cache:
                cache[key] = self.env["cx.sla.policy"]._match(*key)
            case.sla_policy_id = cache[key]

    def _sla_pauses(self):
        return tuple((p.date_start, p.date_end) for p in self.pause_ids.sorted("date_start"))

    @api.depends(
        "sla_policy_id", "date_open", "first_response_date", "solved_date",
        "pause_ids.date_start", "pause_ids.date_end", "team_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        cache = {}
        for case in self:
            policy, calendar = case.sla_policy_id, case.team_id.resource_calendar_id
            if not policy or not calendar or not case.date_open:
                case.sla_first_response_deadline = case.sla_resolution_deadline = False
                case.sla_deadline = case.sla_risk_date = False
                continue
            share = 1 - policy.at_risk_ratio / 100.0
            targets = (policy.first_response_hours, policy.resolution_hours,
                       policy.first_response_hours * share, policy.resolution_hours * share)
            # Cases opened together (campaign batches) share their calendar walk.
            key = (calendar.id, case.date_open, targets, case._sla_pauses())
            if key not in cache:
                cache[key] = calendar._working_deadlines(case.date_open, targets, key[3])
            response, resolution, response_risk, resolution_risk = cache[key]
            case.sla_first_response_deadline = response
            case.sla_resolution_deadline = resolution
            pending = []
            if not case.first_response_date:
                pending.append((response, response_risk))
            if not case.solved_date:
                pending.append((resolution, resolution_risk))
            deadlines = [deadline for deadline, _risk in pending if deadline]
            risks = [risk for deadline, risk in pending if deadline and risk]
            case.sla_deadline = min(deadlines) if deadlines else False
            case.sla_risk_date = min(risks) if risks else False

    @api.depends("date_open", "first_response_date", "solved_date",
                 "pause_ids.date_start", "pause_ids.date_end", "team_id.resource_calendar_id")
    def _compute_sla_hours(self):
        for case in self:
            calendar = case.team_id.resource_calendar_id
            if not calendar or not case.date_open:
                case.sla_first_response_hours = case.sla_resolution_hours = 0.0
                continue
            pauses = case._sla_pauses()
            case.sla_first_response_hours = (
                calendar._working_elapsed(case.date_open, case.first_response_date, pauses)
                if case.first_response_date else 0.0
            )
            case.sla_resolution_hours = (
                calendar._working_elapsed(case.date_open, case.solved_date, pauses)
                if case.solved_date else 0.0
            )

    @api.depends("sla_deadline", "sla_risk_date", "sla_first_response_hours",
                 "sla_resolution_hours", "stage_kind", "sla_policy_id")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for case in self:
            policy = case.sla_policy_id
            if not policy:
                case.sla_status, case.sla_success = False, 0.0
                continue
            response_late = (
                case.first_response_date
                and case.sla_first_response_hours > policy.first_response_hours
            )
            if case.solved_date:
                late = response_late or case.sla_resolution_hours > policy.resolution_hours
                case.sla_status = "breached" if late else "met"
            elif response_late or (case.sla_deadline and case.sla_deadline <= now):
                case.sla_status = "breached"
            elif case.stage_kind in PAUSED_KINDS:
                case.sla_status = "paused"
            elif case.sla_risk_date and case.sla_risk_date <= now:
                case.sla_status = "at_risk"
            else:
                case.sla_status = "on_track"
            case.sla_success = 100.0 if case.sla_status == "met" else 0.0

    # Cron ----------------------------------------------------------------------

    @api.model
    def _cron_sla_check(self, batch_size=SLA_BATCH):
        """Time moves the status; this job moves it in the database and alerts
        the assignee and the supervisor once a case is at risk. A backlog (the job
        did not run for a while) goes in committed batches: a stopped run leaves the
        batches done, and the next run finds only the rest."""
        now = fields.Datetime.now()
        case_ids = self.sudo()._search(self._sla_check_domain(now), order="id")
        case_ids = list(case_ids)
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=len(case_ids))
        checked = self.browse()
        for start in range(0, len(case_ids), batch_size):
            batch = self.sudo().browse(case_ids[start:start + batch_size])
            batch._sla_check_batch()
            checked |= batch
            if not Cron._commit_progress(len(batch)):
                break  # out of time: the next run finds the rest
        return checked

    @api.model
    def _sla_check_domain(self, now):
        return [
            ("stage_kind", "in", OPEN_KINDS),
            "|", "|",
            "&", ("sla_status", "in", ("on_track", "at_risk")), ("sla_deadline", "<=", now),
            "&", ("sla_status", "=", "on_track"), ("sla_risk_date", "<=", now),
            # At risk or late since a write moved the clock (a reply, a new priority).
            "&", ("sla_status", "in", ("at_risk", "breached")), ("sla_alert_sent", "=", False),
        ]

    def _sla_check_batch(self):
        self.env.add_to_compute(self._fields["sla_status"], self)
        self.env.add_to_compute(self._fields["sla_success"], self)
        self.flush_recordset(["sla_status", "sla_success"])
        self.filtered(
            lambda c: c.sla_status in ("at_risk", "breached") and not c.sla_alert_sent
        )._sla_alert()

    def _sla_recompute_open(self):
        """The deadlines and status of open cases again, after their policy's targets
        or their calendar changed. Solved and closed cases keep the figures they were
        measured with."""
        cases = self.filtered(lambda c: c.stage_kind in OPEN_KINDS)
        for name in ("sla_deadline", "sla_status"):
            self.env.add_to_compute(self._fields[name], cases)
        # sla_deadline's compute sets the other deadlines too; the status reads them.
        cases.flush_recordset(["sla_deadline", "sla_status"])

    def _sla_alert_texts(self, user, activity_type, readers):
        """The summary and note of ``user``'s SLA to-do on this case, in their language
        and with the deadline in their time zone (the job's are nobody's: the Dutch desk
        read "SLA At risk: next deadline 2026-12-07 13:00:00", in English and in UTC).
        ``readers`` keeps each language's texts for the batch."""
        self.ensure_one()
        lang = user.lang or self.env.lang
        if lang not in readers:
            env = user.partner_id._lang_env()
            readers[lang] = (
                env, activity_type.with_env(env).summary,
                dict(self._fields["sla_status"]._description_selection(env)),
            )
        env, summary, statuses = readers[lang]
        tz = user.tz or self.team_id.market_tz or "UTC"
        deadline = (format_datetime(env, self.sla_deadline, tz=tz, dt_format="short")
                    if self.sla_deadline else "-")
        return {
            "summary": summary,
            "note": env._("SLA %(status)s: next deadline %(deadline)s.",
                          status=statuses[self.sla_status], deadline=deadline),
        }

    def _sla_alert(self):
        """An activity for the assignee and the supervisor of each case, created in
        one batch. Their to-do counter is told once per person (core's bus message);
        no assignment mail per activity, as the job is the author of them all."""
        if not self:
            return
        activity_type = self.env.ref("cx_cases.mail_activity_type_sla_risk")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        readers = {}
        vals_list = []
        for case in self:
            users = (case.user_id | case.team_id.supervisor_id).filtered("active")
            vals_list += [{
                "res_model_id": model_id, "res_id": case.id, "user_id": user.id,
                "activity_type_id": activity_type.id,
                **case._sla_alert_texts(user, activity_type, readers),
                "date_deadline": today, "automated": True,
            } for user in users]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        self._workflow().write({"sla_alert_sent": True})
