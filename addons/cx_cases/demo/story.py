"""Demo data of cx_cases: teams of seven markets with their service hours and public
holidays, about sixty cases replayed through the real workflow (so that pauses, SLA
figures, confirmations and ratings are consistent), test drives with their call-backs,
a recall campaign in progress, courtesy calls planned from two demo deliveries, and the
monthly CX KPIs pushed from all of it.

The workflow runs now, as it does for users: the replay then dates what each step
wrote (case dates, pauses, messages, ratings) back to the moment of that step. The
product has no clock to set, nor anything that would let a caller choose the time."""

import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools.mail import formataddr
from odoo.tools.misc import format_date

from odoo.addons.dealer_profile.demo.holidays import add_public_holidays
from odoo.addons.dealer_profile.demo.kpi_history import generate_kpi_history, history_completed
from odoo.addons.order_tracking.demo.story import (
    date_eta_history,
    date_order_chatter,
    follow_route,
    name_email,
)

from ..models.cx_case_recovery import RECOVERY_RATING_DELAY
from .texts import (
    CALLBACK_NOTES,
    CONFIRMATION_NOTES,
    COURTESY_CALL_NOTES,
    EMMA_ANSWER,
    EMMA_DESCRIPTION,
    EMMA_SUBJECT,
    MARKET_LANGS,
    MESSAGES,
    NOAH_QUESTION,
    NOAH_SUBJECT,
    RATING_COMMENTS,
    RECOVERY_RESOLUTIONS,
    SUBJECTS,
    TEST_DRIVE_MODELS,
)

# market: (team, alias, time zone, weekday hours, saturday hours); the team's calendar
# has the market's public holidays (dealer_profile's demo MARKET_HOLIDAYS).
MARKETS = {
    "nl": ("Customer Care Netherlands", "care-nl", "Europe/Amsterdam", (8.5, 17.5),
           (9, 13)),
    "be": ("Customer Care Belgium", "care-be", "Europe/Brussels", (9, 17), None),
    "de": ("Kundenservice Deutschland", "care-de", "Europe/Berlin", (8, 18), None),
    "se": ("Kundtjänst Sverige", "care-se", "Europe/Stockholm", (8, 17), None),
    "no": ("Kundeservice Norge", "care-no", "Europe/Oslo", (8, 16), None),
    "my": ("Customer Care Malaysia", "care-my", "Asia/Kuala_Lumpur", (9, 18), (9, 13)),
    "us": ("Customer Care United States", "care-us", "America/New_York", (8, 20), None),
}
CUSTOMERS = {
    "nl": ["Emma de Vries", "Daan Jansen", "Sophie Bakker", "Lars Visser", "Noor Smit",
           "Bram Mulder", "Fleur de Boer", "Sem Meijer", "Lotte Bos", "Ruben Hendriks"],
    "be": ["Louise Peeters", "Arthur Maes", "Elise Claes", "Victor Wouters"],
    "de": ["Lena Schmidt", "Jonas Müller", "Mia Fischer", "Paul Weber", "Hannah Wagner"],
    "se": ["Elsa Andersson", "William Johansson", "Alice Karlsson"],
    "no": ["Nora Hansen", "Jakob Olsen", "Ingrid Larsen"],
    # Nobody else of the demo: Tan Wei Ming is the order-tracking demo's customer
    # (weiming), Nurul Aisyah Rahman the Malaysian network officer.
    "my": ["Farah Ismail", "Lim Mei Ling", "Siti Rahman", "Arjun Pillai"],
    "us": ["Olivia Johnson", "Liam Williams", "Ava Brown", "Noah Garcia", "Emily Davis"],
}
CHANNEL_WEIGHTS = [("phone", 30), ("email", 30), ("chat", 20), ("portal", 12),
                   ("walk_in", 5), ("social", 3)]
# Where each case ends: open stages and solved/closed, with the share of each.
CASE_COUNT = 90
# How many days ago a case ending in each stage opened (closed ones: the last months).
CASE_AGE_DAYS = {"new": (0, 2), "progress": (0, 2), "waiting": (0, 2), "solved": (2, 8)}
OUTCOMES = [("new", 6), ("progress", 12), ("waiting", 6), ("solved", 10), ("closed", 26)]
# What each step wrote that the replay dates back to the step's moment.
CASE_DATES = ("date_open", "first_response_date", "solved_date", "closed_date",
              "confirmation_date")
