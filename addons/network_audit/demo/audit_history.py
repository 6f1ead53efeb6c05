"""Demo data only: months of conducted audits, made through the real workflow (start,
answer, photo evidence, submit, action plan, validation, dealer follow-up) so that every
screen, report, KPI and portal page has believable content."""

import math
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.dealer_profile.demo.holidays import MARKET_HOLIDAYS, market_holidays

from ..models.network_audit_program import FREQUENCY_MONTHS
from . import audit_texts
from .photos import render_photo

# What an auditor writes next to a failed line of each demo standard (the line's answer
# says how far off it was; the finding says what was seen).
FINDINGS = {
    "CX-01": "Observed two walk-ins: the second visitor waited about five minutes before "
             "anyone came over.",
    "CX-02": "Mystery visit: the specialist went straight to the cars without asking how "
             "the car would be used.",
    "CX-03": "Two of three visitors observed left without being offered a test drive.",
    "CX-04": "Test enquiry sent from the website on Tuesday morning; answered the next day.",
    "CX-05": "Sample of ten visits last month: four without a follow-up call or email.",
    "CX-06": "The large screen was switched off; the configuration was shown on a phone.",
    "CX-07": "Last quarter's survey below target; most comments mention waiting times.",
    "CX-08": "Financing mentioned only as a brochure; no personal quote prepared.",
    "CX-09": "Charging at home not covered; the customer asked about a wall box himself.",
    "CX-10": "Two appointments in the diary without a confirmation sent to the customer.",
    "CX-11": "Complaint log checked: several answered after more than five working days.",
    "CX-12": "Coffee machine out of order and no Wi-Fi code shown in the lounge.",
    "FAC-01": "Fingerprints on two display cars and dust on the floor near the windows.",
    "FAC-02": "Three of the test-drive cars below 80 %; one at 35 % before a booked drive.",
    "FAC-03": "One of the two chargers at the entrance out of order since last week.",
    "FAC-04": "Inspection label of the extinguisher near the workshop expired.",
    "FAC-05": "Emergency exit behind the lounge partly blocked by boxes of brochures.",
    "FAC-06": "Several spotlights out above the display cars; see photo.",
    "FAC-07": "Restroom out of paper towels at noon; the cleaning list not signed today.",
    "FAC-08": "Totem light off at opening time and litter in the parking bays.",
    "FAC-09": "Test-drive bays used by staff cars; one sign missing.",
    "FAC-10": "Showroom at 17 °C on a cold morning: the heating starts too late.",
    "FAC-11": "High-voltage area tape faded and the cabinet left unlocked.",
    "FAC-12": "Ramp at the side entrance blocked by a parked car; see photo.",
    "PRO-01": "Sample of visits: several entered in the CRM two or three days later.",
    "PRO-02": "One test-drive agreement signed after the drive; licence copy missing.",
    "PRO-03": "Two paper order forms found in the sales office this month.",
    "PRO-04": "A trade-in valued by the manager's estimate, not with the official tool.",
    "PRO-05": "Open leads older than a week in the CRM, several without any activity.",
    "PRO-06": "Fleet log not filled in for last weekend's test drives.",
    "PRO-07": "Next free service slot more than two weeks away.",
    "PRO-08": "Price label of the Borealis 7 on display shows last year's price list.",
    "PRO-09": "A signed order with the customer's address left on a desk in the showroom.",
    "PRO-10": "Two specialists have not taken the current product certification yet.",
    "PRO-11": "Opening checklist skipped on several Saturdays.",
    "PRO-12": "Two handovers this week not confirmed to the customer two days ahead.",
    "BRD-01": "Totem panel faded and one letter of the fascia not lit; see photo.",
    "BRD-02": "Leaflets of a local insurance broker displayed on the reception desk.",
    "BRD-03": "Last season's campaign visuals still next to the new ones.",
    "BRD-04": "One specialist in a private jacket instead of the brand's outfit.",
    "BRD-05": "Screens show last quarter's loop, not the current approved content.",
    "BRD-06": "The display plan asks for a Lumen at the window; a used car stood there.",
    "BRD-07": "Radio station playing in the showroom instead of the brand playlist.",
    "BRD-08": "Several material samples missing from the colour and trim wall.",
    "PAP-01": "Registration certificate displayed is the old one, with the former address.",
    "PAP-02": "Deal files sampled: some without signed delivery receipts.",
    "PAP-03": "One credit disclosure dated after the contract.",
    "PAP-04": "Warranty documents of two used cars sold last month not issued.",
    "PAP-05": "Cash payment register not kept for the last three weeks.",
    "PAP-06": "Several deal files without an odometer statement.",
    "PAP-07": "A car delivered without the open recall check printed in its file.",
    "PAP-08": "Archive cabinet found unlocked during the visit, files not indexed.",
    "HO-01": "Pre-delivery inspection sheet of today's handover not signed.",
    "HO-02": "Car handed over at a low state of charge; the customer had a long drive home.",
    "HO-03": "Handover bay used to store tyres; two lights out.",
    "HO-04": "Handover planned in a shorter slot than the brand's standard.",
    "HO-05": "App pairing left to the customer at home; the specialist ran out of time.",
    "HO-06": "Customer waited in the bay without a contact person on arrival.",
    "HO-07": "Transport film still on the door sills at the handover observed.",
    "HO-08": "Feedback requests of last week sent days after the handovers.",
}
# Added to some findings: what followed on site (fits any standard).
FINDING_FOLLOW_UPS = [
    "", "", "Discussed with the Space manager on site.",
    "Second audit in a row with this finding; the manager agreed to act on it this month.",
]
# What the dealer writes when marking an item done: with a photo of the fix, or without.
DEALER_REPLIES_PHOTO = [
    "Fixed the day after the audit, see the photo.",
    "Put right this week; photo taken this morning attached.",
]
DEALER_REPLIES = [
    "Team briefed in the Monday meeting; checklist updated.",
    "Done. We added it to the daily opening checklist.",
    "Coaching session held with the team; we will check it weekly.",
]
# What the auditor writes when refusing a fix: with a photo sent, or without.
REJECTIONS_PHOTO = [
    "The photo does not show the fix: please send one taken on site.",
    "Only part of it is fixed on the photo: please finish it and send a new one.",
]
REJECTIONS = [
    "Please also say how the team will keep it up, then mark it done again.",
    "Not yet visible in the records I checked: please send an example.",
]
# End states of action items: those not due yet are being worked on, overdue ones mostly closed.
RECENT_STATES = {"open": 35, "in_progress": 30, "done": 20, "verified": 10, "rejected": 5}
OLD_STATES = {"verified": 70, "done": 10, "rejected": 10, "in_progress": 5, "open": 5}


