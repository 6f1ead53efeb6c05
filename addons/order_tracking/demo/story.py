"""Demo data only: the orders of the demo outlets in every phase, with their factory
and shipping events, and the factory feed's key."""

import logging
import random
import unicodedata
from datetime import datetime, time, timedelta

from odoo import fields

from ..tools.event_api import API_KEY_SCOPE

_logger = logging.getLogger(__name__)

# Where the demo database keeps the factory feed's key (README): demo databases only.
DEMO_API_KEY_PARAM = "order_tracking.demo_factory_feed_key"
# Days each step usually takes after the previous one, on the way to a European market.
ROUTE = [
    ("V200", 0), ("V250", 14), ("V260", 21), ("V300", 3), ("V333", 1), ("V334", 2),
    ("V335", 1), ("V336", 4), ("D002", 12), ("D003", 4), ("O090", 1), ("O100", 2),
    ("O400", 1), ("V900", 3), ("V999", 7),
]
MODELS = [
    ("Aurora Polaris 4", "Long Range Dual Motor, Fjord Blue, 20\" Nordic wheels, Pilot Assist"),
    ("Aurora Polaris 4", "Standard Range, Snow White, 19\" wheels, heat pump"),
    ("Aurora Borealis 7", "Seven seats, Midnight Black, towbar, Winter pack"),
    ("Aurora Borealis 7", "Performance, Aurora Green, 22\" wheels, Bowers sound system"),
    ("Aurora Lumen", "City, Sand Beige, panoramic roof"),
    ("Aurora Lumen", "Plus, Graphite Grey, Driver Assist pack"),
]
# Why the handover date moved, by where the car is when it moves (the ROUTE position
# of its last step): a car waiting for its ship is not held by a storm at sea, nor a
# car at its dealer by port congestion. The feed's reason is free text: the story's
# feed tells each customer in their language (the first two letters of it).
DELAY_REASONS = {
    "en": [
        (6, ["fewer places on the ship than planned",
             "the ship left Gothenburg two days late"]),
        (7, ["storm over the North Sea", "the ship waited for the storm to pass"]),
        (9, ["port congestion in Zeebrugge", "a late truck from the port to the dealer"]),
        (len(ROUTE), ["the car needs an extra check at the dealer before its handover",
                      "a late delivery of the ordered winter wheels"]),
    ],
    "nl": [
        (6, ["minder plaatsen op het schip dan gepland",
             "het schip vertrok twee dagen te laat uit Göteborg"]),
        (7, ["storm boven de Noordzee", "het schip wachtte tot de storm voorbij was"]),
        (9, ["drukte in de haven van Zeebrugge",
             "een vrachtwagen van de haven naar de dealer kwam te laat"]),
        (len(ROUTE), ["de auto krijgt bij de dealer nog een extra controle voor de overdracht",
                      "de bestelde winterwielen werden te laat geleverd"]),
    ],
    "de": [
        (6, ["weniger Plätze auf dem Schiff als geplant",
             "das Schiff hat Göteborg zwei Tage zu spät verlassen"]),
        (7, ["Sturm über der Nordsee", "das Schiff wartete, bis der Sturm vorüber war"]),
        (9, ["Stau im Hafen von Zeebrügge", "ein verspäteter Lkw vom Hafen zum Händler"]),
        (len(ROUTE), ["das Auto braucht vor der Übergabe eine zusätzliche Prüfung beim Händler",
                      "die bestellten Winterräder wurden zu spät geliefert"]),
    ],
    "nb": [
        (6, ["færre plasser på skipet enn planlagt",
             "skipet forlot Göteborg to dager for sent"]),
        (7, ["storm over Nordsjøen", "skipet ventet til stormen hadde gitt seg"]),
        (9, ["kø i havnen i Zeebrugge", "en forsinket lastebil fra havnen til forhandleren"]),
        (len(ROUTE), ["bilen trenger en ekstra kontroll hos forhandleren før overleveringen",
                      "de bestilte vinterhjulene ble levert for sent"]),
    ],
    "sv": [
        (6, ["färre platser på fartyget än planerat",
             "fartyget lämnade Göteborg två dagar för sent"]),
        (7, ["storm över Nordsjön", "fartyget väntade tills stormen hade passerat"]),
        (9, ["köer i hamnen i Zeebrugge",
             "en försenad lastbil från hamnen till återförsäljaren"]),
        (len(ROUTE), ["bilen behöver en extra kontroll hos återförsäljaren före överlämningen",
                      "de beställda vinterhjulen levererades för sent"]),
    ],
    "ms": [
        (6, ["tempat di kapal kurang daripada yang dirancang",
             "kapal bertolak dari Gothenburg dua hari lewat"]),
        (7, ["ribut di Laut Utara", "kapal menunggu sehingga ribut berlalu"]),
        (9, ["kesesakan di pelabuhan Zeebrugge", "lori dari pelabuhan ke pengedar tiba lewat"]),
        (len(ROUTE), ["kereta memerlukan pemeriksaan tambahan di pengedar sebelum penyerahan",
                      "aksesori yang dipesan lewat dihantar ke pengedar"]),
    ],
}
DELAY_REASONS_MY = {
    "en": {8: ["extra customs inspection at Port Klang"]},
    "ms": {8: ["pemeriksaan kastam tambahan di Pelabuhan Klang"]},
}
# Customers of the markets in turn (nl, be, de, se, no, my, nl...: see load_story), each
# named as people of their market are and reading its language.
OTHER_CUSTOMERS = [
    "Daan Visser", "Sem de Boer", "Lena Wagner", "Elin Nilsson", "Kari Haugen",
    "Siti Aminah Yusof", "Fleur Mulder", "Bram Peeters", "Felix Hoffmann", "Oskar Berg",
    "Erik Solberg", "Lim Chee Keong", "Ruben Smit", "Lien Wouters", "Hannah Keller",
    "Sara Johansson", "Silje Nygaard", "Ahmad Faizal", "Nina Hendriks", "Wout Janssens",
]
# Letters that are not an accented letter (NFKD does not take them to ASCII).
EMAIL_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss"})
# Market of each demo outlet (dealer_profile demo).
OUTLETS = {
    "nl": ["outlet_ams01", "outlet_utr01", "outlet_rtm01"],
    "be": ["outlet_bru01", "outlet_ant01"],
    "de": ["outlet_ber01", "outlet_muc01"],
    "se": ["outlet_sto01", "outlet_got01"],
    "no": ["outlet_osl01"],
    "my": ["outlet_kul01", "outlet_pen01"],
}
CUSTOMERS = [
    ("emma", "nl", 0, [7, 0]), ("noah", "nl", 1, [9]), ("lotte", "nl", 2, [13]),
    ("thomas", "be", 0, [5]), ("julie", "be", 1, [12]), ("lukas", "de", 0, [3]),
    ("anna", "de", 1, [8]), ("astrid", "se", 0, [2]), ("ingrid", "no", 0, [6]),
    ("aisyah", "my", 0, [8]), ("wei", "my", 1, [1]), ("sofia", "se", 1, [10]),
]