# The markets whose outlets report test drives, and how many a month per outlet.
CARE_DOMAIN = "care.auroramotors.example"
TEST_DRIVE_MARKETS = ("nl", "be", "de", "se", "no")
TEST_DRIVES_PER_MONTH = 3
TEST_DRIVE_MONTHS = 4
# The KPIs the monthly push of cx_cases feeds from the cases (dealer.outlet.
# _cx_service_quality), for the complete months the demo's cases cover.
CASE_KPI_CODES = ("csat", "cx_service_speed", "cx_service_compliance")
CASE_MONTHS = 2
# A recovery opened longer ago than this was resolved by the demo's agents.
RECOVERY_RESOLVED_AFTER_DAYS = 14


def generate(env):
    env = env(context=dict(env.context, mail_notify_force_send=False))
    teams = _teams(env)
    customers = _customers(env)
    now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
    _cases(env, teams, customers, now)
    _portal_stories(env, teams["nl"], now)
    _campaign(env, teams["nl"])
    _deliveries(env)
    _test_drives(env, now)
    outlet = env.ref("dealer_profile.outlet_ams01", raise_if_not_found=False)
    if outlet:
        _outlet_recovery(teams["nl"], customers["nl"][3], outlet, now)
    _kpis(env)
    date_order_chatter(env["vehicle.order"].search([]))


# Teams -------------------------------------------------------------------------------


def _teams(env):
    teams = {}
    agents = env.ref("cx_cases.user_cx_agent")
    supervisor = env.ref("cx_cases.user_cx_supervisor")
    today = fields.Date.context_today(env.user)
    # The care teams' mail domain (README: an MTA pipes it into Odoo's mailgate). It is
    # the teams' only: core gives a new domain to every company without one, which
    # would change the sender of every mail of the markets.
    domain = env["mail.alias.domain"].search([("name", "=", CARE_DOMAIN)], limit=1)
    if not domain:
        domain = env["mail.alias.domain"].create({"name": CARE_DOMAIN})
        env["res.company"].with_context(active_test=False).search(
            [("alias_domain_id", "=", domain.id)]
        ).alias_domain_id = False
    for code, (name, alias, tz, week, saturday) in MARKETS.items():
        company = env.ref(f"dealer_profile.company_market_{code}")
        calendar = _calendar(env, company, name, tz, week, saturday)
        add_public_holidays(env, calendar, code, today)
        team = env["cx.case.team"].create({
            "name": name, "company_id": company.id, "alias_name": alias,
            "alias_domain_id": domain.id, "resource_calendar_id": calendar.id,
            "member_ids": [Command.set(agents.ids)] if code in ("nl", "be") else [],
            "supervisor_id": supervisor.id if code in ("nl", "be", "de") else False,
        })
        default = env["cx.sla.policy"].create({
            "name": f"{name}: standard", "company_id": company.id, "team_id": team.id,
            "first_response_hours": 4, "resolution_hours": 24, "sequence": 20,
        })
        env["cx.sla.policy"].create({
            "name": f"{name}: complaints", "company_id": company.id, "team_id": team.id,
            "type_ids": [Command.set(env.ref("cx_cases.cx_case_type_complaint").ids)],
            "first_response_hours": 2, "resolution_hours": 16, "sequence": 10,
        })
        team.sla_policy_id = default
        teams[code] = team
    return teams


def _calendar(env, company, name, tz, week, saturday):
    slots = [(day, week[0], 12.5 if week[0] < 12 else week[1]) for day in range(5)]
    slots += [(day, 13, week[1]) for day in range(5)]
    if saturday:
        slots.append((5, saturday[0], saturday[1]))
    return env["resource.calendar"].create({
        "name": f"{name} hours", "company_id": company.id, "tz": tz,
        "attendance_ids": [Command.clear()] + [Command.create({
            "name": f"{day}/{start}", "dayofweek": str(day), "hour_from": start,
            "hour_to": stop, "day_period": "morning" if start < 12 else "afternoon",
        }) for day, start, stop in slots],
    })


def _customers(env):
    customers = {}
    for code, names in CUSTOMERS.items():
        country = env.ref(f"base.{code}")
        customers[code] = env["res.partner"].create([{
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.com".replace("ü", "u"),
            "phone": f"+{country.phone_code} 6{index:02d} 555 {100 + index}",
            "country_id": country.id, "ref": f"CX-{code.upper()}-{index:02d}",
            "lang": MARKET_LANGS[code],
        } for index, name in enumerate(names)])
    return customers


