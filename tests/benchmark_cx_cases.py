#!/usr/bin/env python3
"""Benchmarks of cx_cases.

(a) mail: N real MIME emails (new requests and threaded replies, some with an
    attachment) through Odoo's mail gateway (``mail.thread.message_process``, what the
    mailgate script calls) into a team alias with an SLA policy, in one process, one
    transaction per mail: mails/s. With ``--helpdesk`` and OCA
    helpdesk_mgmt installed in the database, the same kind of mails into a helpdesk_mgmt
    team alias, the two alternating every few mails, and the ratio (target >= 1.0); with
    ``--floor``, core's bare mail.test.simple too (target: cx_cases >= 85 % of it).
(b) campaign: a recall campaign over C customers (50,000 by default) opened by the
    campaign job in committed batches: time, target <= 120 s. Then a second campaign
    whose job runs in a child process killed with SIGKILL mid-run, and restarted:
    no duplicate, no case missing.

    python3 tests/benchmark_cx_cases.py --db cx_bench --reset
    python3 tests/benchmark_cx_cases.py --db cx_bench --mails 1000 --customers 50000
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "odoo-test.conf"
TARGET_CAMPAIGN_SECONDS = 120.0
# Issue 17's targets, which replace the earlier 40 mails/s and 1.5 x helpdesk_mgmt: at
# least as fast as helpdesk_mgmt in the same run, at least 85 % of the bare gateway.
TARGET_RATIO = 1.0
TARGET_FLOOR_SHARE = 0.85
WARM_UP = 30
CHUNK = 20
ALIAS_DOMAIN = "bench.example.com"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="cx_bench")
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=50000)
    parser.add_argument("--reset", action="store_true",
                        help="drop and recreate the database, install cx_cases (no demo)")
    parser.add_argument("--skip-mail", action="store_true")
    parser.add_argument("--skip-campaign", action="store_true")
    parser.add_argument("--helpdesk", action="store_true",
                        help="also run the mails into OCA helpdesk_mgmt (installed)")
    parser.add_argument("--floor", action="store_true",
                        help="also run the mails into core's bare mail.test.simple "
                             "(test_mail installed): the gateway's own cost")
    parser.add_argument("--http-port", type=int, default=8343)
    parser.add_argument("--scale", type=int, default=0,
                        help="(c) at scale: fill the database up to this many cases (a tenth "
                             "open) and measure a holiday's save, the SLA job after a backlog, "
                             "the team overview and the Case Analysis pivot")
    parser.add_argument("--backlog", type=int, default=4733)
    parser.add_argument("--scale-steps", default="holiday,backlog,overview,pivot",
                        help="(c) what to measure, comma-separated")
    parser.add_argument("--run-campaign", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


# Odoo bootstrap --------------------------------------------------------------------------

def addons_path():
    """The suite's addons and every folder of the odoo.addons namespace (pip-installed
    OCA addons such as helpdesk_mgmt live in site-packages)."""
    import odoo.addons  # noqa: PLC0415

    folders = [p for p in odoo.addons.__path__ if os.path.isdir(p)]
    return ",".join([str(REPO / "addons"), *folders])


def recreate_database(args, modules="cx_cases"):
    print(f"Recreating {args.db} with {modules} (no demo data)...", flush=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "root", "--if-exists", args.db],
                   check=True)
    odoo_bin = shutil.which("odoo")
    subprocess.run(
        [odoo_bin, "-c", str(CONFIG), f"--addons-path={addons_path()}", "-d", args.db,
         "-i", modules, "--stop-after-init", "--log-level=warn",
         f"--http-port={args.http_port}", f"--gevent-port={args.http_port + 3}"],
        check=True, cwd="/tmp",
    )


def open_registry(db):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", str(CONFIG), f"--addons-path={addons_path()}",
                         "--log-level=warn"], setup_logging=True)
    return Registry(db)


def environment(registry):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {})


# (a) mail gateway --------------------------------------------------------------------------

def build_mails(count, alias, prefix):
    """Two thirds new requests, one third replies to an earlier one (three in four from
    the customer who opened it, one in four from someone else, e.g. a relative in copy);
    every tenth has a small attachment."""
    mails, roots = [], []
    for index in range(count):
        msg = EmailMessage()
        sender = f"customer{index % 400}@{prefix}.example.org"
        if roots and index % 3 == 2:
            root_id, root_sender = roots[(index * 7) % len(roots)]
            if index % 4:
                sender = root_sender
            msg["Subject"] = "Re: my request"
            msg["In-Reply-To"] = root_id
            msg["References"] = root_id
        else:
            msg["Subject"] = f"Request {index}: charging cable does not lock"
        msg["From"] = f"Customer {sender.split('@')[0][8:]} <{sender}>"
        msg["To"] = alias
        msg["Message-ID"] = make_msgid(domain=f"{prefix}.example.org")
        if "In-Reply-To" not in msg:
            roots.append((msg["Message-ID"], sender))
        msg.set_content("Hello,\n\nthe cable does not lock since Monday.\n\nRegards")
        msg.add_alternative("<p>Hello,</p><p>the cable <b>does not lock</b>.</p>",
                            subtype="html")
        if index % 10 == 0:
            msg.add_attachment(b"\xff\xd8\xff\xe0" + os.urandom(2048), maintype="image",
                               subtype="jpeg", filename="photo.jpg")
        mails.append((msg.as_bytes(), "In-Reply-To" in msg))
    return mails


PHASES = ("message_parse", "message_route", "_message_route_process")


def time_phases(env):
    """Wrap the gateway's three steps on this registry's mail.thread class: the time
    spent in each goes to ``PHASE_SECONDS[step]`` (a few microseconds of overhead)."""
    cls = type(env["mail.thread"])
    for name in PHASES:
        method = getattr(cls, name)

        def timed(self, *args, _method=method, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _method(self, *args, **kwargs)
            finally:
                PHASE_SECONDS[_name] += time.perf_counter() - started

        setattr(cls, name, timed)


PHASE_SECONDS = dict.fromkeys(PHASES, 0.0)


def run_mails(env, mails, counters):
    """The mails through the gateway, one transaction per mail as Odoo's mailgate
    script (one call per mail) and fetchmail (a commit per mail) run them: every mail
    starts with an empty record cache, and what runs at commit (post-commit sending)
    is timed. Adds seconds, mails and queries (new mails, replies) to ``counters``."""
    Thread = env["mail.thread"]
    started = time.perf_counter()
    phases_before = dict(PHASE_SECONDS)
    for raw, is_reply in mails:
        before = env.cr.sql_log_count
        Thread.message_process(None, raw)
        env.cr.flush()
        counters["queries_reply" if is_reply else "queries_new"] += env.cr.sql_log_count - before
        counters["replies" if is_reply else "new"] += 1
        env.cr.commit()
    counters["seconds"] += time.perf_counter() - started
    for name in PHASES:
        counters[name] = counters.get(name, 0.0) + PHASE_SECONDS[name] - phases_before[name]


def bench_team_cx(env, stamp):
    """A team configured as a market runs one: working hours with a public holiday and
    a default SLA policy, so that every case gets its deadlines computed."""
    calendar = env.company.resource_calendar_id
    if not calendar.leave_ids.filtered(lambda leave: not leave.resource_id):
        env["resource.calendar.leaves"].create({
            "name": "Bench holiday", "calendar_id": calendar.id,
            "date_from": "2030-01-01 00:00:00", "date_to": "2030-01-01 23:59:59",
        })
    team = env["cx.case.team"].create({
        "name": f"Bench care {stamp}", "alias_name": f"care-{stamp}",
        "company_id": env.company.id, "resource_calendar_id": calendar.id,
    })
    team.sla_policy_id = env["cx.sla.policy"].create({
        "name": f"Bench standard {stamp}", "company_id": env.company.id, "team_id": team.id,
        "first_response_hours": 4, "resolution_hours": 24,
    })
    return f"care-{stamp}@{ALIAS_DOMAIN}"


def bench_systems(env, args, stamp):
    """The alias of each system in the run: cx_cases always, helpdesk_mgmt and the
    bare gateway when asked for and installed."""
    domain = env["mail.alias.domain"].search([("name", "=", ALIAS_DOMAIN)], limit=1)
    if not domain:
        domain = env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
    env.company.alias_domain_id = domain
    systems = {"cx_cases": bench_team_cx(env, stamp)}
    if args.helpdesk and "helpdesk.ticket" in env:
        # helpdesk_mgmt as installed: its team alias, its stages, no further settings.
        env["helpdesk.ticket.team"].create({
            "name": f"Bench helpdesk {stamp}", "alias_name": f"hd-{stamp}",
        })
        systems["helpdesk_mgmt"] = f"hd-{stamp}@{ALIAS_DOMAIN}"
    elif args.helpdesk:
        print("  helpdesk_mgmt is not installed in this database: no comparison")
    if args.floor and "mail.test.simple" in env:
        env["mail.alias"].create({
            "alias_name": f"floor-{stamp}", "alias_domain_id": domain.id,
            "alias_model_id": env["ir.model"]._get_id("mail.test.simple"),
            "alias_contact": "everyone",
        })
        systems["gateway floor"] = f"floor-{stamp}@{ALIAS_DOMAIN}"
    elif args.floor:
        print("  test_mail is not installed in this database: no floor")
    env.cr.commit()
    return systems


def report_mails(args, counters, created):
    rates = {}
    for name, counter in counters.items():
        rates[name] = (counter["new"] + counter["replies"]) / counter["seconds"]
        print(f"  {name}: {args.mails} mails in {counter['seconds']:.1f} s = "
              f"{rates[name]:.1f} mails/s; queries per new mail "
              f"{counter['queries_new'] / max(counter['new'], 1):.0f}, per reply "
              f"{counter['queries_reply'] / max(counter['replies'], 1):.0f}")
    print("  milliseconds per mail: parse (message_parse) / route (message_route) / record "
          "and post (message_new or message_update, message_post) / the rest (MIME "
          "decoding, duplicate and loop checks, commit)")
    for name, counter in counters.items():
        mails_done = counter["new"] + counter["replies"]
        parts = [counter[phase] * 1000 / mails_done for phase in PHASES]
        rest = counter["seconds"] * 1000 / mails_done - sum(parts)
        print(f"    {name}: {parts[0]:.1f} / {parts[1]:.1f} / {parts[2]:.1f} / {rest:.1f}")
    rate = rates["cx_cases"]
    print(f"  cx_cases: {created} cases created")
    if "helpdesk_mgmt" in rates:
        ratio = rate / rates["helpdesk_mgmt"]
        print(f"  ratio cx_cases / helpdesk_mgmt: {ratio:.2f} (target >= {TARGET_RATIO}): "
              f"{'OK' if ratio >= TARGET_RATIO else 'MISSED'}")
    if "gateway floor" in rates:
        floor = rates["gateway floor"]
        share = rate / floor
        print(f"  gateway floor (mail.test.simple, nothing but the gateway): {floor:.1f} "
              f"mails/s; cx_cases runs at {share:.0%} of it (target >= "
              f"{TARGET_FLOOR_SHARE:.0%}): {'OK' if share >= TARGET_FLOOR_SHARE else 'MISSED'}")
        if "helpdesk_mgmt" in rates:
            print(f"  ratio gateway floor / helpdesk_mgmt: {floor / rates['helpdesk_mgmt']:.2f}"
                  " (the best ratio any model fed by message_process could reach)")


def bench_mail(registry, args):
    env = environment(registry)
    stamp = str(int(time.time()))
    systems = bench_systems(env, args, stamp)
    time_phases(env)
    print(f"(a) mail gateway, {args.mails} mails per system (2/3 new, 1/3 replies, 1/10 "
          f"attachments), one transaction per mail, systems alternating every {CHUNK} "
          f"mails, after {WARM_UP} warm-up mails each")
    mails = {name: build_mails(args.mails, alias, f"{name[:2]}{stamp}")
             for name, alias in systems.items()}
    counters = {name: dict.fromkeys(
        ("seconds", "new", "replies", "queries_new", "queries_reply"), 0
    ) for name in systems}
    for name, alias in systems.items():
        run_mails(env, build_mails(WARM_UP, alias, f"warm{name[:2]}{stamp}"),
                  dict.fromkeys(counters[name], 0))
    before = env["cx.case"].search_count([])
    # Small alternating chunks: a load change on the machine hits every system alike.
    for index, start in enumerate(range(0, args.mails, CHUNK)):
        order = list(systems) if index % 2 == 0 else list(reversed(systems))
        for name in order:
            run_mails(env, mails[name][start:start + CHUNK], counters[name])
    report_mails(args, counters, env["cx.case"].search_count([]) - before)
    bench_clock(env, stamp)
    env.cr.close()


def bench_clock(env, stamp, runs=5, cases=200):
    """What the SLA deadlines of a new case cost in the team's calendar (its four
    targets in one walk), with the record cache empty as at every mail: the clock's
    cached working intervals make it a walk without queries."""
    policy = env["cx.sla.policy"].search([("name", "=", f"Bench standard {stamp}")], limit=1)
    calendar = policy.team_id.resource_calendar_id
    share = 1 - policy.at_risk_ratio / 100.0
    targets = (policy.first_response_hours, policy.resolution_hours,
               policy.first_response_hours * share, policy.resolution_hours * share)
    opened = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    calendar._working_deadlines(opened, targets)
    timings, queries = [], 0
    for _run in range(runs):
        started, before = time.perf_counter(), env.cr.sql_log_count
        for _case in range(cases):
            env.invalidate_all()
            calendar._working_deadlines(opened, targets)
        timings.append((time.perf_counter() - started) * 1000 / cases)
        queries = (env.cr.sql_log_count - before) / cases
    timings.sort()
    print(f"  SLA deadlines of a new case (calendar walk, record cache empty): best "
          f"{timings[0]:.2f} ms, median {timings[len(timings) // 2]:.2f} ms, {queries:.0f} "
          "queries")


# (b) campaign --------------------------------------------------------------------------------

def ensure_customers(env, count, company):
    """Customers with a ref the campaign selects, each with an order in the campaign's
    market (what makes them its customers), inserted set-based (not timed)."""
    existing = env["res.partner"].search_count([("ref", "=like", "BENCH-%")])
    if existing < count:
        print(f"  generating {count - existing} customers...", flush=True)
        env.cr.execute("""
            INSERT INTO res_partner (name, complete_name, ref, email, email_normalized,
                                     active, type, is_company, partner_share, create_date,
                                     write_date)
            SELECT 'Bench owner ' || n, 'Bench owner ' || n, 'BENCH-' || lpad(n::text, 6, '0'),
                   'owner' || n || '@owners.example.org', 'owner' || n || '@owners.example.org',
                   true, 'contact', false, true, now(), now()
              FROM generate_series(%s, %s) n
        """, (existing + 1, count))
        env.cr.execute("UPDATE res_partner SET commercial_partner_id = id "
                       "WHERE ref LIKE 'BENCH-%%' AND commercial_partner_id IS NULL")
        env.cr.commit()
    outlet = env["dealer.outlet"].search([("company_id", "=", company.id)], limit=1) or \
        env["dealer.outlet"].create({"name": "Bench outlet", "code": "BENCH1",
                                     "company_id": company.id})
    env.cr.execute("""
        INSERT INTO vehicle_order (name, partner_id, commercial_partner_id, outlet_id,
                                   company_id, vehicle_model, order_date, state,
                                   create_date, write_date)
        SELECT 'BENCH-' || %(company)s || '-' || p.ref, p.id, p.id, %(outlet)s, %(company)s,
               'Bench model', current_date, 'open', now(), now()
          FROM res_partner p
         WHERE p.ref LIKE 'BENCH-%%' AND NOT EXISTS (
               SELECT 1 FROM vehicle_order o
                WHERE o.partner_id = p.id AND o.company_id = %(company)s)
    """, {"outlet": outlet.id, "company": company.id})
    env.cr.commit()


def bench_team(env):
    """The team the campaigns run for: the mail benchmark's, or a new one when the
    campaign runs alone (--skip-mail on a fresh database)."""
    team = env["cx.case.team"].search([], limit=1)
    if not team:
        bench_team_cx(env, str(int(time.time())))
        env.cr.commit()
        team = env["cx.case.team"].search([], limit=1)
    return team


def new_campaign(env, count, label):
    team = bench_team(env)
    campaign = env["cx.campaign"].create({
        "name": f"Bench recall {label}", "kind": "recall", "team_id": team.id,
        "company_id": team.company_id.id, "target_model": "res.partner",
        "target_domain": f"[('ref', '=like', 'BENCH-%'), ('ref', '<=', 'BENCH-{count:06d}')]",
    })
    campaign.action_start()
    env.cr.commit()
    return campaign.id


def run_campaign_job(db, campaign_id):
    """The campaign job, as the cron runs it (child process in the kill test)."""
    registry = open_registry(db)
    env = environment(registry)
    env["cx.campaign"].search([("state", "=", "running"), ("id", "!=", campaign_id)]).write(
        {"state": "cancelled"})
    env.cr.commit()
    env["cx.campaign"]._cron_open_cases()
    env.cr.commit()
    env.cr.close()


def campaign_counts(env, campaign_id):
    env.cr.rollback()  # a fresh snapshot: the counts come from other processes
    env.cr.execute("""SELECT count(*), count(DISTINCT partner_id) FROM cx_case
                      WHERE campaign_id = %s""", (campaign_id,))
    return env.cr.fetchone()


def bench_campaign(registry, args):
    env = environment(registry)
    print(f"(b) campaign over {args.customers} customers")
    ensure_customers(env, args.customers, bench_team(env).company_id)
    first = new_campaign(env, args.customers, "timed")
    started = time.perf_counter()
    child = subprocess.run([sys.executable, __file__, "--db", args.db,
                            "--run-campaign", str(first)], check=True)
    seconds = time.perf_counter() - started
    total, distinct = campaign_counts(env, first)
    print(f"  {total} cases ({distinct} customers) in {seconds:.1f} s (child process, "
          f"incl. its start-up); target <= {TARGET_CAMPAIGN_SECONDS:.0f} s: "
          f"{'OK' if seconds <= TARGET_CAMPAIGN_SECONDS and total == args.customers else 'MISSED'}")

    second = new_campaign(env, args.customers, "killed")
    proc = subprocess.Popen([sys.executable, __file__, "--db", args.db,
                             "--run-campaign", str(second)])
    time.sleep(max(seconds / 2, 5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    env.cr.rollback()
    done_at_kill, _d = campaign_counts(env, second)
    print(f"  killed (SIGKILL) after {max(seconds / 2, 5):.1f} s with {done_at_kill} cases "
          "committed")
    # The cron lock of a killed worker is gone with its connection; restart the job.
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--db", args.db, "--run-campaign", str(second)],
                   check=True)
    total, distinct = campaign_counts(env, second)
    env.cr.execute("SELECT state FROM cx_campaign WHERE id = %s", (second,))
    state = env.cr.fetchone()[0]
    duplicates = total - distinct
    missing = args.customers - distinct
    print(f"  resumed in {time.perf_counter() - started:.1f} s: {total} cases, "
          f"{duplicates} duplicates, {missing} missing, campaign {state}: "
          f"{'OK' if not duplicates and not missing and state == 'open' else 'FAILED'}")
    env.cr.close()
    return child


# (c) at scale ----------------------------------------------------------------------------------

def ensure_cases(env, count):
    """Cases up to ``count`` over the database's teams (their default SLA policy and
    calendar), opened over the last two years, a tenth still open (assigned to a member
    of their team), three in ten of the others rated (the last two months' answers
    feed the overview's CSAT). SQL, not timed; deadlines are filled by the refresh job
    afterwards, so that the figures are the clock's."""
    env.cr.execute("SELECT count(*) FROM cx_case")
    existing = env.cr.fetchone()[0]
    if existing >= count:
        return
    todo = count - existing
    print(f"  generating {todo} cases and their ratings...", flush=True)
    stages = {kind: env["cx.case.stage"].search([("kind", "=", kind)], limit=1).id
              for kind in ("new", "progress", "closed")}
    partner = env["res.partner"].search([("email", "!=", False)], limit=1).id
    env.cr.execute("""
        WITH teams AS (
            SELECT t.id, t.company_id, t.sla_policy_id,
                   (SELECT min(r.user_id) FROM cx_case_team_member_rel r
                     WHERE r.team_id = t.id) AS user_id,
                   row_number() OVER (ORDER BY t.id) - 1 AS n,
                   count(*) OVER () AS total
              FROM cx_case_team t WHERE t.active
        ), cases AS (
            SELECT g, now() - (g %% 730) * interval '1 day' - (g %% 9) * interval '1 hour'
                   AS opened, g %% 10 = 0 AS is_open
              FROM generate_series(1, %(todo)s) g
        )
        INSERT INTO cx_case (name, company_id, team_id, stage_id, stage_kind, channel,
                             priority, date_open, partner_id, user_id, sla_policy_id,
                             first_response_date, solved_date, closed_date, sla_status,
                             sla_alert_sent, active, create_date, write_date,
                             create_uid, write_uid)
        SELECT 'Bench case ' || c.g, t.company_id, t.id,
               CASE WHEN c.is_open THEN (CASE WHEN c.g %% 20 = 0 THEN %(new)s
                                              ELSE %(progress)s END) ELSE %(closed)s END,
               CASE WHEN c.is_open THEN (CASE WHEN c.g %% 20 = 0 THEN 'new' ELSE 'progress' END)
                    ELSE 'closed' END,
               'email', '1', c.opened, %(partner)s,
               CASE WHEN c.is_open THEN t.user_id END, t.sla_policy_id,
               CASE WHEN NOT c.is_open THEN c.opened + interval '2 hours' END,
               CASE WHEN NOT c.is_open THEN c.opened + interval '1 day' END,
               CASE WHEN NOT c.is_open THEN c.opened + interval '3 days' END,
               CASE WHEN c.is_open THEN 'on_track' ELSE 'met' END,
               true, true, c.opened, c.opened, 1, 1
          FROM cases c
          JOIN teams t ON t.n = (CASE WHEN c.g %% 5 < 2 THEN 0 ELSE c.g %% t.total END)
    """, {"todo": todo, "partner": partner, **stages})
    env.cr.execute("""
        INSERT INTO rating_rating (res_model_id, res_model, res_id, cx_case_id, rating,
                                   consumed, rated_on, access_token, create_date,
                                   write_date, partner_id)
        SELECT %(model)s, 'cx.case', c.id, c.id, 1 + (c.id %% 5), true,
               c.closed_date, md5(random()::text || c.id), c.closed_date, c.closed_date,
               c.partner_id
          FROM cx_case c
         WHERE c.name LIKE 'Bench case %%' AND c.stage_kind = 'closed' AND c.id %% 10 < 3
           AND NOT EXISTS (SELECT 1 FROM rating_rating r WHERE r.cx_case_id = c.id)
    """, {"model": env["ir.model"]._get_id("cx.case")})
    env.cr.execute("""
        UPDATE cx_case c SET rating_last_value = r.rating
          FROM rating_rating r WHERE r.cx_case_id = c.id AND c.name LIKE 'Bench case %'
    """)
    env.cr.commit()
    print("  deadlines of the open cases (the refresh job, every calendar)...", flush=True)
    env["cx.sla.refresh"]._queue(env["cx.case.team"].search([]).resource_calendar_id)
    env.cr.commit()
    started = time.perf_counter()
    env["cx.sla.refresh"]._cron_refresh()
    env.cr.commit()
    print(f"  done in {time.perf_counter() - started:.1f} s; VACUUM ANALYZE", flush=True)
    env.cr._cnx.autocommit = True
    env.cr.execute("VACUUM ANALYZE")
    env.cr._cnx.autocommit = False


def timed(env, function, runs=1):
    """(best seconds, queries of one run) of ``function``, each run on a cold cache, as
    a new request: no record cached, nothing kept on the cursor (``cr.cache``)."""
    best, queries = None, 0
    for _run in range(runs):
        env.invalidate_all()
        env.cr.cache.clear()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        function()
        env.flush_all()
        seconds = time.perf_counter() - started
        queries = env.cr.sql_log_count - before
        best = seconds if best is None else min(best, seconds)
    return best, queries


def bench_holiday(env):
    """A public holiday saved in the busiest calendar: the save (what the user waits
    for), then the job that moves the open cases' deadlines (in the background)."""
    env.cr.execute("""SELECT t.resource_calendar_id, count(*) FROM cx_case c
                        JOIN cx_case_team t ON t.id = c.team_id
                       WHERE c.stage_kind IN ('new', 'progress', 'waiting')
                       GROUP BY 1 ORDER BY 2 DESC LIMIT 1""")
    calendar_id, open_cases = env.cr.fetchone()
    Leaves = env["resource.calendar.leaves"]
    holiday = Leaves.browse()

    def save():
        nonlocal holiday
        holiday = Leaves.create({
            "name": "Bench holiday", "calendar_id": calendar_id, "resource_id": False,
            "date_from": "2031-12-24 00:00:00", "date_to": "2031-12-24 23:59:59",
        })

    seconds, queries = timed(env, save)
    env.cr.commit()
    print(f"  holiday saved in a calendar with {open_cases} open cases: {seconds * 1000:.0f} ms,"
          f" {queries} queries (target <= 2 s)")
    started = time.perf_counter()
    env["cx.sla.refresh"]._cron_refresh()
    print(f"  the refresh job then: {time.perf_counter() - started:.1f} s "
          "(committed batches, in the background)")
    holiday.unlink()
    env.cr.commit()
    env["cx.sla.refresh"]._cron_refresh()
    env.cr.commit()


def bench_sla_backlog(env, count):
    """``count`` open, assigned cases late since the job last ran: one run of the SLA
    job (its commits made flushes, the whole rolled back so that runs compare)."""
    from unittest.mock import patch  # noqa: PLC0415

    env.cr.execute("""
        UPDATE cx_case SET sla_status = 'on_track', sla_alert_sent = false,
                           sla_deadline = now() - interval '1 hour',
                           sla_risk_date = now() - interval '2 hours'
         WHERE id IN (SELECT id FROM cx_case WHERE stage_kind IN ('new', 'progress')
                         AND user_id IS NOT NULL ORDER BY id LIMIT %s)
    """, (count,))
    env.cr.execute("SELECT count(*) FROM mail_activity")
    activities = env.cr.fetchone()[0]
    with patch.object(env.cr, "commit", env.cr.flush):
        seconds, queries = timed(env, env["cx.case"]._cron_sla_check)
    env.cr.execute("SELECT count(*) FROM mail_activity")
    created = env.cr.fetchone()[0] - activities
    env.cr.rollback()
    print(f"  SLA job after a backlog of {count} late cases: {seconds:.1f} s, {queries} "
          f"queries ({queries / count:.1f} a case, target <= 3), {created} activities, "
          "committed every 500 cases")


def overview_fields(env):
    import re  # noqa: PLC0415

    arch = env.ref("cx_cases.cx_case_team_view_kanban").arch_db
    names = set(re.findall(r'<field name="(\w+)"', arch))
    return sorted(name for name in names if name in env["cx.case.team"]._fields)


def bench_overview(env):
    fields_ = overview_fields(env)
    users = {"administrator": env.ref("base.user_admin")}
    for label, xmlid in (("supervisor", "cx_cases.group_cx_supervisor"),
                         ("agent", "cx_cases.group_cx_agent")):
        group = env.ref(xmlid)
        higher = env.ref("cx_cases.group_cx_manager")
        user = env["res.users"].search([("group_ids", "in", group.id),
                                        ("group_ids", "not in", higher.id),
                                        ("id", "!=", users["administrator"].id)], limit=20)
        user = user.filtered(lambda u, g=group: g in u.all_group_ids)  # noqa: B023
        for candidate in user:
            if label == "agent" and env.ref("cx_cases.group_cx_supervisor") in \
                    candidate.all_group_ids:
                continue
            users[label] = candidate
            break
    for label, user in users.items():
        Team = env["cx.case.team"].with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids)

        def read(Team=Team):
            Team.search([]).read(fields_)

        seconds, queries = timed(env, read, runs=5)
        print(f"  team overview as the {label} ({user.login}): {seconds * 1000:.0f} ms, "
              f"{queries} queries (target <= 150 ms)")