def generate_history(Audit, months=6):
    """Conduct the audits of the past ``months`` for every running program, leave
    the action items in every state, then plan the audits of the current period.
    Deterministic (fixed seed); does nothing when audits were conducted already.
    Mystery visits are not: their shopper and their story are in the demo XML."""
    programs = Audit.env["network.audit.program"].search(
        [("state", "=", "running"), ("audit_type", "!=", "mystery")]
    )
    if Audit.search_count([("program_id", "in", programs.ids), ("state", "!=", "planned")]):
        return False
    # Notifications stay in the outgoing queue: nobody is e-mailed by demo data.
    Audit = Audit.with_context(mail_notify_force_send=False)
    rng = random.Random(2026)
    today = fields.Date.context_today(Audit)
    quality = _outlet_quality(Audit, rng)
    photos = _DemoPhotos()
    all_actions = Audit.env["network.audit.action"]
    for program in programs.sorted("id"):
        audits = _create_audits(Audit, program, months, rng, today)
        if not audits:
            continue
        _answer(Audit, audits, quality, rng, photos)
        all_actions |= _submit_and_validate(Audit, audits, rng)
    _progress_actions(Audit, all_actions, rng, today, photos)
    programs._plan_audits(today)
    _schedule_planned(Audit, programs, rng, today)
    _start_current_audit(Audit, rng)
    _date_chatter(Audit, all_actions.audit_id, all_actions)
    return True


def _outlet_quality(Audit, rng):
    """One quality level per outlet (0..1): good outlets pass, weak ones fail."""
    outlets = Audit.env["dealer.outlet"].search([], order="code")
    quality = {outlet.id: rng.uniform(0.62, 0.97) for outlet in outlets}
    # The demo dealers see passed and failed audits with open items on the portal.
    for xmlid, level in (("outlet_ams01", 0.82), ("outlet_utr01", 0.7),
                         ("outlet_bru01", 0.86)):
        outlet = Audit.env.ref(f"dealer_profile.{xmlid}", raise_if_not_found=False)
        if outlet:
            quality[outlet.id] = level
    return quality