# Cases -------------------------------------------------------------------------------


def _cases(env, teams, customers, now):
    rng = random.Random(2026)
    channels = [c for c, w in CHANNEL_WEIGHTS for _i in range(w)]
    endings = [o for o, w in OUTCOMES for _i in range(w)]
    types = {t.code: t for t in env["cx.case.type"].search([])}
    outlets = env["dealer.outlet"].search([("state", "=", "active")])
    for _index in range(CASE_COUNT):
        market = rng.choice(list(teams))
        team = teams[market]
        partner = rng.choice(customers[market])
        lang = partner.lang if partner.lang in SUBJECTS else "en_US"
        subject_index = rng.randrange(len(SUBJECTS[lang]))
        type_code, subject = SUBJECTS[lang][subject_index]
        ending = rng.choice(endings)
        # Open cases are recent, solved ones (awaiting the customer's confirmation)
        # of the last days; closed ones spread over the last months.
        days = rng.randint(*CASE_AGE_DAYS.get(ending, (2, 31 * CASE_MONTHS + 10)))
        opened = _daytime(team, now - timedelta(days=days), rng.randint(0, 8), now)
        market_outlets = outlets.filtered(lambda o, t=team: o.company_id == t.company_id)
        case = env["cx.case"].sudo().create({
            "name": subject, "partner_id": partner.id, "team_id": team.id,
            "channel": rng.choice(channels), "type_id": types[type_code].id,
            "priority": "2" if type_code == "complaint" else rng.choice("0111"),
            "user_id": rng.choice(team.member_ids.ids) if team.member_ids else False,
            "outlet_id": rng.choice(market_outlets.ids) if market_outlets and
            rng.random() < 0.6 else False,
            "date_open": opened,
            "description": f"<p>{subject}</p>",
        })
        _backdate(case, opened)
        _play(case, ending, opened, rng)


def _daytime(team, moment, hours, now):
    """``moment``'s day in the team's time zone, ``hours`` after 08:00 there (customers
    write in the day, not at 3 a.m. because the demo was installed at 9 in the
    morning, UTC), in UTC; the day before when that is still to come."""
    tz = pytz.timezone(team.resource_calendar_id.tz or "UTC")
    day = pytz.utc.localize(moment).astimezone(tz).date()
    while True:
        local = tz.localize(datetime.combine(day, time(8 + hours)))
        opened = local.astimezone(pytz.utc).replace(tzinfo=None)
        if opened <= now:
            return opened
        day -= timedelta(days=1)


def _portal_stories(env, team, now):
    """The README's portal customers: Emma's question about her car's new date is
    answered and solved (she can confirm it from /my/cases); the team asked Noah
    something about his winter tyres and waits for his answer."""
    emma = env.ref("order_tracking.partner_customer_emma", raise_if_not_found=False)
    noah = env.ref("order_tracking.partner_customer_noah", raise_if_not_found=False)
    if emma:
        order = env["vehicle.order"].search([("partner_id", "=", emma.id)], order="id",
                                            limit=1)
        case, opened = _portal_case(env, team, emma, order, EMMA_SUBJECT, EMMA_DESCRIPTION,
                                    "delivery", now - timedelta(days=3, hours=2))
        answer = EMMA_ANSWER % {
            "eta": format_date(env, order.eta_date, lang_code="nl_NL", date_format="long"),
        }
        answered = opened + timedelta(hours=3)
        _step(case, answered, lambda c: _post(c, answer, c.user_id.partner_id))
        _step(case, answered, lambda c: c.action_start())
        _step(case, answered + timedelta(minutes=5), lambda c: c.action_solve())
    if noah:
        order = env["vehicle.order"].search([("partner_id", "=", noah.id)], order="id",
                                            limit=1)
        case, opened = _portal_case(env, team, noah, order, NOAH_SUBJECT, NOAH_SUBJECT,
                                    "question", now - timedelta(days=1, hours=2))
        asked = opened + timedelta(hours=2)
        _step(case, asked, lambda c: _post(c, NOAH_QUESTION, c.user_id.partner_id))
        _step(case, asked, lambda c: c.action_start())
        _step(case, asked, lambda c: c.action_wait_customer())