def load_story(env):
    """~45 orders of the demo outlets in every phase, with their factory and shipping
    events, ETA moves and a dozen delivered orders to learn lead times from."""
    rng = random.Random(2026)
    today = fields.Date.context_today(env.user)
    plans = []
    for key, market, outlet_index, steps in CUSTOMERS:
        partner = env.ref(f"order_tracking.partner_customer_{key}")
        for step in steps:
            plans.append((partner, market, outlet_index, step))
    markets = list(OUTLETS)
    for n, name in enumerate(OTHER_CUSTOMERS):
        partner, market = _other_customer(env, n, name)
        plans.append((partner, market, n % len(OUTLETS[market]), rng.randrange(0, 14)))
    # A dozen cars delivered over the last months: lead times are learned from them.
    for n in range(12):
        market = markets[n % len(markets)]
        plans.append((plans[13 + n][0], market, 0, len(ROUTE) - 1))
    orders = env["vehicle.order"]
    for index, (partner, market, outlet_index, step) in enumerate(plans):
        orders |= _order(env, rng, today, index, partner, market, outlet_index, step)
    env["vehicle.order.lead.time"]._cron_learn()
    set_api_key(env)
    date_order_chatter(orders)
    return orders


def date_order_chatter(orders):
    """The orders' chatter dated as their story went, not at the install's minute:
    the delivery (its state change) on the delivery day, the rest (the order's
    creation, its planned handover) on the order's day. Run again by a later demo
    that moves orders on (cx_cases' test-drive orders)."""
    env = orders.env
    env.flush_all()
    env.cr.precommit.run()  # tracking messages are written at commit: write them now
    env.cr.execute(
        """UPDATE mail_message m
              SET date = LEAST(now() AT TIME ZONE 'UTC', CASE
                  WHEN o.delivery_date IS NOT NULL AND EXISTS (
                       SELECT 1 FROM mail_tracking_value t
                         JOIN ir_model_fields f ON f.id = t.field_id
                        WHERE t.mail_message_id = m.id AND f.name = 'state')
                  THEN o.delivery_date + time '16:00'
                  ELSE o.order_date + time '10:00' END)
             FROM vehicle_order o
            WHERE m.model = 'vehicle.order' AND m.res_id = o.id AND o.id = ANY(%s)
              AND o.order_date IS NOT NULL""",
        [orders.ids],
    )
    env["mail.message"].invalidate_model(["date"])


