#!/usr/bin/env python3
"""Benchmarks of order_tracking against a running server (not run by ``make test``).

(a) Ingestion: batches of 500 events posted to ``/order_tracking/api/events`` one after
    the other (one worker busy at a time), in events/s, target >= 3,000; and, in the same
    run, a raw ORM batch create of the same rows (``vehicle.order.event`` create without the
    upsert, in-process, rolled back); target ratio HTTP / raw >= 0.5. Every order gets its
    15 steps, the handover step with an expected date (ETA and its history), dates differing
    from order to order. Then the same batches again (all duplicates: the cost of a feed
    that resends), and a check that two concurrent requests carrying the same new events
    store them exactly once.
(b) Portal: 20 concurrent clients, each a customer of the benchmark's own (portal users
    ``bench_customer_NN``, created on the first run, each with a few orders that have
    their 15 steps), loading their order page and core's ``/my/home``; p50/p95 of both in
    the same run; target: the order page's p95 at most 1.5x that of ``/my/home``.

(c) At scale (``--scale 20000 200000``): fill the database up to each size with set-based
    SQL (orders with the stored values the event logic leaves, about 14 events each, ETA
    history, to-dos), VACUUM ANALYZE, then time feeds of new events for open orders already
    there (next step reached, the step after planned, the handover moved: no deliveries),
    batches of 500 through the API, in events/s, target >= 3,000 at 200,000 orders.

Orders and customers are the benchmark's own: no demo customer gets thousands of orders
(a demo login stays a demo login). The database must have order_tracking installed with
demo data (the demo API key and outlet Amsterdam). Start the server with 2 workers and a
db-filter, e.g.:

    odoo -c config/odoo-test.conf --addons-path=$PWD/addons,<odoo>/addons -d ot_bench \\
         --db-filter='^ot_bench$' --http-port 8331 --workers 2 --max-cron-threads 0
    python3 tests/benchmark_order_tracking.py --db ot_bench --url http://127.0.0.1:8331
"""

import argparse
import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "odoo-test.conf"
# Where the demo keeps the factory feed's key (order_tracking/demo/story.py).
DEMO_API_KEY_PARAM = "order_tracking.demo_factory_feed_key"
CODES = ["V200", "V250", "V260", "V300", "V333", "V334", "V335", "V336", "D002", "D003",
         "O090", "O100", "O400", "V900", "V999"]
BENCH_CUSTOMERS = 12
BENCH_ORDERS_PER_CUSTOMER = 3
TARGET_EVENTS_PER_S = 3000
TARGET_RATIO = 0.5
TARGET_P95_RATIO = 1.5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8331")
    parser.add_argument("--orders", type=int, default=215,
                        help="orders created for the ingestion run (x15 events each)")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=15,
                        help="requests per client and page in the portal run")
    parser.add_argument("--deliveries", type=int, default=0,
                        help="only time batches of handover events (V999 with an actual "
                             "date) for this many orders that have their first 14 steps: "
                             "each delivery plans a courtesy-call case (cx_cases)")
    parser.add_argument("--scale", type=int, nargs="+", default=[],
                        help="(c) at scale: for each size, fill the database up to this many "
                             "orders (about 14 events each, set-based SQL), then time a feed "
                             "of new events for orders already there; e.g. --scale 20000 "
                             "200000")
    parser.add_argument("--scale-orders", type=int, default=2000,
                        help="open orders the scale feed moves on (3 events each)")
    parser.add_argument("--scale-rounds", type=int, default=2,
                        help="scale feeds timed per size (other orders each time)")
    parser.add_argument("--skip-ingestion", action="store_true")
    parser.add_argument("--skip-portal", action="store_true")
    return parser.parse_args()


def open_registry(db):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    import odoo.addons.base  # noqa: PLC0415

    core = Path(odoo.addons.base.__file__).resolve().parent.parent
    config.parse_config(["-c", str(CONFIG), f"--addons-path={REPO / 'addons'},{core}",
                         "--log-level=warn"], setup_logging=True)
    return Registry(db)


def bench_partner(env):
    """The company that owns the ingestion run's orders (found again on later runs)."""
    Partner = env["res.partner"].with_context(active_test=False)
    partner = Partner.search([("ref", "=", "BENCH-FLEET")], limit=1)
    return partner or Partner.create({
        "name": "Benchmark Fleet Leasing", "ref": "BENCH-FLEET", "is_company": True,
        "email": "fleet@bench.example.com",
    })


def create_orders(env, prefix, count, partner=None):
    outlet = env.ref("dealer_profile.outlet_ams01")
    partner = partner or bench_partner(env)
    return env["vehicle.order"].create([{
        "name": f"{prefix}-{n:06d}", "partner_id": partner.id, "outlet_id": outlet.id,
        "vehicle_model": "Aurora Polaris 4", "order_date": date.today() - timedelta(days=90),
    } for n in range(count)])