def _outlet_recovery(team, partner, outlet, now):
    """A customer rates 1/5 the case of a late handover at the Amsterdam Space: the
    recovery case concerns the outlet and is followed by its Space manager, the
    README's dealer (Sanne de Vries), who sees it on her portal. No random draw: the
    rest of the demo stays as it was."""
    env = team.env
    lang = partner.lang if partner.lang in SUBJECTS else "en_US"
    type_code, subject = SUBJECTS[lang][2]
    opened = _daytime(team, now - timedelta(days=3), 1, now)
    case = env["cx.case"].sudo().create({
        "name": subject, "partner_id": partner.id, "team_id": team.id, "channel": "email",
        "type_id": env["cx.case.type"].search([("code", "=", type_code)], limit=1).id,
        "priority": "2", "user_id": team.member_ids[:1].id, "outlet_id": outlet.id,
        "date_open": opened, "description": f"<p>{subject}</p>",
    })
    _backdate(case, opened)
    texts = MESSAGES.get(lang) or MESSAGES["en_US"]
    agent = case.user_id.partner_id
    answered = opened + timedelta(hours=2)
    _step(case, answered, lambda c: _post(c, texts["progress"], agent))
    _step(case, answered, lambda c: c.action_start())
    solved = answered + timedelta(hours=26)
    _step(case, solved, lambda c: _post(c, texts["solve"], agent))
    _step(case, solved, lambda c: c.action_solve())
    rated = min(solved + timedelta(hours=20), now - timedelta(hours=1))
    comment = (RATING_COMMENTS.get(lang) or RATING_COMMENTS["en_US"])[3]
    _step(case, rated, lambda c: c._confirm_by_customer("portal"))
    _step(case, rated, lambda c: c.rating_apply(1, token=c._rating_get_access_token(),
                                                 feedback=comment))


def _portal_case(env, team, partner, order, subject, description, type_code, opened):
    case = env["cx.case"].sudo().create({
        "name": subject, "partner_id": partner.id, "team_id": team.id,
        "channel": "portal", "type_id": env["cx.case.type"].search(
            [("code", "=", type_code)], limit=1).id,
        "order_id": order.id, "user_id": team.member_ids[:1].id,
        "date_open": opened, "description": f"<p>{description}</p>",
    })
    _backdate(case, opened)
    return case, opened


def _play(case, ending, opened, rng):
    """Replay the case's life through the workflow, each step at its moment: the
    agent answers (asking for details when the customer is to answer), the customer
    answers, the agent solves with a closing answer, the customer confirms."""
    if ending == "new":
        return
    texts = MESSAGES.get(case.partner_id.lang) or MESSAGES["en_US"]
    agent = case.user_id.partner_id or case.team_id.member_ids[:1].partner_id
    steps = []
    clock = opened + timedelta(minutes=rng.randint(20, 300))
    waits = ending == "waiting" or rng.random() < 0.3
    steps.append((clock, lambda c: _post(c, texts["ask" if waits else "progress"], agent)))
    steps.append((clock, lambda c: c.action_start()))
    if waits:
        steps.append((clock, lambda c: c.action_wait_customer()))
        clock += timedelta(hours=rng.randint(4, 40))
        if ending != "waiting":
            steps.append((clock, lambda c: _post(c, texts["photos"], c.partner_id)))
    if ending in ("solved", "closed"):
        clock += timedelta(hours=rng.randint(1, 30))
        steps.append((clock, lambda c: _post(c, texts["solve"], agent)))
        steps.append((clock, lambda c: c.action_solve()))
    if ending == "closed":
        clock += timedelta(hours=rng.randint(2, 48))
        how = rng.choice(["agent", "portal", "email"])
        steps.append((clock, lambda c: _confirm(c, how, rng)))
    for when, step in steps:
        if when > fields.Datetime.now():
            break
        _step(case, when, step)


def _step(case, when, step):
    """Replay ``step`` on the case, dated ``when``: what it wrote, and the recovery case
    a poor rating opened (due one working day after the rating)."""
    recoveries = case.sudo().recovery_case_ids
    step(case.sudo())
    _backdate(case, when)
    for recovery in case.sudo().recovery_case_ids - recoveries:
        _backdate(recovery, when)
        calendar = recovery.team_id.resource_calendar_id
        due = calendar._working_deadline(when, 8.0) if calendar else None
        recovery._workflow().write({"date_due": due or when + timedelta(days=1)})
        _resolve_old_recovery(recovery, when)


