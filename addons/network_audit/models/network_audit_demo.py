"""Demo data only: months of conducted audits, made through the real workflow (start,
answer, photo evidence, submit, action plan, validation, dealer follow-up) so that every
screen, report, KPI and portal page has believable content."""

import math
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools.demo_photos import render_photo
from .network_audit_program import FREQUENCY_MONTHS

# Findings per standard family (code prefix): what an auditor writes next to a failed line.
FINDINGS = {
    "CX": [
        "Observed two walk-ins: the second visitor waited about five minutes before anyone "
        "came over.",
        "Mystery visit on a Saturday morning: the specialist was friendly but skipped this step.",
        "Discussed with the Space manager; the new specialist had not been trained on it yet.",
        "Done for one customer out of three observed.",
        "Second audit in a row with this finding; the manager agreed to coach the team on it "
        "this month.",
    ],
    "FAC": [
        "See photo: visible on arrival, in the customer area.",
        "Reported to the landlord two weeks ago according to the team, not fixed yet.",
        "Partly in place: fine on the ground floor, not upstairs.",
        "Cleaning contractor changed last month; the checklist is no longer followed.",
        "Fixed during the visit for the most part, the rest needs the supplier.",
    ],
    "BRD": [
        "Old campaign material still on display next to the new visuals.",
        "Not as per design manual version 4; the Space was told where to order the kit.",
        "Two items missing; ordered by the manager during the visit.",
        "Staff unaware of the current guideline: shared the brand portal link.",
    ],
    "PRO": [
        "Sample of ten files: three without the required record.",
        "The team uses a paper list in parallel to the tool; data entered days later.",
        "Done in the sales tool, but not before the deadline in half of the cases checked.",
        "Process known to the team; not applied when the Space is busy at weekends.",
    ],
    "PAP": [
        "Two of the ten deal files sampled were incomplete (signatures missing).",
        "Document present but expired last month; renewal requested on site.",
        "Register kept, but not for the last three weeks.",
        "Archive cabinet found unlocked during the visit.",
    ],
    "HO": [
        "Observed one handover: the customer waited in the bay without a contact person.",
        "Vehicle prepared late: still being cleaned when the customer arrived.",
        "Checklist signed, but two items not done on the car shown.",
        "App pairing left to the customer at home; the specialist ran out of time.",
    ],
}
# What the dealer writes when marking an item done: with a photo of the fix, or without.
DEALER_REPLIES_PHOTO = [
    "Fixed the day after the audit, see the photo.",
    "Supplier came on site and replaced the faulty parts.",
    "New material arrived on Thursday and is in place now.",
    "Landlord repaired it this week; photo attached.",
]
DEALER_REPLIES = [
    "Team briefed in the Monday meeting; checklist updated.",
    "Done. We added it to the daily opening checklist.",
    "Coaching session held with both specialists; we will check it weekly.",
    "Files completed and the missing signatures collected.",
    "Assigned to our service advisor, who checks it every morning now.",
]
REJECTIONS = [
    "The photo does not show the fix: please send one taken on site.",
    "Only half done: the second display is still not to standard.",
    "This is the old version of the material: order kit 4 from the brand portal.",
    "Please also update the checklist so it does not happen again, then mark it done.",
]
# End states of action items: those not due yet are being worked on, overdue ones mostly closed.
RECENT_STATES = {"open": 35, "in_progress": 30, "done": 20, "verified": 10, "rejected": 5}
OLD_STATES = {"verified": 70, "done": 10, "rejected": 10, "in_progress": 5, "open": 5}