def _create_audits(Audit, program, months, rng, today):
    """Audits of the past periods, and of part of the current one: the rest of the
    current period is left to the planner."""
    step = FREQUENCY_MONTHS[program.frequency]
    current = program._period_start(today)
    periods = [current - relativedelta(months=step * n)
               for n in range(max(2, months // step), -1, -1)]
    outlets = Audit.env["dealer.outlet"].search(program._program_outlet_domain(), order="code")
    admin = Audit.env.ref("base.user_admin")
    load = {}
    vals_list = []
    for period in periods:
        last_day = min(program._period_end(period), today - timedelta(days=2))
        span = (last_day - period).days
        if span < 2:
            continue
        for outlet in outlets:
            if period == current and not _audited_early(Audit, outlet, rng):
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
    audits = Audit.with_user(admin).sudo().create(vals_list).with_env(Audit.env)
    for auditor, group in _group_by(audits, lambda a: a.auditor_ids[:1]).items():
        group.with_user(auditor).sudo().action_start()
    return audits


def _audited_early(Audit, outlet, rng):
    """Whether the outlet's audit of the current period is done already: about half
    are; the demo dealers' are (fresh action items on their portal), except the
    Amsterdam Space, whose audit the demo auditor is conducting right now."""
    code = outlet.code
    return code != "AMS01" and (code in ("UTR01", "BRU01") or rng.random() < 0.5)


# Answers ----------------------------------------------------------------------


def _answer(Audit, audits, quality, rng, photos):
    """Answer every line; failed lines get a finding, those needing evidence a photo."""
    by_vals = defaultdict(list)
    for audit in audits:
        level = quality.get(audit.outlet_id.id, 0.8)
        for line in audit.line_ids:
            vals = _answer_vals(Audit, line.standard_id, level, rng)
            by_vals[tuple(sorted(vals.items()))].append(line.id)
    Line = Audit.env["network.audit.line"]
    for vals, line_ids in by_vals.items():
        Line.browse(line_ids).write(dict(vals))
    failed = audits.line_ids.filtered(lambda line: line.is_failed or line.evidence_missing)
    evidence = failed.filtered("evidence_missing")
    attachments = Audit.env["ir.attachment"].create([
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
        lang = _market_lang(line.audit_id)
        vals = {"comment": _demo_finding(line.standard_code, rng, lang)} if line.is_failed else {}
        if line.id in photo_of:
            vals["photo_ids"] = [(4, photo_of[line.id])]
        line.write(vals)


def _answer_vals(Audit, standard, level, rng):
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


def _submit_and_validate(Audit, audits, rng):
    """Submit all audits; validate them except two of the latest period, left
    submitted: one with its action plan sent, one still to review."""
    for auditor, group in _group_by(audits, lambda a: a.auditor_ids[:1]).items():
        group.with_user(auditor).sudo().action_submit()
    actions = audits.action_ids
    for item in actions.filtered(lambda a: not a.responsible_user_id):
        item.responsible_user_id = _responsible(Audit, item.outlet_id)
    last_period = max(audits.mapped("period_start"))
    latest = audits.filtered(lambda a: a.period_start == last_period)
    pending = Audit.browse()
    if len(latest) >= 3:  # never the demo dealers' audits: their portal shows results
        pending = latest.filtered(lambda a: not a.outlet_id.manager_user_id).sorted(
            lambda a: a.outlet_id.code
        )[-2:]
    to_validate = audits - pending
    for validator, group in _group_by(to_validate, lambda a: _validator(Audit, a)).items():
        group.with_user(validator).sudo().action_validate()
    if pending:
        sender = _validator(Audit, pending[:1])
        pending[:1].with_user(sender).sudo().action_send_action_plan()
    today = fields.Date.context_today(Audit)
    for audit in to_validate:
        audit.validation_date = _demo_moment(audit.date, rng.randint(1, 6), today)
    sent = actions.filtered(lambda a: a.state != "draft")
    _date_sent_items(sent)
    return sent


def _date_sent_items(items):
    """Items were sent at the install: date them from their audit's validation, as
    the officer's click would have, so that their due dates spread over the months
    (the market sets the working days per criticality)."""
    discussion = items.env.ref("mail.mt_comment")
    for item in items:
        audit = item.audit_id
        sent = (audit.validation_date or fields.Datetime.now()).date()
        due = item.company_id._network_audit_due_dates(sent).get(item.criticality) or sent
        item._workflow().write({"sent_date": sent, "due_date": due})
        # The message the dealer got tells the due date they have.
        told = item.message_ids.filtered(lambda m: m.subtype_id == discussion)[-1:]
        told.body = item.with_env(item.responsible_partner_id._lang_env())._sent_message_body()


def _date_chatter(Audit, audits, actions):
    """The chatter of the conducted audits and their action items dated as the
    workflow went, not at the install's minute: the record's creation note on the
    audit's day, the item's message to the dealer when it was sent (its due date as
    the demo dated it), a later message (the rejection of a fix, to the dealer too)
    with the item's last step. Core tracks no change of a record created in the same
    transaction."""
    env = Audit.env
    env.flush_all()
    now = fields.Datetime.now()

    def at(day, hour):
        return min(datetime.combine(day, time(hour, 0)), now)

    moments = {}  # (model, id) -> (created, sent, last step)
    for audit in audits:
        day = at(audit.date, 8)
        moments[audit._name, audit.id] = (day, day, audit.validation_date or day)
    for item in actions:
        created = at(item.audit_id.date, 16)
        sent = at(item.sent_date, 11) if item.sent_date else created
        last = {"verified": item.verified_date,
                "rejected": item.done_date and min(item.done_date + timedelta(days=2), now),
                }.get(item.state) or item.done_date or sent
        moments[item._name, item.id] = (created, sent, last)
    for model in {name for name, _id in moments}:
        rows = env.execute_query(SQL(
            """SELECT id, res_id,
                      id = min(id) FILTER (WHERE subtype_id = %s)
                           OVER (PARTITION BY res_id) AS sent,
                      id = min(id) OVER (PARTITION BY res_id) AS first
                 FROM mail_message WHERE model = %s AND res_id = ANY(%s)""",
            env.ref("mail.mt_comment").id, model,
            [res_id for name, res_id in moments if name == model],
        ))
        dates = {}
        for message_id, res_id, sending, first in rows:
            created, sent, last = moments[model, res_id]
            # Only the first message to the dealer sent the item: the rejection of a
            # fix is one too, and was dated on the sending day, before the fix.
            dates[message_id] = created if first else sent if sending else last
        env.cr.execute(
            """UPDATE mail_message m SET date = d.date
                 FROM unnest(%s::int4[], %s::timestamp[]) AS d (id, date)
                WHERE m.id = d.id""",
            [list(dates), list(dates.values())],
        )
    env["mail.message"].invalidate_model(["date"])


def _responsible(Audit, outlet):
    """Outlets whose Space manager has no portal access: the officer follows up."""
    officer = outlet.user_id
    if officer and not officer._is_superuser() and not officer.share:
        return officer
    return Audit.env.ref("base.user_admin")


def _validator(Audit, audit):
    return _responsible(Audit, audit.outlet_id)


def _progress_actions(Audit, actions, rng, today, photos):
    """Move the sent action items on: the dealer starts, fixes (comment and photo),
    the auditor verifies or rejects. Old items are mostly closed, recent ones open."""
    target = _action_targets(Audit, actions, rng, today)
    started = actions.filtered(lambda a: target[a.id] != "open")
    for user, group in _group_by(started, lambda a: a.responsible_user_id).items():
        group.with_user(user).sudo().action_start()
    fixed = actions.filtered(lambda a: target[a.id] in ("done", "verified", "rejected"))
    needs_photo = fixed.filtered(lambda a: a.standard_id.evidence_rule != "never")
    attachments = Audit.env["ir.attachment"].create([
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
        lang = _market_lang(item.audit_id)
        replies = (_in(DEALER_REPLIES_PHOTO, audit_texts.DEALER_REPLIES_PHOTO, lang)
                   if item in needs_photo
                   else _in(DEALER_REPLIES, audit_texts.DEALER_REPLIES, lang))
        item.with_user(item.responsible_user_id).sudo().action_mark_done(rng.choice(replies))
        item.done_date = _demo_moment(item.sent_date, rng.randint(2, 20), today)
    for item in fixed.filtered(lambda a: target[a.id] != "done"):
        checker = item.audit_id.auditor_ids[:1]
        if target[item.id] == "verified":
            item.with_user(checker).sudo().action_verify()
            item.verified_date = min(item.done_date + timedelta(days=rng.randint(1, 5)),
                                     fields.Datetime.now())
        else:
            lang = _market_lang(item.audit_id)
            item.rejection_reason = rng.choice(
                _in(REJECTIONS_PHOTO, audit_texts.REJECTIONS_PHOTO, lang)
                if item in needs_photo else _in(REJECTIONS, audit_texts.REJECTIONS, lang)
            )
            item.with_user(checker).sudo().action_reject()


def _action_targets(Audit, actions, rng, today):
    """{action id: end state}: items not due yet are mostly being worked on, overdue
    ones mostly closed; the demo dealers always have open and in-progress items,
    every state occurs and at least one item is overdue."""
    target = {}
    for item in actions.sorted("id"):
        weights = RECENT_STATES if item.due_date >= today else OLD_STATES
        target[item.id] = rng.choices(list(weights), weights=list(weights.values()))[0]
    # On each demo dealer outlet, the items of the latest audit are open, in progress.
    dealer_items = actions.filtered(lambda a: a.responsible_user_id.share)
    dealer_recent = Audit.env["network.audit.action"]
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


def _schedule_planned(Audit, programs, rng, today, holidays=None):
    """Audits still to do are planned on working days ahead, before their period ends:
    neither a weekend nor a public holiday of the outlet's market (the Rotterdam audit
    fell on Christmas Day)."""
    if holidays is None:
        holidays = _market_holidays(Audit.env, today)
    planned = Audit.search([("program_id", "in", programs.ids), ("state", "=", "planned")])
    for audit in planned.sorted("id"):
        period_end = audit.program_id._period_end(audit.period_start)
        day = min(period_end, today + timedelta(days=rng.randint(2, 40)))
        closed = holidays.get(audit.outlet_id.company_id, ())
        while (day.weekday() >= 5 or day in closed) and day > today:  # the day before
            day -= timedelta(days=1)
        audit.date = max(day, today)


def _market_holidays(env, today):
    """{market company: its public holidays}, as dealer_profile's demo puts them on the
    outlets' opening hours."""
    holidays = {}
    for code in MARKET_HOLIDAYS:
        company = env.ref(f"dealer_profile.company_market_{code}", raise_if_not_found=False)
        if company:
            holidays[company] = set(market_holidays(code, today))
    return holidays


def _start_current_audit(Audit, rng):
    """The demo auditor has started the current audit of the Amsterdam Space."""
    outlet = Audit.env.ref("dealer_profile.outlet_ams01", raise_if_not_found=False)
    auditor = Audit.env.ref("network_audit.user_auditor", raise_if_not_found=False)
    audit = Audit.search(
        [("outlet_id", "=", outlet.id), ("state", "=", "planned")], limit=1
    ) if outlet and auditor else Audit.browse()
    if not audit:
        return
    audit.write({"auditor_ids": [(6, 0, auditor.ids)], "date": fields.Date.context_today(Audit)})
    audit = audit.with_user(auditor).sudo()
    audit.action_start()
    for line in audit.line_ids[: len(audit.line_ids) // 2]:
        line.write(_answer_vals(Audit, line.standard_id, 0.9, rng))


class _DemoPhotos:
    """Evidence photos drawn for the standard at hand, each one different."""

    def __init__(self):
        self.count = 0

    def make(self, code, fixed=False):
        self.count += 1
        return render_photo(code, seed=self.count, fixed=fixed)


def _demo_finding(code, rng, lang=None):
    """What the auditor writes on a failed line, in the market's language ``lang``
    (English where the demo has no texts in it)."""
    finding = (_in(FINDINGS, audit_texts.FINDINGS, lang).get(code)
               or audit_texts.NOT_MET.get(lang) or "Not met on the day of the visit.")
    follow_up = rng.choice(_in(FINDING_FOLLOW_UPS, audit_texts.FINDING_FOLLOW_UPS, lang))
    return f"{finding} {follow_up}".strip()


def _market_lang(audit):
    """The language of the audit's market (its company's contact): what its auditors
    and dealers write in."""
    return audit.company_id.partner_id.lang


def _in(english, translated, lang):
    """The demo texts ``english`` in ``lang`` where audit_texts has them."""
    return translated.get(lang) or english


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