def event_rows(names, run):
    """15 events per order with unique external ids: the first 14 steps reached (actual
    dates in the past), the handover expected (an ETA); dates differ between orders."""
    today = date.today()
    rows = []
    for number, name in enumerate(names):
        start = today - timedelta(days=80 + number % 17)
        for index, code in enumerate(CODES):
            day = (start + timedelta(days=index * 5 + number % 3)).isoformat()
            row = {"order": name, "status": code, "external_id": f"{run}-{name}-{code}",
                   "planned_date": day}
            if code == "V999":
                row["expected_date"] = (today + timedelta(days=10 + number % 29)).isoformat()
                row["reason"] = "production slot confirmed"
            else:
                row["actual_date"] = day
            rows.append(row)
    return rows


def warm_workers(session, args):
    """Batches of nothing, so that whichever worker takes a timed request has served one
    before (registry, route map)."""
    for _warm in range(4):
        session.post(f"{args.url}/order_tracking/api/events", json={"events": []},
                     headers={"Authorization": f"Bearer {args.api_key}"},
                     timeout=60).raise_for_status()


def post_batches(session, args, rows):
    """Post ``rows`` in batches, one request at a time; (seconds, verdict counts)."""
    headers = {"Authorization": f"Bearer {args.api_key}"}
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    started = time.perf_counter()
    for offset in range(0, len(rows), args.batch):
        response = session.post(
            f"{args.url}/order_tracking/api/events", headers=headers, timeout=300,
            json={"source": "BENCH", "events": rows[offset:offset + args.batch]},
        )
        response.raise_for_status()
        for verdict in counts:
            counts[verdict] += response.json()[verdict]
    return time.perf_counter() - started, counts


def check_concurrent_replay(args, registry, run):
    """Two requests with the same new events at the same time (two workers, two real
    transactions): the events must be stored exactly once."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        names = create_orders(env, f"{run}-C", 20).mapped("name")
        cr.commit()
    rows = event_rows(names, run + "C")
    answers, barrier = [None, None], threading.Barrier(2)

    def send(slot):
        session = requests.Session()
        barrier.wait()
        try:
            answers[slot] = post_batches(session, args, rows)[1]
        except requests.RequestException as error:
            answers[slot] = {"accepted": 0, "duplicate": 0, "error": repr(error)}

    threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM vehicle_order_event e JOIN vehicle_order o "
                   "ON o.id = e.order_id WHERE o.name = ANY(%s)", [names])
        stored = cr.fetchone()[0]
    accepted = sum(answer["accepted"] for answer in answers)
    duplicate = sum(answer["duplicate"] for answer in answers)
    errors = [answer["error"] for answer in answers if "error" in answer]
    ok = stored == accepted == duplicate == len(rows) and not errors
    print(f"    concurrent    : 2 x {len(rows)} events at once: {accepted} accepted, "
          f"{duplicate} duplicate, {stored} stored -> {'OK' if ok else 'FAILED'} "
          f"{' '.join(errors)}")


def demo_api_key(registry):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        key = env["ir.config_parameter"].get_param(DEMO_API_KEY_PARAM)
        # The benchmark's batches name their own source: the demo feed may send them.
        feed = env.ref("order_tracking.user_factory_feed", raise_if_not_found=False)
        if feed and "BENCH" not in feed._order_event_source_names():
            feed.order_event_sources = ", ".join([*feed._order_event_source_names(), "BENCH"])
    if not key:
        sys.exit(f"No {DEMO_API_KEY_PARAM}: install order_tracking with demo data.")
    return key


def vacuum_analyze(registry):
    """Fresh statistics after generating rows: autovacuum may be off (benchmark
    machines), and the planner must not judge big tables by their empty-table stats."""
    with registry.cursor() as cr:
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")
        cr._cnx.autocommit = False


def bench_deliveries(args, registry):
    """Batches made only of handovers: the orders reached their first 14 steps before
    (stored through the upsert, not timed); each timed event delivers its order."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    run = f"BENCHD{int(time.time())}"
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        orders = create_orders(env, f"{run}-D", args.deliveries)
        statuses = {s.code: s.id for s in env["vehicle.order.status"].search([])}
        by_name = {o.name: o.id for o in orders}
        Event = env["vehicle.order.event"]
        steps = [r for r in event_rows(orders.mapped("name"), run) if r["status"] != "V999"]
        for offset in range(0, len(steps), 5000):
            Event._upsert([Event._normalize_vals({
                "order_id": by_name[r["order"]], "status_id": statuses[r["status"]],
                "source_system": "BENCH", "external_id": r["external_id"],
                "planned_date": r["planned_date"], "actual_date": r["actual_date"],
            }) for r in steps[offset:offset + 5000]])
        names = orders.mapped("name")
        cr.commit()
    vacuum_analyze(registry)
    today = date.today()
    rows = [{"order": name, "status": "V999", "external_id": f"{run}-{name}-V999",
             "actual_date": (today - timedelta(days=number % 3)).isoformat()}
            for number, name in enumerate(names)]
    session = requests.Session()
    warm_workers(session, args)
    seconds, counts = post_batches(session, args, rows)
    assert counts["accepted"] == len(rows), f"{counts} of {len(rows)}"
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM cx_case c JOIN vehicle_order o ON o.id = c.order_id "
                   "WHERE o.name = ANY(%s)", [names])
        cases = cr.fetchone()[0]
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"(a') deliveries: {len(rows)} handover events in batches of {args.batch}")
    print(f"    HTTP API      : {seconds:7.2f} s  {len(rows) / seconds:8.0f} events/s "
          f"(target >= {TARGET_EVENTS_PER_S}), {cases} courtesy cases planned, "
          f"load average {' '.join(load) or '?'}")
    delivery_rows_floor(registry, names[:args.batch])