def _resolve_old_recovery(recovery, opened):
    """A recovery opened weeks ago was resolved by its due date, and ten days later its
    customer was asked to rate again: the Case Analysis shows a recovery rate and time
    (all of the demo's recoveries were still open, one for six weeks)."""
    now = fields.Datetime.now()
    if opened > now - timedelta(days=RECOVERY_RESOLVED_AFTER_DAYS):
        return
    resolved = min(recovery.date_due, opened + timedelta(hours=20))
    note = _in_lang(RECOVERY_RESOLUTIONS, recovery)
    _step(recovery, resolved, lambda r: r.action_resolve_recovery(note))
    asked = resolved + RECOVERY_RATING_DELAY
    recovery._workflow().write({"recovery_resolved_date": resolved, "recovery_rating_due": asked})
    _step(recovery, asked, lambda r: r._followup_recovery_ratings(asked))


def _backdate(case, when):
    """Date what the step just replayed wrote (it ran now) back to ``when``: the
    case's workflow dates, its SLA pauses, its chatter (tracking is written at flush,
    hence the precommit run) and its rating."""
    case.env.cr.precommit.run()
    case = case.sudo()
    vals = {name: when for name in CASE_DATES if case[name] and case[name] > when}
    if vals:
        case._workflow().write(vals)
    for pause in case.pause_ids:
        pause_vals = {name: when for name in ("date_start", "date_end")
                      if pause[name] and pause[name] > when}
        if pause_vals:
            pause.write(pause_vals)
    case.message_ids.filtered(lambda m: m.date > when).write({"date": when})
    case.rating_ids.filtered(lambda r: r.rated_on and r.rated_on > when).write(
        {"rated_on": when}
    )


def _post(case, body, author):
    """``author`` writes on the case; a team without agents in the demo answers in its
    own name (its alias), not as a message of nobody."""
    sender = {"author_id": author.id}
    if not author:
        team = case.team_id
        sender["email_from"] = formataddr((team.name, team.alias_email or
                                           team.company_id.email or "care@example.com"))
    case.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment",
                      **sender)


def _in_lang(texts, case):
    """``texts`` ({lang: ...}) in the case's customer's language, English otherwise."""
    return texts.get(case.partner_id.lang) or texts["en_US"]


def _confirm(case, how, rng):
    if how == "agent":
        case._close_confirmed("agent", note=_in_lang(CONFIRMATION_NOTES, case)["agent"],
                              user=case.user_id or case.env.user)
    else:
        case._confirm_by_customer(how)
    # About four in five answer; satisfaction near the brand's 80 %.
    if rng.random() < 0.8:
        score = rng.choice([5, 5, 5, 5, 4, 4, 4, 4, 3, 1])
        comments = RATING_COMMENTS.get(case.partner_id.lang) or RATING_COMMENTS["en_US"]
        case.rating_apply(score, token=case._rating_get_access_token(),
                          feedback=rating_feedback(score, comments, rng))


def rating_feedback(score, comments, rng):
    """A comment that goes with ``score`` (``comments``: none, good, mixed, poor), or
    none: a 1/5 read "Quick and friendly." and opened a recovery case saying so. One
    draw as before, so that the rest of the demo stays the same."""
    drawn = rng.choice(comments)
    if not drawn:
        return drawn
    return comments[1 if score >= 4 else 2 if score == 3 else 3]


# Campaign and deliveries -------------------------------------------------------------


# The recall's name (the subject its customers read on the portal and in mails), its
# brief and the agent's call notes, in the language of the team's market.
RECALL_TEXTS = {
    "en_US": {
        "name": "Panoramic roof seal replacement",
        "description": "<p>Explain that water may enter at the front edge of the "
        "panoramic roof in heavy rain; offer a free seal replacement (1 hour) at the "
        "nearest service point, with a courtesy car.</p>",
        "calls": [
            "Called: seal replacement booked at Amsterdam Space, courtesy car reserved.",
            "Called: appointment booked at Utrecht Space for next week.",
            "Called: explained the recall; the customer will book online next week.",
            "Called: offered a mobile technician visit at home; the customer accepted.",
            "No answer; voicemail left asking to call the care team back.",
        ],
    },
    "nl_NL": {
        "name": "Vervanging afdichting panoramadak",
        "description": "<p>Leg uit dat er bij hevige regen water kan binnenkomen aan de "
        "voorrand van het panoramadak; bied een gratis vervanging van de afdichting "
        "(1 uur) aan bij het dichtstbijzijnde servicepunt, met vervangend vervoer.</p>",
        "calls": [
            "Gebeld: vervanging afdichting ingepland bij Amsterdam Space, vervangende auto "
            "gereserveerd.",
            "Gebeld: afspraak bij Utrecht Space ingepland voor volgende week.",
            "Gebeld: terugroepactie uitgelegd; de klant plant volgende week online een "
            "afspraak.",
            "Gebeld: bezoek van een mobiele monteur aan huis aangeboden; de klant nam het "
            "aan.",
            "Geen gehoor; voicemail ingesproken met het verzoek de klantenservice terug te "
            "bellen.",
        ],
    },
}
RECALL_CALLS = [
    ("appointment", False), ("appointment", False), ("informed", True),
    ("solution_offered", True), ("not_reached", False),
]