PIVOT_VIEWS = ("cx_cases.cx_case_report_view_pivot", "cx_cases.cx_case_report_view_pivot_recovery")


def pivot_measures(env, xmlid):
    """The measures of a pivot view as the web client asks for them."""
    import re  # noqa: PLC0415

    arch = env.ref(xmlid).arch_db
    names = re.findall(r'<field name="(\w+)"[^>]*type="measure"', arch)
    Report = env["cx.case.report"]
    return ["__count"] + [f"{name}:{Report._fields[name].aggregator}" for name in names]


def bench_pivot(env):
    """The pivot team x month: the server-side read (superuser, UTC months), and what
    the web client sends when the administrator opens each Case Analysis pivot (one
    ``formatted_read_grouping_sets``: totals, rows, columns and cells in one query, in
    their time zone, through the market rule)."""
    Report = env["cx.case.report"]

    def pivot():
        Report._read_group([], ["team_id", "date_open:month"],
                           ["case_count:sum", "breached_count:sum", "csat:avg",
                            "first_response_hours:avg"])

    def pivot_rated():
        Report._read_group([("rating_date", "!=", False)], ["team_id", "rating_date:month"],
                           ["case_count:sum", "csat:avg"])

    runs = [("team x month", pivot), ("team x month rated", pivot_rated)]
    admin = env.ref("base.user_admin")
    web = Report.with_user(admin).with_context(
        tz="Europe/Brussels", lang="en_US", allowed_company_ids=admin.company_ids.ids)
    sets = [[], ["team_id"], ["date_open:month"], ["team_id", "date_open:month"]]
    for xmlid in PIVOT_VIEWS:
        measures = pivot_measures(env, xmlid)
        runs.append((f"as the web client opens {xmlid.split('.')[1]} ({len(measures)} measures)",
                     lambda m=measures: web.formatted_read_grouping_sets([], sets, m)))
    for label, function in runs:
        seconds = sorted(timed(env, function)[0] for _run in range(5))
        print(f"  Case Analysis pivot {label}: {seconds[0] * 1000:.0f} ms, median "
              f"{seconds[2] * 1000:.0f} ms (target <= 100 ms)")
    check_pivot(env)