# The rows one batch of deliveries writes, copied from those the timed run stored: each
# INSERT replayed as such (new ids, unique values changed), in a transaction rolled back.
FLOOR_COPIES = [
    ("vehicle_order_event", "SELECT * FROM vehicle_order_event WHERE order_id = ANY(%(orders)s) "
     "AND status_id = %(handover)s", None),
    ("vehicle_order_eta_change", "SELECT * FROM vehicle_order_eta_change "
     "WHERE order_id = ANY(%(orders)s) AND event_id IN (SELECT id FROM vehicle_order_event "
     "WHERE order_id = ANY(%(orders)s) AND status_id = %(handover)s)", None),
    ("mail_message", "SELECT * FROM mail_message WHERE (model = 'vehicle.order' "
     "AND res_id = ANY(%(orders)s) AND id IN (SELECT mail_message_id FROM mail_tracking_value)) "
     "OR (model = 'cx.case' AND res_id = ANY(%(cases)s))", None),
    ("mail_tracking_value", "SELECT * FROM mail_tracking_value WHERE mail_message_id IN "
     "(SELECT id FROM mail_message WHERE model = 'vehicle.order' AND res_id = ANY(%(orders)s))",
     None),
    ("cx_case", "SELECT * FROM cx_case WHERE id = ANY(%(cases)s)",
     "number = number || '-floor', access_token = md5(random()::text)"),
    ("mail_activity", "SELECT * FROM mail_activity WHERE res_model = 'cx.case' "
     "AND res_id = ANY(%(cases)s)", None),
    ("mail_followers", "SELECT * FROM mail_followers WHERE res_model = 'cx.case' "
     "AND res_id = ANY(%(cases)s)", "res_id = -res_id"),
]

ESSENTIAL_ROWS = ("vehicle_order (UPDATE)", "vehicle_order_event", "cx_case")