def _recall_texts(team):
    """The recall's texts in the team's market's language (English without them)."""
    return RECALL_TEXTS.get(team.market_lang) or RECALL_TEXTS["en_US"]


def _campaign(env, team):
    """A recall in progress in the Netherlands: the agent has called the first
    customers; each call is in the case's chatter, and the case moved as the call went
    (the campaign's "contacted" figure counts exactly these cases)."""
    texts = _recall_texts(team)
    campaign = env["cx.campaign"].create({
        "name": texts["name"], "kind": "recall",
        "company_id": team.company_id.id, "team_id": team.id,
        "target_model": "res.partner", "target_domain": "[('ref', '=like', 'CX-NL-%')]",
        "description": texts["description"],
    })
    campaign.action_start()
    campaign._open_cases_batch(campaign._missing_partner_ids())
    campaign._set_state("open")
    agent = env.ref("cx_cases.user_cx_agent")
    calls = [(outcome, note, solve)
             for (outcome, solve), note in zip(RECALL_CALLS, texts["calls"], strict=True)]
    for case, (outcome, note, solve) in zip(campaign.case_ids.sorted("id"), calls,
                                            strict=False):
        case.action_start()
        case.message_post(body=note, subtype_xmlid="mail.mt_note",
                          author_id=agent.partner_id.id)
        case.campaign_outcome = outcome
        if solve:
            case.action_solve()


def _deliveries(env):
    """Two orders handed over a few days ago: their courtesy calls are planned."""
    customers = env["res.partner"].search([("ref", "=like", "CX-NL-%")], limit=3)
    outlet = env.ref("dealer_profile.outlet_ams01")
    handover = env["vehicle.order.status"].search([("is_handover", "=", True)], limit=1)
    Event = env["vehicle.order.event"]
    today = fields.Date.context_today(env.user)
    for index, customer in enumerate(customers):
        order = env["vehicle.order"].create({
            "partner_id": customer.id, "outlet_id": outlet.id,
            "vehicle_model": "Aurora Polaris 4", "order_date": today - timedelta(days=90),
        })
        if index < 2 and handover:
            Event._upsert([Event._normalize_vals({
                "order_id": order.id, "status_id": handover.id,
                "source_system": "DEMO-FACTORY",
                "actual_date": today - timedelta(days=3 + index),
            })])
            date_eta_history(order, order.order_date)
        else:
            follow_route(env, order, today)


# Test drives -------------------------------------------------------------------------


def _test_drive_vals(env, now, rng, taken):
    """The test drives the European outlets reported over the last months: their
    customers (named unlike anyone of ``taken``, names), models and dates."""
    langs = {env.ref(f"dealer_profile.company_market_{code}"): MARKET_LANGS[code]
             for code in TEST_DRIVE_MARKETS}
    outlets = env["dealer.outlet"].search([
        ("state", "=", "active"), ("kind", "=", "space"),
        ("company_id", "in", [company.id for company in langs]),
    ], order="code")
    # A month more than the KPI months: a drive counts in the month its 30 days end.
    first = (now - relativedelta(months=TEST_DRIVE_MONTHS + 1)).replace(day=1)
    vals_list = []
    for outlet in outlets:
        lang = langs[outlet.company_id]
        day = first
        while day < now - timedelta(hours=6):
            day += timedelta(days=rng.randint(4, 16), hours=rng.randint(0, 6))
            drive_at = day.replace(hour=rng.choice([10, 11, 13, 14, 15, 16]))
            if drive_at >= now:
                break
            name = _new_name(rng.choice(FIRST_NAMES[lang]), rng.choice(LAST_NAMES[lang]),
                             lang, taken)
            vals_list.append({
                "date": drive_at, "outlet_id": outlet.id, "lang": lang,
                "customer_name": name, "email": name_email(name),
                "phone": _mobile(outlet.company_id.country_id, len(vals_list) + 1),
                "vehicle_model": rng.choice(TEST_DRIVE_MODELS),
            })
    return vals_list