# What each measure of the analysis is, written from cx.case's columns (not the view's).
PIVOT_CHECKS = {
    "case_count:sum": "count(*)",
    "breached_count:sum": "count(*) FILTER (WHERE sla_status = 'breached')",
    "reopen_count:sum": "sum(reopen_count)",
    "first_response_hours:avg":
        "avg(sla_first_response_hours) FILTER (WHERE first_response_date IS NOT NULL)",
    "resolution_hours:avg": "avg(sla_resolution_hours) FILTER (WHERE solved_date IS NOT NULL)",
    "sla_success:avg": "avg(sla_success) FILTER (WHERE sla_status IN ('met', 'breached'))",
    # A boolean column left NULL (rows inserted by SQL) is False to the ORM.
    "first_contact_resolution:avg": "100.0 * avg(coalesce(first_contact_resolution, false)::int)"
                                    " FILTER (WHERE stage_kind = 'closed')",
    "csat:avg": "100.0 * avg((rating_last_value >= 4)::int) FILTER (WHERE rating_last_value > 0)",
    "rating_value:avg": "avg(rating_last_value) FILTER (WHERE rating_last_value > 0)",
    "reminder_count:sum": "count(followup_reminder_date)",
    "verify_call_count:sum": "count(followup_call_date)",
    "autoclosed_count:sum": "count(followup_closed_date)",
    "recovery_count:sum": "count(recovery_of_id)",
    "recovery_rate:avg": "100.0 * avg((recovery_resolved_date IS NOT NULL)::int) "
                         "FILTER (WHERE recovery_of_id IS NOT NULL)",
    "recovery_hours:avg": "avg(EXTRACT(EPOCH FROM recovery_resolved_date - date_open) / 3600)",
}