def delivery_rows_floor(registry, names):
    """PostgreSQL's own time for the rows a batch of deliveries writes (the order's
    UPDATE and every INSERT, replayed from the rows just stored): what no code of the
    request can go below, reads, Python and the client side excluded."""
    with registry.cursor() as cr:
        cr.execute("SELECT id FROM vehicle_order WHERE name = ANY(%s)", [names])
        orders = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM cx_case WHERE order_id = ANY(%s)", [orders])
        cases = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM vehicle_order_status WHERE code = 'V999'")
        params = {"orders": orders, "cases": cases, "handover": cr.fetchone()[0]}
        timings, counts = {}, {}
        for table, select, change in FLOOR_COPIES:
            cr.execute(f"CREATE TEMP TABLE floor_{table} AS {select}", params)
            cr.execute(f"UPDATE floor_{table} SET id = nextval('{table}_id_seq')"
                       + (f", {change}" if change else ""))
        cr.execute("CREATE TEMP TABLE floor_rel AS SELECT f.id AS mail_followers_id, "
                   "r.mail_message_subtype_id FROM floor_mail_followers f "
                   "JOIN mail_followers o ON o.res_model = 'cx.case' AND o.res_id = -f.res_id "
                   "AND o.partner_id = f.partner_id "
                   "JOIN mail_followers_mail_message_subtype_rel r ON r.mail_followers_id = o.id")
        cr.execute("UPDATE floor_mail_followers SET res_id = -res_id + 1000000000")
        # The handover events themselves are replaced by their copies (same orders and
        # statuses, the unique key); the orders go back to open to be delivered again.
        cr.execute("DELETE FROM vehicle_order_eta_change WHERE id IN "
                   "(SELECT e.id FROM vehicle_order_eta_change e "
                   "JOIN floor_vehicle_order_eta_change f "
                   "ON f.order_id = e.order_id AND f.event_id = e.event_id)")
        cr.execute("DELETE FROM vehicle_order_event WHERE order_id = ANY(%(orders)s) "
                   "AND status_id = %(handover)s", params)
        cr.execute("UPDATE floor_vehicle_order_eta_change SET event_id = NULL")
        cr.execute("UPDATE vehicle_order SET state = 'open', delivery_date = NULL "
                   "WHERE id = ANY(%s)", [orders])
        cr.execute("ANALYZE")
        started = time.perf_counter()
        cr.execute("UPDATE vehicle_order SET state = 'delivered', delivery_date = current_date, "
                   "status_date = current_date, write_date = now() WHERE id = ANY(%s)", [orders])
        timings["vehicle_order (UPDATE)"] = time.perf_counter() - started
        counts["vehicle_order (UPDATE)"] = cr.rowcount
        for table in [*(t for t, _s, _c in FLOOR_COPIES),
                      "mail_followers_mail_message_subtype_rel"]:
            source = "floor_rel" if table.endswith("_rel") else f"floor_{table}"
            started = time.perf_counter()
            cr.execute(f"INSERT INTO {table} SELECT * FROM {source}")
            timings[table] = time.perf_counter() - started
            counts[table] = cr.rowcount
        cr.rollback()
    total = sum(timings.values())
    print(f"    rows floor    : {sum(counts.values())} rows for {len(orders)} deliveries "
          f"({sum(counts.values()) / max(len(orders), 1):.1f} a delivery): "
          f"{total * 1000:.0f} ms in PostgreSQL alone, at most {len(orders) / total:,.0f} "
          "events/s with no reads, no Python and no client")
    for table, seconds in timings.items():
        print(f"      {table:42s} {counts[table]:5d} rows {seconds * 1000:7.1f} ms")
    # The rows without which there is no delivery at all: the order moved to delivered,
    # its handover event and the courtesy case. Notes, followers, the to-do and the ETA
    # line come on top; no code can go faster than these three alone.
    essential = sum(timings[table] for table in ESSENTIAL_ROWS)
    print(f"    essential rows: the order, its event and its courtesy case alone "
          f"({len(ESSENTIAL_ROWS)} of {sum(counts.values()) / max(len(orders), 1):.0f} rows a "
          f"delivery): {essential * 1000:.0f} ms, at most {len(orders) / essential:,.0f} "
          "events/s")


def bench_ingestion(args, registry):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    run = f"BENCH{int(time.time())}"
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        names = create_orders(env, f"{run}-H", args.orders).mapped("name")
        cr.commit()
    vacuum_analyze(registry)
    rows = event_rows(names, run)
    session = requests.Session()
    warm_workers(session, args)
    http_seconds, counts = post_batches(session, args, rows)
    assert counts["accepted"] == len(rows), f"{counts} of {len(rows)}"
    replay_seconds, counts = post_batches(session, args, rows)
    assert counts["duplicate"] == len(rows), f"replay: {counts} of {len(rows)}"

    # Raw ORM batch create of the same rows (other orders), rolled back.
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        orders = create_orders(env, f"{run}-R", args.orders)
        statuses = {s.code: s.id for s in env["vehicle.order.status"].search([])}
        by_name = {o.name: o.id for o in orders}
        raw_rows = event_rows(orders.mapped("name"), run + "R")
        vals_list = [{
            "order_id": by_name[r["order"]], "status_id": statuses[r["status"]],
            "external_id": r["external_id"], "actual_date": r.get("actual_date", False),
            "expected_date": r.get("expected_date", False), "reason": r.get("reason", False),
            "planned_date": r["planned_date"], "source_system": "BENCH",
        } for r in raw_rows]
        env.flush_all()
        Event = env["vehicle.order.event"].with_context(order_tracking_raw=True)
        started = time.perf_counter()
        for offset in range(0, len(vals_list), args.batch):
            Event.create(vals_list[offset:offset + args.batch])
            env.flush_all()
        raw_seconds = time.perf_counter() - started
        cr.rollback()
    http_rate = len(rows) / http_seconds
    raw_rate = len(rows) / raw_seconds
    print(f"(a) ingestion: {len(rows)} events in batches of {args.batch}")
    print(f"    HTTP API      : {http_seconds:7.2f} s  {http_rate:8.0f} events/s "
          f"(target >= {TARGET_EVENTS_PER_S})")
    print(f"    raw ORM create: {raw_seconds:7.2f} s  {raw_rate:8.0f} events/s")
    print(f"    ratio HTTP/raw: {http_rate / raw_rate:.2f} (target >= {TARGET_RATIO})")
    print(f"    HTTP replay   : {replay_seconds:7.2f} s  {len(rows) / replay_seconds:8.0f} "
          "events/s (the same batches again: all duplicates)")
    check_concurrent_replay(args, registry, run)