def _new_name(first, last, lang, taken):
    """The name drawn for a test drive's customer, else the next one nobody in the
    demo has (the demo had five Jesse Kok and a second Ingrid Haugen, a portal
    customer's name): the random draws are those of before, so the story is unchanged."""
    firsts, lasts = FIRST_NAMES[lang], LAST_NAMES[lang] + MORE_LAST_NAMES[lang]
    start_first, start_last = firsts.index(first), lasts.index(last)
    for step_last in range(len(lasts)):
        for step_first in range(len(firsts)):
            name = (f"{firsts[(start_first + step_first) % len(firsts)]} "
                    f"{lasts[(start_last + step_last) % len(lasts)]}")
            if name not in taken:
                taken.add(name)
                return name
    raise ValueError(f"No test drive customer's name left in {lang}")


def _mobile(country, number):
    """A mobile number of the outlet's country, for the agent's call-back."""
    return MOBILE_NUMBERS[country.code].format(number)


def _test_drives(env, now):
    """Test drives reported by the European outlets over the last months, each with
    its call-back case: called back the next working day (the last days' are still to
    call), about a quarter of the customers ordering within the month."""
    rng = random.Random(7)
    orders = env["vehicle.order"]
    # The demo's people: a test drive's customer is somebody else.
    people = env["res.partner"].with_context(active_test=False).search([])
    vals_list = _test_drive_vals(env, now, rng, set(people.mapped("name")))
    for vals in sorted(vals_list, key=lambda v: v["date"]):
        lang = vals.pop("lang")
        # The customer is known with their language before the drive is reported: the
        # drive finds them by email and its call-back case is named in their language
        # (a Swedish customer's read "Test drive follow-up" above Swedish mails).
        env["res.partner"].search([("email", "=", vals["email"])], limit=1) or env[
            "res.partner"].create({"name": vals["customer_name"], "email": vals["email"],
                                   "phone": vals["phone"], "lang": lang})
        drive = env["cx.test.drive"].sudo().create(vals)
        orders |= _call_back(env, drive, rng, now)
    # The factory's feed takes the orders on: those of the summer are delivered, and
    # their courtesy calls were made when due.
    follow_route(env, orders, now.date())
    _courtesy_calls_made(env, orders, now)


def _call_back(env, drive, rng, now):
    """The agent calls the customer back: the customer is on the phone, so the case
    closes on the call; a customer not reached in the last days is called again."""
    case = drive.case_id
    _backdate(case, drive.date)
    called = case.date_due or drive.date + timedelta(days=1)
    no_order = env["vehicle.order"]
    if called > now:
        return no_order  # still to call
    recent = called > now - timedelta(days=3)
    notes = _in_lang(CALLBACK_NOTES, case)
    outcome = rng.choices(list(notes), weights=[22, 63, 15 if recent else 0])[0]
    agent = env.ref("cx_cases.user_cx_agent")
    _step(case, called, lambda c: c.action_start())
    _step(case, called, lambda c: c.message_post(
        body=notes[outcome], subtype_xmlid="mail.mt_note",
        author_id=agent.partner_id.id,
    ))
    if outcome == "not_reached":
        return no_order
    done = called + timedelta(minutes=10)
    _step(case, done, lambda c: c.action_solve())
    _step(case, done, lambda c: c._close_confirmed(
        "agent", note=_in_lang(CONFIRMATION_NOTES, case)["call_back"], user=agent,
    ))
    if outcome != "order":
        return no_order
    return env["vehicle.order"].create({
        "partner_id": drive.partner_id.id, "outlet_id": drive.outlet_id.id,
        "vehicle_model": drive.vehicle_model,
        "order_date": order_date(done, now, rng),
    })


def _courtesy_calls_made(env, orders, now):
    """The courtesy calls of the orders delivered more than a day before today were
    made on their due day: the customer was reached and happy, the case closed on the
    call. The last days' are still to make."""
    agent = env.ref("cx_cases.user_cx_agent")
    cases = env["cx.case"].search([
        ("order_id", "in", orders.ids),
        ("type_id", "=", env.ref("cx_cases.cx_case_type_courtesy_call").id),
        ("date_due", "<", now - timedelta(days=1)),
    ])
    for case in cases:
        called = case.date_due
        _step(case, called, lambda c: c.action_start())
        _step(case, called, lambda c: c.message_post(
            body=_in_lang(COURTESY_CALL_NOTES, c), subtype_xmlid="mail.mt_note",
            author_id=agent.partner_id.id,
        ))
        done = called + timedelta(minutes=10)
        _step(case, done, lambda c: c.action_solve())
        _step(case, done, lambda c: c._close_confirmed(
            "agent", note=_in_lang(CONFIRMATION_NOTES, c)["call_back"], user=agent,
        ))