def _order(env, rng, today, index, partner, market, outlet_index, step):
    outlet = env.ref(f"dealer_profile.{OUTLETS[market][outlet_index]}")
    vehicle_model, configuration = MODELS[index % len(MODELS)]
    slow = 16 if market == "my" else 0  # a longer sea voyage to Malaysia
    offsets, day = [], 0
    for code, days in ROUTE:
        day += days + (slow if code == "D002" else 0) + rng.randrange(0, 3)
        offsets.append((code, day))
    delivered = step == len(ROUTE) - 1
    # Today is a few days after the last step reached (long ago for delivered cars).
    elapsed = offsets[step][1] + rng.randrange(0, 3)
    if delivered:
        elapsed += rng.randrange(20, 160)
    start = today - timedelta(days=elapsed)
    plan = {code: start + timedelta(days=d) for code, d in offsets}
    order = env["vehicle.order"].create({
        "name": f"AUR-{start.year}-{41000 + index * 37:06d}",
        "partner_id": partner.id,
        "outlet_id": outlet.id,
        "vehicle_model": vehicle_model,
        "configuration": configuration,
        "order_date": start - timedelta(days=rng.randrange(5, 20)),
        "planned_handover_date": plan["V999"],
        "commission_number": f"{71000000 + index * 113}",
        "user_id": env.ref("dealer_profile.user_network_officer").id
        if market in ("nl", "be") else False,
    })
    Event = env["vehicle.order.event"]
    Event._upsert([{"order_id": order.id, "status_id": _status(env, "V999"),
                    "source_system": "AURORA-OMS", "expected_date": plan["V999"],
                    "planned_date": plan["V999"]}])
    delay = rng.choice([0, 0, 0, 2, 5, 9]) if step >= 5 else 0
    if index == 0:
        delay = 5  # Emma's car, the README's example: its ETA moved
    reason = _delay_reason(rng, market, step, partner.lang) if delay else False
    events = []
    for position, (code, _days) in enumerate(ROUTE):
        date = plan[code] + timedelta(days=delay if position > 7 else 0)
        vals = {"order_id": order.id, "status_id": _status(env, code),
                "planned_date": plan[code],
                "source_system": "NORDIC-RORO" if code in ("V336", "D002") else "AURORA-OMS"}
        if position <= step:
            vals["actual_date"] = min(date, today)
        else:
            vals["expected_date"] = date
        if code == "V999" and reason:
            vals["reason"] = reason
        events.append(vals)
    Event._upsert(events)
    date_eta_history(order, order.order_date, events[step]["actual_date"])
    if step >= 12 and not delivered:
        for task in order.task_ids[: rng.randrange(1, 4)]:
            task.write({"state": "done"})
    order.sudo().write({
        "notified_status_id": order.customer_status_id.id,
        "notified_eta_date": order.eta_date,
        "portal_seen_eta_date": plan["V999"] if delay else order.eta_date,
    })
    return order