class NetworkAudit(models.Model):
    _inherit = "network.audit"

    @api.model
    def _demo_generate_history(self, months=6):
        """Conduct the audits of the past ``months`` for every running program, leave
        the action items in every state, then plan the audits of the current period.
        Deterministic (fixed seed); does nothing when audits were conducted already."""
        programs = self.env["network.audit.program"].search([("state", "=", "running")])
        if self.search_count([("program_id", "in", programs.ids), ("state", "!=", "planned")]):
            return False
        # Notifications stay in the outgoing queue: nobody is e-mailed by demo data.
        self = self.with_context(mail_notify_force_send=False)
        rng = random.Random(2026)
        today = fields.Date.context_today(self)
        quality = self._demo_outlet_quality(rng)
        photos = _DemoPhotos()
        all_actions = self.env["network.audit.action"]
        for program in programs.sorted("id"):
            audits = self._demo_create_audits(program, months, rng, today)
            if not audits:
                continue
            self._demo_answer(audits, quality, rng, photos)
            all_actions |= self._demo_submit_and_validate(audits, rng)
        self._demo_progress_actions(all_actions, rng, today, photos)
        programs._plan_audits(today)
        self._demo_schedule_planned(programs, rng, today)
        self._demo_start_current_audit(rng)
        # Audits validated after their month was published: the manager recomputes.
        self.env["dealer.rating.month"].sudo().search(
            [("needs_recompute", "=", True)]
)._recompute(notify_awards=False)
        return True

    @api.model
    def _demo_outlet_quality(self, rng):
        """One quality level per outlet (0..1): good outlets pass, weak ones fail."""
        outlets = self.env["dealer.outlet"].search([], order="code")
        quality = {outlet.id: rng.uniform(0.62, 0.97) for outlet in outlets}
        # The demo dealers see passed and failed audits with open items on the portal.
        for xmlid, level in (("outlet_ams01", 0.82), ("outlet_utr01", 0.7),
                             ("outlet_bru01", 0.86)):
            outlet = self.env.ref(f"dealer_profile.{xmlid}", raise_if_not_found=False)
            if outlet:
                quality[outlet.id] = level
        return quality

    @api.model
    def _demo_create_audits(self, program, months, rng, today):
        """Audits of the past periods, and of part of the current one: the rest of the
        current period is left to the planner."""
        step = FREQUENCY_MONTHS[program.frequency]
        current = program._period_start(today)
        periods = [current - relativedelta(months=step * n)
                   for n in range(max(2, months // step), -1, -1)]
        outlets = self.env["dealer.outlet"].search(program._program_outlet_domain(), order="code")
        admin = self.env.ref("base.user_admin")
        load = {}
        vals_list = []
        for period in periods:
            last_day = min(program._period_end(period), today - timedelta(days=2))
            span = (last_day - period).days
            if span < 2:
                continue
            for outlet in outlets:
                if period == current and not self._demo_audited_early(outlet, rng):
                    continue
                auditor = program._pick_auditor(outlet, load) or admin
                load[auditor.id] = load.get(auditor.id, 0) + 1
                vals_list.append({
                    "program_id": program.id,
                    "outlet_id": outlet.id,
                    "period_start": period,
                    "date": period + timedelta(days=rng.randint(span // 6, span * 5 // 6)),
                    "auditor_ids": [(6, 0, auditor.ids)],
                })
        # Planned by the head of the retail network, not by OdooBot.
        audits = self.with_user(admin).sudo().create(vals_list).with_env(self.env)
        for auditor, group in _group_by(audits, lambda a: a.auditor_ids[:1]).items():
            group.with_user(auditor).sudo().action_start()
        return audits

    @api.model
    def _demo_audited_early(self, outlet, rng):
        """Whether the outlet's audit of the current period is done already: about half
        are; the demo dealers' are (fresh action items on their portal), except the
        Amsterdam Space, whose audit the demo auditor is conducting right now."""
        code = outlet.code
        return code != "AMS01" and (code in ("UTR01", "BRU01") or rng.random() < 0.5)

    # Answers ----------------------------------------------------------------------

    @api.model
    def _demo_answer(self, audits, quality, rng, photos):
        """Answer every line; failed lines get a finding, those needing evidence a photo."""
        by_vals = defaultdict(list)
        for audit in audits:
            level = quality.get(audit.outlet_id.id, 0.8)
            for line in audit.line_ids:
                vals = self._demo_answer_vals(line.standard_id, level, rng)
                by_vals[tuple(sorted(vals.items()))].append(line.id)
        Line = self.env["network.audit.line"]
        for vals, line_ids in by_vals.items():
            Line.browse(line_ids).write(dict(vals))
        failed = audits.line_ids.filtered(lambda line: line.is_failed or line.evidence_missing)
        evidence = failed.filtered("evidence_missing")
        attachments = self.env["ir.attachment"].create([
            {
                "name": f"{line.outlet_id.code}-{line.standard_code}.jpg",
                "res_model": "network.audit.line",
                "res_id": line.id,
                "raw": photos.make(line.standard_code),
            }
            for line in evidence
        ])
        photo_of = dict(zip(evidence.ids, attachments.ids, strict=True))
        for line in failed:
            vals = {"comment": _demo_finding(line.standard_code, rng)} if line.is_failed else {}
            if line.id in photo_of:
                vals["photo_ids"] = [(4, photo_of[line.id])]
            line.write(vals)

    @api.model
    def _demo_answer_vals(self, standard, level, rng):
        critical = standard.criticality == "critical"
        if standard.answer_type == "yes_no" and not critical and rng.random() < 0.03:
            return {"answer_yes_no": "na"}
        fail = rng.random() < (1.0 - level) * (0.08 if critical else 0.9)
        if standard.answer_type == "yes_no":
            return {"answer_yes_no": "no" if fail else "yes"}
        if standard.answer_type == "scale":
            value = rng.choice("012" if fail else "3344455")
            return {"answer_scale": value}
        if standard.answer_type == "numeric":
            return {"answer_numeric": _demo_numeric(standard, fail, rng)}
        options = standard.option_ids.sorted("score")
        passing = options.filtered(lambda o: o.score >= standard.pass_score)
        pool = (options - passing) if fail else passing
        return {"option_id": rng.choice(pool or options).id}

    # Workflow -----------------------------------------------------------------------

    @api.model
    def _demo_submit_and_validate(self, audits, rng):
        """Submit all audits; validate them except two of the latest period, left
        submitted: one with its action plan sent, one still to review."""
        for auditor, group in _group_by(audits, lambda a: a.auditor_ids[:1]).items():
            group.with_user(auditor).sudo().action_submit()
        actions = audits.action_ids
        for item in actions.filtered(lambda a: not a.responsible_user_id):
            item.responsible_user_id = self._demo_responsible(item.outlet_id)
        last_period = max(audits.mapped("period_start"))
        latest = audits.filtered(lambda a: a.period_start == last_period)
        pending = self.browse()
        if len(latest) >= 3:  # never the demo dealers' audits: their portal shows results
            pending = latest.filtered(lambda a: not a.outlet_id.manager_user_id).sorted(
                lambda a: a.outlet_id.code
            )[-2:]
        to_validate = audits - pending
        for validator, group in _group_by(to_validate, self._demo_validator).items():
            group.with_user(validator).sudo().action_validate()
        if pending:
            sender = self._demo_validator(pending[:1])
            pending[:1].with_user(sender).sudo().action_send_action_plan()
        today = fields.Date.context_today(self)
        for audit in to_validate:
            audit.validation_date = _demo_moment(audit.date, rng.randint(1, 6), today)
        return actions.filtered(lambda a: a.state != "draft")

    @api.model
    def _demo_responsible(self, outlet):
        """Outlets whose Space manager has no portal access: the officer follows up."""
        officer = outlet.user_id
        if officer and not officer._is_superuser() and not officer.share:
            return officer
        return self.env.ref("base.user_admin")

    def _demo_validator(self, audit):
        return self._demo_responsible(audit.outlet_id)

    @api.model
    def _demo_progress_actions(self, actions, rng, today, photos):
        """Move the sent action items on: the dealer starts, fixes (comment and photo),
        the auditor verifies or rejects. Old items are mostly closed, recent ones open."""
        target = self._demo_action_targets(actions, rng, today)
        started = actions.filtered(lambda a: target[a.id] != "open")
        for user, group in _group_by(started, lambda a: a.responsible_user_id).items():
            group.with_user(user).sudo().action_start()
        fixed = actions.filtered(lambda a: target[a.id] in ("done", "verified", "rejected"))
        needs_photo = fixed.filtered(lambda a: a.standard_id.evidence_rule != "never")
        attachments = self.env["ir.attachment"].create([
            {
                "name": f"{item.outlet_id.code}-fix-{item.standard_id.code}.jpg",
                "res_model": "network.audit.action",
                "res_id": item.id,
                "raw": photos.make(item.standard_id.code, fixed=True),
            }
            for item in needs_photo
        ])
        for item, attachment in zip(needs_photo, attachments, strict=True):
            item.evidence_ids = [(4, attachment.id)]
        for item in fixed:
            replies = DEALER_REPLIES_PHOTO if item in needs_photo else DEALER_REPLIES
            item.with_user(item.responsible_user_id).sudo().action_mark_done(rng.choice(replies))
            item.done_date = _demo_moment(item.audit_id.date, rng.randint(3, 20), today)
        for item in fixed.filtered(lambda a: target[a.id] != "done"):
            checker = item.audit_id.auditor_ids[:1]
            if target[item.id] == "verified":
                item.with_user(checker).sudo().action_verify()
                item.verified_date = min(item.done_date + timedelta(days=rng.randint(1, 5)),
                                         fields.Datetime.now())
            else:
                item.rejection_reason = rng.choice(REJECTIONS)
                item.with_user(checker).sudo().action_reject()

    @api.model
    def _demo_action_targets(self, actions, rng, today):
        """{action id: end state}: items not due yet are mostly being worked on, overdue
        ones mostly closed; the demo dealers always have open and in-progress items,
        every state occurs and at least one item is overdue."""
        target = {}
        for item in actions.sorted("id"):
            weights = RECENT_STATES if item.due_date >= today else OLD_STATES
            target[item.id] = rng.choices(list(weights), weights=list(weights.values()))[0]
        # On each demo dealer outlet, the items of the latest audit are open, in progress.
        dealer_items = actions.filtered(lambda a: a.responsible_user_id.share)
        dealer_recent = self.env["network.audit.action"]
        for items in _group_by(dealer_items, lambda a: a.outlet_id).values():
            last_audit = items.audit_id.sorted("date")[-1:]
            latest = items.filtered(lambda a, last=last_audit: a.audit_id == last)
            dealer_recent |= latest
            for item, state in zip(latest.sorted("id"), ("open", "in_progress"), strict=False):
                target[item.id] = state
        missing = set(RECENT_STATES) - set(target.values())
        spare = actions.filtered(lambda a: a not in dealer_recent).sorted("id")
        for item, state in zip(spare, sorted(missing), strict=False):
            target[item.id] = state
        overdue = [a for a in actions if target[a.id] == "open" and a.due_date < today]
        if not overdue and spare:
            target[spare.sorted("due_date")[0].id] = "open"
        return target

    @api.model
    def _demo_schedule_planned(self, programs, rng, today):
        """Audits still to do are planned on working days ahead, before their period ends."""
        planned = self.search([("program_id", "in", programs.ids), ("state", "=", "planned")])
        for audit in planned.sorted("id"):
            period_end = audit.program_id._period_end(audit.period_start)
            day = min(period_end, today + timedelta(days=rng.randint(2, 40)))
            while day.weekday() >= 5 and day > today:  # a weekend: the Friday before
                day -= timedelta(days=1)
            audit.date = max(day, today)

    @api.model
    def _demo_start_current_audit(self, rng):
        """The demo auditor has started the current audit of the Amsterdam Space."""
        outlet = self.env.ref("dealer_profile.outlet_ams01", raise_if_not_found=False)
        auditor = self.env.ref("network_audit.user_auditor", raise_if_not_found=False)
        audit = self.search(
            [("outlet_id", "=", outlet.id), ("state", "=", "planned")], limit=1
        ) if outlet and auditor else self.browse()
        if not audit:
            return
        audit.write({"auditor_ids": [(6, 0, auditor.ids)], "date": fields.Date.context_today(self)})
        audit = audit.with_user(auditor).sudo()
        audit.action_start()
        for line in audit.line_ids[: len(audit.line_ids) // 2]:
            line.write(self._demo_answer_vals(line.standard_id, 0.9, rng))


class _DemoPhotos:
    """Evidence photos drawn for the standard at hand, each one different."""

    def __init__(self):
        self.count = 0

    def make(self, code, fixed=False):
        self.count += 1
        return render_photo(code, seed=self.count, fixed=fixed)


def _demo_finding(code, rng):
    family = (code or "").split("-")[0]
    return rng.choice(FINDINGS.get(family) or FINDINGS["FAC"])


def _demo_numeric(standard, fail, rng):
    """A measurement that passes or fails the standard's target, in whole units."""
    target, pass_ratio = standard.numeric_target, standard.pass_score / 100.0
    if standard.numeric_higher_is_better:
        if "%" in standard.name:  # a share: never above 100 %
            ceiling = 100.0
        elif "(of " in standard.name:
            ceiling = target
        else:
            ceiling = target * 1.25
        if fail:
            return float(math.floor(target * rng.uniform(0.45, pass_ratio - 0.05)))
        return float(math.ceil(rng.uniform(target * pass_ratio, ceiling)))
    limit = target / pass_ratio if pass_ratio else target
    if fail:
        return float(math.ceil(limit * rng.uniform(1.3, 3.0)))
    return float(math.floor(limit * rng.uniform(0.3, 1.0)))


def _demo_moment(day, days_after, today):
    return datetime.combine(min(day + timedelta(days=days_after), today), time(11, 0))


def _group_by(records, key):
    groups = defaultdict(lambda: records.browse())
    for record in records:
        groups[key(record)] |= record
    return groups