# (c) at scale ---------------------------------------------------------------------------

# Days from the order date to each step of CODES (the demo's route, order_tracking/demo).
SCALE_OFFSETS = [0, 14, 35, 38, 39, 41, 42, 46, 58, 62, 63, 65, 66, 69, 76]
SCALE_PREFIX = "SCALE-"
SCALE_CUSTOMERS = 500
# One order in DELIVERED_OUT_OF of the filled ones is still open; the others are delivered.
SCALE_DELIVERED, SCALE_OUT_OF = 17, 20
# An open order has reached 1 to SCALE_MAX_REACHED steps; it has their events, the event
# of the next step (planned date only) and the handover's (an expected date).
SCALE_MAX_REACHED = 12
SCALE_REASON = "production slot confirmed"


def scale_customers(env):
    """The scale orders' customers (the benchmark's own), created on the first run."""
    Partner = env["res.partner"].with_context(active_test=False)
    refs = [f"BENCH-SCALE-{n:03d}" for n in range(SCALE_CUSTOMERS)]
    existing = Partner.search([("ref", "in", refs)])
    missing = sorted(set(refs) - set(existing.mapped("ref")))
    return existing | Partner.create([{
        "name": f"Scale Customer {ref[-3:]}", "ref": ref,
        "email": f"scale{ref[-3:]}@bench.example.com",
    } for ref in missing])


def scale_steps(env):
    """The steps of CODES in route order, as SQL arrays (1-based in SQL)."""
    statuses = {s.code: s for s in env["vehicle.order.status"].search([])}
    steps = [statuses[code] for code in CODES]
    return {
        "st_ids": [s.id for s in steps], "st_seqs": [s.sequence for s in steps],
        "st_locs": [s.location_id.id or None for s in steps],
        "st_phases": [s.phase for s in steps], "st_codes": CODES,
        # The furthest customer-visible step among the first i + 1 (1-based: i + 1).
        "st_visible": [max(j for j in range(i + 1) if steps[j].customer_visible) + 1
                       for i in range(len(steps))],
        "offsets": SCALE_OFFSETS,
    }


SCALE_PLAN_SQL = """
CREATE TEMP TABLE bench_scale_plan ON COMMIT DROP AS
SELECT k, %(prefix)s || lpad(k::text, 7, '0') AS name,
       k %% %(out_of)s < %(delivered)s AS delivered,
       1 + (k * 7) %% %(max_reached)s AS reached,
       (%(outlets)s::int4[])[1 + k %% %(n_outlets)s] AS outlet_id,
       (%(companies)s::int4[])[1 + k %% %(n_outlets)s] AS company_id,
       (%(partners)s::int4[])[1 + k %% %(n_partners)s] AS partner_id,
       (%(commercials)s::int4[])[1 + k %% %(n_partners)s] AS commercial_partner_id
  FROM generate_series(%(first)s, %(last)s) k;
ALTER TABLE bench_scale_plan ADD order_date date, ADD status_index int, ADD visible_index int,
      ADD eta_date date;
UPDATE bench_scale_plan
   SET order_date = CASE WHEN delivered THEN %(today)s::date - 80 - (k * 13) %% 700
                    ELSE %(today)s::date - (%(offsets)s::int4[])[reached] - 1 - k %% 4 END,
       status_index = CASE WHEN delivered THEN 15 ELSE reached END;
UPDATE bench_scale_plan
   SET visible_index = (%(st_visible)s::int4[])[status_index],
       eta_date = order_date + 76 + CASE WHEN delivered THEN 0 ELSE k %% 9 END;
"""

SCALE_ORDERS_SQL = """
INSERT INTO vehicle_order (
    name, partner_id, commercial_partner_id, outlet_id, company_id, vehicle_model, state,
    order_date, status_id, status_date, customer_status_id, current_location_id, phase,
    eta_date, eta_reason, planned_handover_date, delay_days, is_delayed, delivery_date,
    notified_status_id, notified_eta_date, customer_update_due, open_task_count, is_blocked,
    create_uid, write_uid, create_date, write_date)
SELECT p.name, p.partner_id, p.commercial_partner_id, p.outlet_id, p.company_id,
       'Aurora Polaris 4', CASE WHEN p.delivered THEN 'delivered' ELSE 'open' END,
       p.order_date, (%(st_ids)s::int4[])[p.status_index],
       p.order_date + (%(offsets)s::int4[])[p.status_index],
       (%(st_ids)s::int4[])[p.visible_index], (%(st_locs)s::int4[])[p.visible_index],
       (%(st_phases)s::varchar[])[p.visible_index],
       p.eta_date, %(reason)s, p.order_date + 76, p.eta_date - (p.order_date + 76),
       NOT p.delivered AND p.eta_date > p.order_date + 76,
       CASE WHEN p.delivered THEN p.eta_date END,
       (%(st_ids)s::int4[])[p.visible_index], p.eta_date, false,
       CASE WHEN p.delivered THEN 0 ELSE 5 END,
       NOT p.delivered AND (%(st_phases)s::varchar[])[p.visible_index] = 'delivery',
       %(uid)s, %(uid)s, %(now)s, %(now)s
  FROM bench_scale_plan p
 ORDER BY p.k
"""

