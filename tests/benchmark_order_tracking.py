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
        key = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"].get_param(
            DEMO_API_KEY_PARAM
        )
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
    for _warm in range(4):
        session.post(f"{args.url}/order_tracking/api/events", json={"events": []},
                     headers={"Authorization": f"Bearer {args.api_key}"},
                     timeout=60).raise_for_status()
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
    # Warm the workers (registry, route map) with batches of nothing: whichever worker
    # takes a timed request has served one before.
    for _warm in range(4):
        session.post(f"{args.url}/order_tracking/api/events", json={"events": []},
                     headers={"Authorization": f"Bearer {args.api_key}"},
                     timeout=60).raise_for_status()
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
    if not args.skip_ingestion:
        bench_ingestion(args, registry)
    if not args.skip_portal:
        bench_portal(args, registry)


if __name__ == "__main__":
    main()
