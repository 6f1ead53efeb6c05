#!/usr/bin/env python3
"""Benchmarks of cx_cases.

(a) mail: N real MIME emails (new requests and threaded replies, some with an
    attachment) through Odoo's mail gateway (``mail.thread.message_process``, what the
    mailgate script calls) into a team alias, in one process: mails/s, target >= 40.
    With ``--helpdesk`` and OCA helpdesk_mgmt installed in the database, the same mails
    into a helpdesk_mgmt team alias, and the ratio (target >= 1.5).
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
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "odoo-test.conf"
TARGET_MAILS_PER_SECOND = 40.0
TARGET_CAMPAIGN_SECONDS = 120.0
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
    parser.add_argument("--http-port", type=int, default=8343)
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
    """Two thirds new requests, one third replies to an earlier one; every tenth has
    a small attachment."""
    mails, roots = [], []
    for index in range(count):
        msg = EmailMessage()
        sender = f"customer{index % 400}@{prefix}.example.org"
        msg["From"] = f"Customer {index % 400} <{sender}>"
        msg["To"] = alias
        msg["Message-ID"] = make_msgid(domain=f"{prefix}.example.org")
        if roots and index % 3 == 2:
            parent = roots[(index * 7) % len(roots)]
            msg["Subject"] = "Re: my request"
            msg["In-Reply-To"] = parent
            msg["References"] = parent
        else:
            msg["Subject"] = f"Request {index}: charging cable does not lock"
            roots.append(msg["Message-ID"])
        msg.set_content("Hello,\n\nthe cable does not lock since Monday.\n\nRegards")
        msg.add_alternative("<p>Hello,</p><p>the cable <b>does not lock</b>.</p>",
                            subtype="html")
        if index % 10 == 0:
            msg.add_attachment(b"\xff\xd8\xff\xe0" + os.urandom(2048), maintype="image",
                               subtype="jpeg", filename="photo.jpg")
        mails.append(msg.as_bytes())
    return mails


def run_mails(env, mails, model_label):
    Thread = env["mail.thread"]
    started = time.perf_counter()
    for raw in mails:
        Thread.message_process(None, raw)
    env.cr.commit()
    seconds = time.perf_counter() - started
    rate = len(mails) / seconds
    print(f"  {model_label}: {len(mails)} mails in {seconds:.1f} s = {rate:.1f} mails/s")
    return rate


def bench_mail(registry, args):
    env = environment(registry)
    domain = env["mail.alias.domain"].search([("name", "=", ALIAS_DOMAIN)], limit=1)
    if not domain:
        domain = env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
    env.company.alias_domain_id = domain
    stamp = str(int(time.time()))
    env["cx.case.team"].create({
        "name": f"Bench care {stamp}", "alias_name": f"care-{stamp}",
        "company_id": env.company.id,
    })
    env.cr.commit()
    print(f"(a) mail gateway, {args.mails} mails (2/3 new, 1/3 replies, 1/10 attachments)")
    mails = build_mails(args.mails, f"care-{stamp}@{ALIAS_DOMAIN}", f"cx{stamp}")
    before = env["cx.case"].search_count([])
    rate = run_mails(env, mails, "cx_cases")
    created = env["cx.case"].search_count([]) - before
    print(f"  cases created: {created}; target >= {TARGET_MAILS_PER_SECOND} mails/s: "
          f"{'OK' if rate >= TARGET_MAILS_PER_SECOND else 'MISSED'}")
    if args.helpdesk and "helpdesk.ticket" in env:
        hd_team = env["helpdesk.ticket.team"].create({
            "name": f"Bench helpdesk {stamp}", "alias_name": f"hd-{stamp}",
        })
        env.cr.commit()
        hd_mails = build_mails(args.mails, f"hd-{stamp}@{ALIAS_DOMAIN}", f"hd{stamp}")
        hd_rate = run_mails(env, hd_mails, "helpdesk_mgmt")
        print(f"  ratio cx_cases / helpdesk_mgmt: {rate / hd_rate:.2f} (target >= 1.5), "
              f"team {hd_team.name}")
    elif args.helpdesk:
        print("  helpdesk_mgmt is not installed in this database: no comparison")
    env.cr.close()


# (b) campaign --------------------------------------------------------------------------------

def ensure_customers(env, count):
    """Customers with a ref the campaign selects, inserted set-based (not timed)."""
    existing = env["res.partner"].search_count([("ref", "=like", "BENCH-%")])
    if existing < count:
        print(f"  generating {count - existing} customers...", flush=True)
        env.cr.execute("""
            INSERT INTO res_partner (name, complete_name, ref, email, email_normalized,
                                     active, type, is_company, create_date, write_date)
            SELECT 'Bench owner ' || n, 'Bench owner ' || n, 'BENCH-' || lpad(n::text, 6, '0'),
                   'owner' || n || '@owners.example.org', 'owner' || n || '@owners.example.org',
                   true, 'contact', false, now(), now()
              FROM generate_series(%s, %s) n
        """, (existing + 1, count))
        env.cr.execute("UPDATE res_partner SET commercial_partner_id = id "
                       "WHERE ref LIKE 'BENCH-%%' AND commercial_partner_id IS NULL")
        env.cr.commit()


def new_campaign(env, count, label):
    team = env["cx.case.team"].search([], limit=1)
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
    ensure_customers(env, args.customers)
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


def main():
    args = parse_args()
    if args.run_campaign:
        run_campaign_job(args.db, args.run_campaign)
        return
    if args.reset:
        recreate_database(args, "cx_cases,helpdesk_mgmt" if args.helpdesk else "cx_cases")
    registry = open_registry(args.db)
    if not args.skip_mail:
        bench_mail(registry, args)
    if not args.skip_campaign:
        bench_campaign(registry, args)


if __name__ == "__main__":
    main()