# Delivered orders: the 15 events; open ones: the steps reached, the next one (planned)
# and the handover (expected).
SCALE_EVENTS_SQL = """
INSERT INTO vehicle_order_event (
    order_id, company_id, status_id, status_sequence, source_system, external_id,
    planned_date, expected_date, actual_date, reason, create_uid, write_uid, create_date,
    write_date)
SELECT o.id, p.company_id, (%(st_ids)s::int4[])[i], (%(st_seqs)s::int4[])[i], 'BENCH',
       'S-' || p.name || '-' || (%(st_codes)s::varchar[])[i],
       p.order_date + (%(offsets)s::int4[])[i],
       CASE WHEN i = 15 AND NOT p.delivered THEN p.eta_date END,
       CASE WHEN p.delivered OR i <= p.reached THEN p.order_date + (%(offsets)s::int4[])[i] END,
       CASE WHEN i = 15 THEN %(reason)s END,
       %(uid)s, %(uid)s, %(now)s, %(now)s
  FROM bench_scale_plan p
  JOIN vehicle_order o ON o.name = p.name
 CROSS JOIN generate_series(1, 15) i
 WHERE p.delivered OR i <= p.reached + 1 OR i = 15
 ORDER BY o.id, i
"""

SCALE_TASKS_SQL = """
INSERT INTO vehicle_order_task (order_id, company_id, sequence, kind, state, due_date,
                                done_date, create_uid, write_uid, create_date, write_date)
SELECT o.id, p.company_id, t.seq - 1, t.kind,
       CASE WHEN p.delivered THEN 'done' ELSE 'todo' END, o.planned_handover_date - t.days,
       CASE WHEN p.delivered THEN o.delivery_date - 7 END, %(uid)s, %(uid)s, %(now)s, %(now)s
  FROM bench_scale_plan p
  JOIN vehicle_order o ON o.name = p.name
 CROSS JOIN unnest(%(kinds)s::varchar[], %(task_days)s::int4[])
       WITH ORDINALITY AS t(kind, days, seq)
"""

SCALE_ETA_SQL = """
INSERT INTO vehicle_order_eta_change (order_id, company_id, changed_at, new_date, shift_days,
                                      source, reason, event_id, create_uid, write_uid,
                                      create_date, write_date)
SELECT o.id, p.company_id, %(now)s, p.eta_date, 0, 'BENCH', %(reason)s, e.id,
       %(uid)s, %(uid)s, %(now)s, %(now)s
  FROM bench_scale_plan p
  JOIN vehicle_order o ON o.name = p.name
  JOIN vehicle_order_event e ON e.order_id = o.id AND e.status_id = (%(st_ids)s::int4[])[15]
"""


def scale_fill(env, size):
    """Fill the database up to ``size`` orders with set-based SQL: orders as the event
    logic leaves them (status, customer step, location, phase, ETA and its history, the
    customer told), their events, and their to-dos. Returns how many were added."""
    from odoo.addons.order_tracking.models.vehicle_order_task import (  # noqa: PLC0415
        TASK_DUE_DAYS,
        TASK_KINDS,
    )

    cr = env.cr
    cr.execute("SELECT count(*) FROM vehicle_order")
    missing = size - cr.fetchone()[0]
    if missing <= 0:
        return 0
    cr.execute("SELECT count(*) FROM vehicle_order WHERE name LIKE %s", [SCALE_PREFIX + "%"])
    first = cr.fetchone()[0]
    partners = scale_customers(env)
    # The demo outlets of the markets the demo feed key sees, their market consistent.
    outlets = env["dealer.outlet"].search([("company_id.parent_id", "!=", False)], order="id")
    env.flush_all()
    params = {
        **scale_steps(env), "prefix": SCALE_PREFIX, "first": first, "last": first + missing - 1,
        "out_of": SCALE_OUT_OF, "delivered": SCALE_DELIVERED,
        "max_reached": SCALE_MAX_REACHED, "today": date.today(),
        "outlets": outlets.ids, "companies": [outlet.company_id.id for outlet in outlets],
        "n_outlets": len(outlets),
        "partners": partners.ids, "commercials": [p.commercial_partner_id.id for p in partners],
        "n_partners": len(partners), "reason": SCALE_REASON, "uid": env.uid, "now": cr.now(),
        "kinds": [kind for kind, _label in TASK_KINDS],
        "task_days": [TASK_DUE_DAYS.get(kind, 0) for kind, _label in TASK_KINDS],
    }
    for what, query in (("plan", SCALE_PLAN_SQL), ("orders", SCALE_ORDERS_SQL),
                        ("events", SCALE_EVENTS_SQL), ("to-dos", SCALE_TASKS_SQL),
                        ("ETA history", SCALE_ETA_SQL)):
        started = time.perf_counter()
        cr.execute(query, params)
        print(f"    fill {what:12s}: {cr.rowcount:9d} rows {time.perf_counter() - started:6.1f} s",
              flush=True)
    return missing