def check_pivot(env):
    """The pivot's cells of a few teams and months against a direct aggregate over the
    cases (every measure of the analysis)."""
    env.cr.execute("""SELECT team_id, date_trunc('month', date_open) FROM cx_case
                       GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 4""")
    cells = env.cr.fetchall()
    env.cr.execute("""SELECT team_id, date_trunc('month', date_open) FROM cx_case
                       WHERE recovery_of_id IS NOT NULL OR followup_reminder_date IS NOT NULL
                       GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 2""")
    cells += env.cr.fetchall()
    Report = env["cx.case.report"]
    domain = [("team_id", "in", [team for team, _m in cells])]
    groupby = ["team_id", "date_open:month"]
    # The read of one grouping, and the web client's grouping sets (the report's own
    # roll-up from the finest groups), UTC months.
    reads = {
        "read": Report._read_group(domain, groupby, list(PIVOT_CHECKS)),
        "grouping sets": Report._read_grouping_sets(
            domain, [[], ["team_id"], ["date_open:month"], groupby], list(PIVOT_CHECKS),
            order=", ".join(groupby))[3],
    }
    columns = ", ".join(PIVOT_CHECKS.values())
    wrong = []
    for team_id, month in cells:
        # The columns are the constants above.
        env.cr.execute(f"""SELECT {columns} FROM cx_case
                            WHERE team_id = %s AND date_trunc('month', date_open) = %s""",
                       (team_id, month))
        expected_row = env.cr.fetchone()
        for label, groups in reads.items():
            rows = {(team.id, month): values for team, month, *values in groups}
            for name, expected, got in zip(PIVOT_CHECKS, expected_row, rows[team_id, month],
                                           strict=True):
                got = None if got is False else got  # the ORM's empty aggregate
                if (expected is None) != (got is None) or (
                        expected is not None and abs(float(expected) - float(got)) > 1e-6):
                    wrong.append(f"{label}: team {team_id} {month:%Y-%m} {name}: "
                                 f"{got} != {expected}")
    print(f"  pivot cells against a direct count over the cases ({len(cells)} team-months, "
          f"{len(PIVOT_CHECKS)} measures, the read and the grouping sets): "
          f"{'OK' if not wrong else 'WRONG'}")
    for line in wrong[:10]:
        print(f"    {line}")