def follow_route(env, orders, today=None):
    """Orders entered in Odoo (a test drive's customer ordering at the Space) on the
    factory's route from their order date, as its feed reports them: the steps due by
    today reached, the others expected, so that no order of last summer still reads
    "order received". Each order draws from its own random stream (seeded by its
    reference): the callers' stories keep their choices. Lead times are learned again
    when some of them were delivered."""
    today = today or fields.Date.context_today(env.user)
    malaysia = env.ref("dealer_profile.company_market_my")
    Event = env["vehicle.order.event"]
    for order in orders:
        rng = random.Random(order.name)
        slow = 16 if order.company_id == malaysia else 0
        day, plan = rng.randrange(5, 20), {}
        for code, days in ROUTE:
            day += days + (slow if code == "D002" else 0) + rng.randrange(0, 3)
            plan[code] = order.order_date + timedelta(days=day)
        order.planned_handover_date = plan["V999"]
        Event._upsert([
            {"order_id": order.id, "status_id": _status(env, code), "planned_date": date,
             "source_system": "NORDIC-RORO" if code in ("V336", "D002") else "AURORA-OMS",
             **({"actual_date": date} if date <= today else {"expected_date": date})}
            for code, date in plan.items()
        ])
        date_eta_history(order, order.order_date)
        # The customer was told each step as it came: no backlog of mails at install.
        order.sudo().write({
            "notified_status_id": order.customer_status_id.id,
            "notified_eta_date": order.eta_date,
            "portal_seen_eta_date": order.eta_date,
        })
    if "delivered" in orders.mapped("state"):
        # Lead times are learned from delivered orders: the list of lead times and the
        # forecasts count these too, not only the nightly job of the next day.
        env["vehicle.order.lead.time"]._cron_learn()
    return orders


def _other_customer(env, n, name):
    """The ``n``-th of the OTHER_CUSTOMERS and their market: the markets in turn, the
    customer reading the market's language (all read English, the German market's
    Elin Nilsson and the Norwegian Marie Dubois included, at customer9@example.com)."""
    market = list(OUTLETS)[n % len(OUTLETS)]
    outlet = env.ref(f"dealer_profile.{OUTLETS[market][n % len(OUTLETS[market])]}")
    partner = env["res.partner"].create({
        "name": name, "email": name_email(name), "lang": outlet.company_id.partner_id.lang,
    })
    return partner, market


def name_email(name):
    """firstname.lastname@example.com, written in ASCII as addresses are."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(EMAIL_LETTERS))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    return f"{ascii_name.lower().replace(' ', '.')}@example.com"


def date_eta_history(order, ordered, moved=None):
    """Date the history of the order's expected date as the feed told it while the
    car went (the demo's feed runs at install: every line read "6 December: first
    expected on 25 January" on a car ordered in October): the first date on the day
    of the order, a move on the day of the step that moved it."""
    for change in order.eta_change_ids:
        day = moved if change.old_date and moved else ordered
        change.sudo().write({"changed_at": datetime.combine(day, time(12))})


def _delay_reason(rng, market, step, lang):
    """A reason that fits where the car is (the step it reached last), in the
    customer's language (English when the story has none for it)."""
    lang = (lang or "en")[:2]
    lang = lang if lang in DELAY_REASONS else "en"
    at_port_klang = DELAY_REASONS_MY.get(lang, DELAY_REASONS_MY["en"])
    if market == "my" and step in at_port_klang:
        return rng.choice(at_port_klang[step])
    for last_step, reasons in DELAY_REASONS[lang]:
        if step <= last_step:
            return rng.choice(reasons)
    return False


def _status(env, code):
    return env.ref(f"order_tracking.status_{code.lower()}").id


def set_api_key(env):
    """The factory feed's key, made as the user form's *New Integration Key* makes it
    (a random key, stored hashed). Demo databases only: the key is kept readable in a
    system parameter (administrators) so that the README's curl example can use it."""
    user = env.ref("order_tracking.user_factory_feed")
    key = env["res.users.apikeys"].with_user(user).sudo()._generate(
        API_KEY_SCOPE, "Demo factory feed", None
    )
    env["ir.config_parameter"].sudo().set_param(DEMO_API_KEY_PARAM, key)
    _logger.info("Demo factory feed key stored in the system parameter %s", DEMO_API_KEY_PARAM)