def scale_feed_rows(env, run, count):
    """3 events for each of ``count`` open orders taken at random: the next step reached
    (its event was planned: an update), the step after planned (a new event), the handover
    moved by a few days with a reason (an update, an ETA history line)."""
    today = date.today()
    env.cr.execute(
        """SELECT o.name, o.order_date, o.eta_date, s.code
             FROM vehicle_order o JOIN vehicle_order_status s ON s.id = o.status_id
            WHERE o.name LIKE %s AND o.state = 'open' AND s.code = ANY(%s)
            ORDER BY random() LIMIT %s""",
        [SCALE_PREFIX + "%", CODES[:SCALE_MAX_REACHED + 1], count],
    )
    rows = []
    for number, (name, order_date, eta_date, code) in enumerate(env.cr.fetchall()):
        step = CODES.index(code) + 1
        planned = order_date + timedelta(days=SCALE_OFFSETS[step])
        rows.append({"order": name, "status": CODES[step], "planned_date": planned.isoformat(),
                     "actual_date": min(planned, today).isoformat(),
                     "external_id": f"{run}-{name}-{CODES[step]}"})
        if step + 1 < len(CODES) - 1:
            rows.append({
                "order": name, "status": CODES[step + 1],
                "planned_date": (order_date + timedelta(days=SCALE_OFFSETS[step + 1] + 2))
                .isoformat(), "external_id": f"{run}-{name}-{CODES[step + 1]}",
            })
        rows.append({"order": name, "status": "V999",
                     "expected_date": (eta_date + timedelta(days=3 + number % 5)).isoformat(),
                     "reason": "port congestion", "external_id": f"{run}-{name}-V999"})
    return rows


def scale_feed(args, registry, session):
    """One timed feed of new events for orders already in the database."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    run = f"BENCHS{time.time_ns() // 1000}"
    with registry.cursor() as cr:
        rows = scale_feed_rows(api.Environment(cr, SUPERUSER_ID, {}), run, args.scale_orders)
        cr.execute("SELECT coalesce(max(id), 0) FROM vehicle_order_ingestion")
        last_ingestion = cr.fetchone()[0]
    seconds, counts = post_batches(session, args, rows)
    assert counts["accepted"] == len(rows), f"{counts} of {len(rows)}"
    with registry.cursor() as cr:
        cr.execute("SELECT avg(duration_ms), max(duration_ms) FROM vehicle_order_ingestion "
                   "WHERE id > %s", [last_ingestion])
        mean_ms, max_ms = cr.fetchone()
    print(f"    feed: {len(rows)} events in {seconds:6.2f} s  {len(rows) / seconds:7.0f} "
          f"events/s (target >= {TARGET_EVENTS_PER_S}); server time per batch of "
          f"{args.batch}: mean {mean_ms:.0f} ms, max {max_ms} ms; load {loadavg()}",
          flush=True)
    return len(rows) / seconds


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def bench_scale(args, registry):
    """(c) For each size: fill up to it, VACUUM ANALYZE, then time feeds that move open
    orders already in the database on (no deliveries: no courtesy cases planned)."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    session = requests.Session()
    for size in sorted(args.scale):
        print(f"(c) at scale: {size} orders", flush=True)
        started = time.perf_counter()
        with registry.cursor() as cr:
            added = scale_fill(api.Environment(cr, SUPERUSER_ID, {}), size)
            cr.commit()
        vacuum_analyze(registry)
        with registry.cursor() as cr:
            cr.execute("SELECT (SELECT count(*) FROM vehicle_order), "
                       "(SELECT count(*) FROM vehicle_order_event)")
            orders, events = cr.fetchone()
        print(f"    {orders} orders, {events} events ({added} orders added, "
              f"{time.perf_counter() - started:.0f} s with VACUUM ANALYZE)", flush=True)
        warm_workers(session, args)
        rates = [scale_feed(args, registry, session) for _round in range(args.scale_rounds)]
        print(f"    {size} orders: {' / '.join(f'{rate:.0f}' for rate in rates)} events/s")