def bench_scale(registry, args):
    env = environment(registry)
    print(f"(c) at scale: {args.scale} cases")
    ensure_cases(env, args.scale)
    env.cr.execute("SELECT count(*), count(*) FILTER (WHERE stage_kind IN "
                   "('new', 'progress', 'waiting')) FROM cx_case")
    total, open_count = env.cr.fetchone()
    env.cr.execute("SELECT count(*) FROM rating_rating WHERE cx_case_id IS NOT NULL")
    print(f"  {total} cases, {open_count} open, {env.cr.fetchone()[0]} ratings")
    steps = set(args.scale_steps.split(","))
    if "holiday" in steps:
        bench_holiday(env)
    if "backlog" in steps:
        bench_sla_backlog(env, min(args.backlog, open_count))
    # The holiday's refresh and the rolled-back backlog leave dead rows, which autovacuum
    # (off on this machine) would clear: the reads below are measured on a vacuumed table.
    env.cr.commit()
    if "pivot" in steps:
        # The pivot adds up daily figures (report/cx_case_report_summary.py): the
        # changes the triggers logged are folded in by an hourly job, run here.
        env.cr.execute("SELECT count(*) FROM cx_case_report_delta")
        logged = env.cr.fetchone()[0]
        started = time.perf_counter()
        env["cx.case.report"]._cron_summary_fold()
        env.cr.commit()
        env.cr.execute("SELECT count(*) FROM cx_case_report_day")
        print(f"  pivot's daily figures: {logged} logged changes folded in "
              f"{time.perf_counter() - started:.2f} s, {env.cr.fetchone()[0]} day rows")
        env.cr.commit()
    env.cr._cnx.autocommit = True
    env.cr.execute("VACUUM ANALYZE cx_case, cx_case_report_day, cx_case_report_delta")
    env.cr._cnx.autocommit = False
    if "overview" in steps:
        bench_overview(env)
    if "pivot" in steps:
        bench_pivot(env)
    env.cr.rollback()
    env.cr.close()


def main():
    args = parse_args()
    if args.run_campaign:
        run_campaign_job(args.db, args.run_campaign)
        return
    if args.reset:
        modules = ["cx_cases"] + ["helpdesk_mgmt"] * args.helpdesk + ["test_mail"] * args.floor
        recreate_database(args, ",".join(modules))
    registry = open_registry(args.db)
    if args.scale:
        bench_scale(registry, args)
        return
    if not args.skip_mail:
        bench_mail(registry, args)
    if not args.skip_campaign:
        bench_campaign(registry, args)


if __name__ == "__main__":
    main()