def order_date(called, now, rng):
    """The day a customer reached on the call orders at the Space: that day or in the
    next days, never after today (an order date is never in the future)."""
    return min(called + timedelta(days=rng.randint(0, 10)), now).date()


# Names of the test drives' customers, by language.
FIRST_NAMES = {
    "nl_NL": ["Jesse", "Femke", "Thijs", "Iris", "Milan", "Anouk", "Koen", "Sara"],
    "de_DE": ["Lukas", "Marie", "Felix", "Laura", "Tim", "Julia"],
    "sv_SE": ["Oscar", "Maja", "Hugo", "Ebba", "Liam", "Alva"],
    "nb_NO": ["Emil", "Nora", "Filip", "Ingrid", "Henrik", "Sofie"],
    "en_US": ["Alex", "Sam", "Chris", "Jordan"],
}
LAST_NAMES = {
    "nl_NL": ["de Jong", "van den Berg", "Dekker", "Vermeulen", "Kok", "Peters"],
    "de_DE": ["Becker", "Schulz", "Koch", "Richter", "Klein", "Wolf"],
    "sv_SE": ["Lindberg", "Berg", "Nyström", "Holm", "Ek", "Sandberg"],
    "nb_NO": ["Berge", "Haugen", "Dahl", "Moen", "Lie", "Strand"],
    "en_US": ["Miller", "Taylor", "Moore", "Clark"],
}
# Drawn from when a drawn name is somebody's already.
MORE_LAST_NAMES = {
    "nl_NL": ["Bos", "Willems", "Vos", "Hoekstra", "Brouwer"],
    "de_DE": ["Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann"],
    "sv_SE": ["Lund", "Axelsson", "Forsberg", "Sjöberg", "Wallin"],
    "nb_NO": ["Bakke", "Solheim", "Aasen", "Nilsen", "Eide"],
    "en_US": ["Walker", "Young"],
}
MOBILE_NUMBERS = {"NL": "+31 6 1555 {:04d}", "BE": "+32 470 55 {:04d}",
                  "DE": "+49 151 5550 {:04d}", "SE": "+46 70 555 {:04d}",
                  "NO": "+47 4555 {:04d}"}


# KPIs --------------------------------------------------------------------------------


def _kpis(env):
    """The CX KPIs of the months the demo's cases and test drives cover come from them,
    computed as the monthly push computes them (dealer.outlet._cron_push_cx_kpis);
    older months keep a generated history. Generated values of the covered months go:
    an outlet without cases or drives then has no such value, as in production."""
    with history_completed(env):
        _cx_kpi_history(env)


def _cx_kpi_history(env):
    generate_kpi_history(env, months=12, codes=["test_drive_conversion", "csat"], publish=False)
    this_month = fields.Date.context_today(env.user).replace(day=1)
    case_months = _months_before(this_month, CASE_MONTHS)
    drive_months = _months_before(this_month, TEST_DRIVE_MONTHS)
    Value = env["dealer.kpi.value"].sudo()
    Value.search([
        ("source", "=", "demo"), "|",
        "&", ("kpi_id.code", "in", CASE_KPI_CODES), ("month", "in", case_months),
        "&", ("kpi_id.code", "=", "test_drive_conversion"), ("month", "in", drive_months),
    ]).unlink()
    Outlet = env["dealer.outlet"]
    entries = []
    for month in case_months:
        entries += _kpi_entries(month, Outlet._cx_service_quality(month))
    for month in drive_months:
        entries += _kpi_entries(month, {
            outlet_id: {"test_drive_conversion": value}
            for outlet_id, value in Outlet._test_drive_conversion(month).items()
        })
    Value.upsert_values(entries)


def _months_before(this_month, count):
    return [this_month - relativedelta(months=n) for n in range(count, 0, -1)]


def _kpi_entries(month, values_by_outlet):
    return [
        {"outlet_id": outlet_id, "kpi_code": code, "month": month, "value": value,
         "source": "cx_cases"}
        for outlet_id, values in values_by_outlet.items()
        for code, value in values.items()
    ]