def login(url, db, user):
    session = requests.Session()
    response = session.post(f"{url}/web/session/authenticate", timeout=60, json={
        "jsonrpc": "2.0", "params": {"db": db, "login": user, "password": user},
    })
    response.raise_for_status()
    assert response.json().get("result", {}).get("uid"), f"login {user} failed"
    return session


def run_client(args, user, order_id, ready, shared):
    """One portal client: log in, warm both pages, wait for the others, then time."""
    timings, lock, errors = shared
    pages = {"order": f"{args.url}/my/orders/{order_id}", "home": f"{args.url}/my/home"}
    session = None
    try:
        session = login(args.url, args.db, user)
        for url in pages.values():
            session.get(url, timeout=300)
    except Exception as error:  # noqa: BLE001 - report and go on
        errors.append((user, repr(error)))
    ready.wait()
    if session is None:
        return
    for round_ in range(args.requests):
        # Alternate which page goes first.
        for page in (("order", "home") if round_ % 2 else ("home", "order")):
            started = time.perf_counter()
            try:
                response = session.get(pages[page], timeout=300)
            except Exception as error:  # noqa: BLE001 - report and go on
                errors.append((user, repr(error)))
                continue
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                errors.append((user, pages[page], response.status_code))
            with lock:
                timings[page].append(elapsed)


def bench_customers(env):
    """{login: one of its order ids} for the benchmark's portal customers, created with
    their orders and events on the first run (login = password, as demo users)."""
    from odoo import Command  # noqa: PLC0415

    Users = env["res.users"].with_context(no_reset_password=True, active_test=False)
    logins = [f"bench_customer_{n:02d}" for n in range(BENCH_CUSTOMERS)]
    existing = Users.search([("login", "in", logins)])
    missing = sorted(set(logins) - set(existing.mapped("login")))
    users = existing | Users.create([{
        "name": login.replace("_", " ").title(), "login": login, "password": login,
        "email": f"{login}@bench.example.com",
        "group_ids": [Command.set([env.ref("base.group_portal").id])],
    } for login in missing])
    Order = env["vehicle.order"]
    owned = Order.search([("partner_id", "in", users.partner_id.ids)])
    new_users = users.filtered(lambda u: u.partner_id not in owned.partner_id)
    for user in new_users:
        orders = create_orders(env, f"BENCHP-{user.login}", BENCH_ORDERS_PER_CUSTOMER,
                               user.partner_id)
        statuses = {s.code: s.id for s in env["vehicle.order.status"].search([])}
        Event = env["vehicle.order.event"]
        Event._upsert([Event._normalize_vals({
            "order_id": orders.filtered(lambda o, n=row["order"]: o.name == n).id,
            "status_id": statuses[row["status"]], "source_system": "BENCH",
            "external_id": row["external_id"], "planned_date": row["planned_date"],
            "actual_date": row.get("actual_date", False),
            "expected_date": row.get("expected_date", False),
        }) for row in event_rows(orders.mapped("name"), f"BENCHP-{user.login}")])
        owned |= orders
    return {
        user.login: owned.filtered(lambda o, u=user: o.partner_id == u.partner_id)[:1].id
        for user in users
    }


def bench_portal(args, registry):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        order_of = bench_customers(env)
        cr.commit()
    customers = sorted(order_of)
    timings = {"order": [], "home": []}
    lock = threading.Lock()
    errors = []
    # Every client logs in and loads both pages once before the timed rounds start
    # together: the login storm must not be charged to whichever page comes first.
    ready = threading.Barrier(args.clients)

    def client(index):
        user = customers[index % len(customers)]
        run_client(args, user, order_of[user], ready, (timings, lock, errors))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    def p95(values):
        return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)

    print(f"(b) portal: {args.clients} concurrent clients, {args.requests} rounds each, "
          f"{wall:.1f} s, errors: {len(errors)} {errors[:3]}")
    for page in ("order", "home"):
        values = timings[page]
        print(f"    {page:5s}: n={len(values)} p50={statistics.median(values) * 1000:6.0f} ms "
              f"p95={p95(values) * 1000:6.0f} ms")
    ratio = p95(timings["order"]) / p95(timings["home"])
    print(f"    p95 order page / p95 /my/home: {ratio:.2f} (target <= {TARGET_P95_RATIO})")


def main():
    args = parse_args()
    registry = open_registry(args.db)
    args.api_key = demo_api_key(registry)
    if args.deliveries:
        bench_deliveries(args, registry)
        return
    if args.scale:
        bench_scale(args, registry)
        return
    if not args.skip_ingestion:
        bench_ingestion(args, registry)
    if not args.skip_portal:
        bench_portal(args, registry)


if __name__ == "__main__":
    main()
