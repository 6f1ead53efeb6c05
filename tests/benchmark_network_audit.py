#!/usr/bin/env python3
"""Benchmark of network_audit at network scale.

Fills a database where network_audit is installed (without demo data) with N outlets,
M monthly audits each and L answers per audit (2,000 x 12 x 150 = 3.6 million answers by
default), then measures:

(a) the monthly rating run: the validated audit scores of the latest month pushed into
    dealer_profile's KPIs (``network.audit._push_kpi_values``) and the stars and ranks
    of all outlets recomputed (``dealer.outlet.rating._recompute_months``), target <= 5 s;
(b) rescoring one audit after one answer changed, target <= 5 queries (cold cache: a new
    request of a running server, ormcaches filled by a warm-up write);
(c) peak memory (RSS) and data generation time.

Small things (companies, standards, the program) go through the ORM; outlets, audits and
answers are written with set-based SQL, stored computed columns included, and checked
against the models' own scoring code on a sample. Measurements are rolled back, so that
runs on the same data are comparable.

    python3 tests/benchmark_network_audit.py --db na_bench --reset
    python3 tests/benchmark_network_audit.py --db na_bench --outlets 2000 --months 12 --lines 150
"""

import argparse
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config" / "odoo-test.conf"
MARKER = "network_audit.benchmark"
TARGET_RATING_SECONDS = 5.0
TARGET_RESCORE_QUERIES = 5
SECTIONS = 10
MARKETS_PER_REGION = 4
REGIONS = ("Bench Europe", "Bench Asia-Pacific", "Bench North America")
# (kind, sales model, share of the network)
OUTLET_MIX = (
    ("space", "agency", 50), ("dealership", "dealership", 30),
    ("service_point", "agency", 10), ("handover", "agency", 10),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="na_bench")
    parser.add_argument("--outlets", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--lines", type=int, default=150, help="answers per audit")
    parser.add_argument("--reset", action="store_true",
                        help="drop and recreate the database, install network_audit")
    parser.add_argument("--http-port", type=int, default=8770,
                        help="port given to the install subprocess (it serves nothing)")
    parser.add_argument("--show-queries", action="store_true",
                        help="print the SQL of the rescoring and a per-table summary of (a)")
    args = parser.parse_args()
    if min(args.outlets, args.months, args.lines) < 1:
        parser.error("--outlets, --months and --lines must be positive")
    return args


# Database and Odoo bootstrap ------------------------------------------------------------

def odoo_addons_path():
    # Imported late: --help works without Odoo. base lives in the core addons folder.
    import odoo.addons.base  # noqa: PLC0415

    core = Path(odoo.addons.base.__file__).resolve().parent.parent
    return f"{REPO / 'addons'},{core}"


def pg_args(config):
    args = []
    for option, flag in (("db_host", "-h"), ("db_port", "-p"), ("db_user", "-U")):
        if config.get(option):
            args += [flag, str(config[option])]
    return args


def database_exists(config, db):
    out = subprocess.run(
        ["psql", *pg_args(config), "-d", "postgres", "-Atc",
         f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        check=True, capture_output=True, text=True,
    ).stdout
    return out.strip() == "1"


def recreate_database(config, args):
    """dropdb, createdb and install network_audit (without demo data) in a subprocess."""
    print(f"Recreating database {args.db} and installing network_audit...", flush=True)
    subprocess.run(["dropdb", *pg_args(config), "--if-exists", args.db], check=True)
    subprocess.run(["createdb", *pg_args(config), args.db], check=True)
    odoo_bin = shutil.which("odoo") or "/opt/odoo/odoo-bin"
    started = time.perf_counter()
    subprocess.run(
        [odoo_bin, "-c", str(CONFIG), f"--addons-path={odoo_addons_path()}", "-d", args.db,
         "-i", "network_audit", "--stop-after-init", "--log-level=warn",
         f"--http-port={args.http_port}", f"--gevent-port={args.http_port + 3}"],
        check=True, cwd="/tmp",
    )
    return time.perf_counter() - started


def open_registry(db):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", str(CONFIG), f"--addons-path={odoo_addons_path()}",
                         "--log-level=warn"], setup_logging=True)
    return Registry(db)


def odoo_config():
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", str(CONFIG), "--log-level=warn"], setup_logging=False)
    return config


# Measuring helpers ----------------------------------------------------------------------

class Meter:
    """Wall time and query count of a block: ``with Meter(cr) as m: ...; m.seconds``."""

    def __init__(self, cr):
        self.cr = cr
        self.seconds = 0.0
        self.queries = 0

    def __enter__(self):
        self._start = time.perf_counter()
        self._queries = self.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self.queries = self.cr.sql_log_count - self._queries


class _QueryCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        message = record.getMessage()
        if "query:" in message:
            self.queries.append(message.split("query:", 1)[1].strip())


@contextmanager
def collect_queries(enabled):
    """The SQL run inside the block (odoo.sql_db logs each query at debug level)."""
    collector = _QueryCollector()
    logger = logging.getLogger("odoo.sql_db")
    level, propagate = logger.level, logger.propagate
    if enabled:
        logger.addHandler(collector)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False  # collected, not printed as they run
    try:
        yield collector.queries
    finally:
        if enabled:
            logger.removeHandler(collector)
            logger.setLevel(level)
            logger.propagate = propagate


def table_summary(queries):
    counter = Counter()
    for query in queries:
        words = query.replace('"', " ").split()
        verb = words[0].upper() if words else "?"
        keyword = {"SELECT": "FROM", "UPDATE": "UPDATE", "INSERT": "INTO", "DELETE": "FROM"}
        table = "?"
        if verb in keyword and keyword[verb] in (w.upper() for w in words):
            upper = [w.upper() for w in words]
            index = upper.index(keyword[verb])
            table = words[index + 1] if verb != "UPDATE" else words[1]
        counter[f"{verb} {table}"] += 1
    return counter


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# Data generation: ORM part --------------------------------------------------------------

def months_back(today, count):
    """First days of the ``count`` full months before today's month, oldest first."""
    first = today.replace(day=1)
    result = []
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        result.append(first)
    return result[::-1]


def create_network(env):
    """3 regions x 4 markets under the main company."""
    Company = env["res.company"]
    main = env.ref("base.main_company")
    markets = Company.browse()
    for index, name in enumerate(REGIONS):
        region = Company.create({"name": name, "parent_id": main.id})
        markets |= Company.create([
            {"name": f"{name} market {n}", "parent_id": region.id}
            for n in range(1, MARKETS_PER_REGION + 1)
        ])
        print(f"  region {index + 1}/{len(REGIONS)} created", flush=True)
    env.user.company_ids |= markets | markets.parent_id
    return markets


def create_standards(env, count):
    """``count`` standards cycling through the answer types, unrestricted (each applies to
    every outlet, so every audit gets exactly ``count`` lines)."""
    categories = env["network.audit.category"].search([])
    vals_list = []
    for n in range(1, count + 1):
        vals = {
            "code": f"BENCH-{n:03d}",
            "name": f"Benchmark standard {n}",
            "category_id": categories[n % len(categories)].id,
            "requirement": f"<p>Requirement {n}.</p>",
            "guidance": f"<p>Guidance {n}.</p>",
            "weight": 1 + n % 3,
            "criticality": "critical" if n % 25 == 0 else ("major" if n % 3 == 0 else "minor"),
            "evidence_rule": ("never", "on_failure", "never", "always")[n % 4],
        }
        kind = n % 5
        if kind == 0:
            vals["answer_type"] = "yes_no"
        elif kind == 1:
            vals.update(answer_type="scale", pass_score=60)
        elif kind == 2:
            vals.update(answer_type="numeric", numeric_target=100, pass_score=80)
        elif kind == 3:
            vals.update(answer_type="numeric", numeric_target=60,
                        numeric_higher_is_better=False, pass_score=100)
        else:
            vals.update(answer_type="choice", pass_score=60, option_ids=[
                (0, 0, {"sequence": 1, "name": "Fully", "score": 100}),
                (0, 0, {"sequence": 2, "name": "Partly", "score": 60}),
                (0, 0, {"sequence": 3, "name": "Not at all", "score": 0}),
            ])
        vals_list.append(vals)
    return env["network.audit.standard"].create(vals_list)


def create_program(env, standards):
    per_section = -(-len(standards) // SECTIONS)
    program = env["network.audit.program"].create({
        "name": "Benchmark: monthly process audit",
        "company_id": env.ref("base.main_company").id,
        "audit_type": "process",
        "frequency": "monthly",
        "pass_threshold": 80,
        "section_ids": [
            (0, 0, {
                "sequence": n + 1,
                "name": f"Section {n + 1}",
                "standard_ids": [(6, 0, standards[n * per_section:(n + 1) * per_section].ids)],
            })
            for n in range(SECTIONS)
            if standards[n * per_section:(n + 1) * per_section]
        ],
    })
    program.action_start()
    return program


def create_auditor(env, markets):
    return env["res.users"].create({
        "name": "Benchmark Auditor",
        "login": "bench_auditor",
        "company_id": markets[0].id,
        "company_ids": [(6, 0, markets.ids)],
        "group_ids": [(6, 0, [env.ref("base.group_user").id,
                              env.ref("network_audit.group_audit_auditor").id])],
    })


# Data generation: bulk SQL part ---------------------------------------------------------

def check_columns(cr, table, columns):
    """Refuse to bulk-load when the model gained a NOT NULL column this script does not
    fill: better a clear message than rows the ORM cannot read."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
        [table],
    )
    missing = {row[0] for row in cr.fetchall()} - set(columns)
    if missing:
        sys.exit(f"{table} has required columns the benchmark does not fill: {sorted(missing)}; "
                 "update tests/benchmark_network_audit.py.")


OUTLET_COLUMNS = (
    "name", "code", "company_id", "region_id", "kind", "operator_type", "sales_model",
    "partner_id", "state", "active", "activation_date", "user_id", "color",
    "create_uid", "write_uid", "create_date", "write_date",
)


def insert_outlets(cr, markets, count, today):
    check_columns(cr, "dealer_outlet", OUTLET_COLUMNS)
    cr.execute("CREATE TEMP TABLE bench_market (n int, company_id int, region_id int)")
    cr.execute(
        "INSERT INTO bench_market VALUES " + ",".join(["(%s, %s, %s)"] * len(markets)),
        [v for n, m in enumerate(markets) for v in (n, m.id, m.network_region_id.id)],
    )
    mix_cases, bound = [], 0
    for kind, sales_model, share in OUTLET_MIX:
        bound += share
        mix_cases.append((bound, kind, sales_model))
    kind_sql = " ".join(f"WHEN g %% 100 < {b} THEN '{k}'" for b, k, _s in mix_cases)
    model_sql = " ".join(f"WHEN g %% 100 < {b} THEN '{s}'" for b, _k, s in mix_cases)
    cr.execute(f"""
        CREATE TEMP TABLE bench_outlet AS
        SELECT g AS n, 'B' || lpad(g::text, 6, '0') AS code,
               'Bench Outlet ' || lpad(g::text, 6, '0') AS name,
               m.company_id, m.region_id,
               CASE {kind_sql} END AS kind, CASE {model_sql} END AS sales_model
          FROM generate_series(1, %s) g
          JOIN bench_market m ON m.n = g %% %s
    """, [count, len(markets)])
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, ref, company_id, is_company, active, type,
                                 partner_share, create_uid, write_uid, create_date, write_date)
        SELECT name, name, code, company_id, true, true, 'contact', true, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM bench_outlet ORDER BY n
    """)
    cr.execute("""UPDATE res_partner SET commercial_partner_id = id
                   WHERE commercial_partner_id IS NULL AND ref LIKE 'B%'""")
    cr.execute(f"""
        INSERT INTO dealer_outlet ({', '.join(OUTLET_COLUMNS)})
        SELECT b.name, b.code, b.company_id, b.region_id, b.kind, 'brand', b.sales_model,
               p.id, 'active', true, %s, 2, b.n %% 12, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM bench_outlet b
          JOIN res_partner p ON p.ref = b.code AND p.company_id = b.company_id
         ORDER BY b.n
    """, [today - timedelta(days=500)])
    return cr.rowcount


AUDIT_COLUMNS = (
    "name", "active", "outlet_id", "company_id", "region_id", "outlet_kind", "program_id",
    "audit_type", "pass_threshold", "period_start", "date", "month", "state",
    "validated_by_id", "validation_date", "create_uid", "write_uid", "create_date",
    "write_date", "has_conditional_lines",
)


def insert_audits(cr, program, auditor, months):
    check_columns(cr, "network_audit", AUDIT_COLUMNS)
    cr.execute(f"""
        INSERT INTO network_audit ({', '.join(AUDIT_COLUMNS)})
        SELECT 'AUD/BENCH/' || to_char(m.month, 'YYYY-MM') || '/' || o.code, true, o.id,
               o.company_id, o.region_id, o.kind, %(program)s, 'process', 80, m.month,
               m.month + 14, m.month, 'validated', %(auditor)s, m.month + 17,
               %(auditor)s, %(auditor)s, m.month + 14, m.month + 17, false
          FROM unnest(%(months)s::date[]) AS m(month)
         CROSS JOIN dealer_outlet o
         WHERE o.code LIKE 'B%%'
         ORDER BY m.month, o.id
    """, {"program": program.id, "auditor": auditor.id, "months": months})
    count = cr.rowcount
    auditors = program.env["network.audit"]._fields["auditor_ids"]
    cr.execute(f"""
        INSERT INTO {auditors.relation} ({auditors.column1}, {auditors.column2})
        SELECT id, %s FROM network_audit WHERE program_id = %s
    """, [auditor.id, program.id])
    return count


def create_standard_table(cr, program):
    """bench_std: one row per line of an audit, with what the answers need."""
    rows = []
    sequence = 0
    for section in program.section_ids:
        for standard in section.standard_ids:
            sequence += 1
            options = standard.option_ids.sorted("score")
            passing = options.filtered(lambda o, s=standard: o.score >= s.pass_score)
            rows.append((
                sequence, standard.id, section.id, section.name, standard.answer_type,
                standard.numeric_target or 1.0, standard.numeric_higher_is_better,
                standard.pass_score, standard.weight, standard.criticality,
                standard.category_id.id,
                passing[-1:].id or None, passing[-1:].score or 0.0,
                options[:1].id or None, options[:1].score or 0.0,
            ))
    cr.execute("""
        CREATE TEMP TABLE bench_std (
            seq int, standard_id int, section_id int, section_name varchar,
            answer_type varchar, target float8, higher bool, pass_score float8,
            weight float8, criticality varchar, category_id int,
            pass_option int, pass_option_score float8, fail_option int,
            fail_option_score float8)
    """)
    cr.execute(
        "INSERT INTO bench_std VALUES " + ",".join(["(" + ",".join(["%s"] * 15) + ")"] * len(rows)),
        [v for row in rows for v in row],
    )
    return len(rows)


LINE_COLUMNS = (
    "audit_id", "company_id", "region_id", "outlet_id", "month", "program_id", "section_id",
    "section_name", "sequence", "standard_id", "category_id", "criticality", "weight",
    "answer_yes_no", "answer_scale", "answer_numeric", "numeric_answered", "option_id",
    "not_applicable", "is_skipped", "is_na", "is_answered", "score", "is_failed", "compliance",
    "create_uid", "write_uid", "create_date", "write_date",
)

# Deterministic pseudo-random answers: r decides pass or fail, r2 the value. The outlet's
# quality (0.6..0.98) makes some outlets pass and others fail; critical standards rarely
# fail. Scores follow network.audit.standard._score_answer exactly.
LINES_SQL = f"""
INSERT INTO network_audit_line ({', '.join(LINE_COLUMNS)})
SELECT a.id, a.company_id, a.region_id, a.outlet_id, a.month, a.program_id, s.section_id,
       s.section_name, s.seq, s.standard_id, s.category_id, s.criticality, s.weight,
       v.yes_no, v.scale, v.num, s.answer_type = 'numeric', v.option_id, false, false,
       sc.is_na, true, sc.score, sc.failed,
       CASE WHEN NOT sc.is_na AND NOT sc.failed THEN 100.0 ELSE 0.0 END,
       a.create_uid, a.create_uid, a.create_date, a.create_date
  FROM network_audit a
 CROSS JOIN bench_std s
 CROSS JOIN LATERAL (
        SELECT (a.id::bigint * 2654435761 + s.seq * 97531 + 12345) %% 2147483647 AS h,
               0.6 + 0.38 * ((a.outlet_id * 7919) %% 1000) / 1000.0 AS quality) h
 CROSS JOIN LATERAL (
        SELECT h.h / 2147483647.0 AS r,
               ((h.h * 48271) %% 2147483647) / 2147483647.0 AS r2,
               h.h / 2147483647.0 < (1 - h.quality)
                   * CASE WHEN s.criticality = 'critical' THEN 0.1 ELSE 0.9 END AS fail) r
 CROSS JOIN LATERAL (
        SELECT CASE WHEN s.answer_type <> 'yes_no' THEN NULL
                    WHEN s.criticality <> 'critical' AND r.r2 > 0.98 THEN 'na'
                    WHEN r.fail THEN 'no' ELSE 'yes' END AS yes_no,
               CASE WHEN s.answer_type <> 'scale' THEN NULL
                    WHEN r.fail THEN floor(r.r2 * 3)::int::text
                    ELSE (3 + floor(r.r2 * 3))::int::text END AS scale,
               CASE WHEN s.answer_type <> 'numeric' THEN 0.0
                    WHEN s.higher AND r.fail
                         THEN floor(s.target * (0.45 + r.r2 * (s.pass_score / 100.0 - 0.5)))
                    WHEN s.higher
                         THEN ceil(s.target * (s.pass_score / 100.0
                                               + r.r2 * (1 - s.pass_score / 100.0)))
                    WHEN r.fail THEN ceil(s.target * 100.0 / s.pass_score * (1.3 + 1.7 * r.r2))
                    ELSE floor(s.target * 100.0 / s.pass_score * (0.3 + 0.7 * r.r2))
               END AS num,
               CASE WHEN s.answer_type <> 'choice' THEN NULL
                    WHEN r.fail THEN s.fail_option ELSE s.pass_option END AS option_id) v
 CROSS JOIN LATERAL (
        SELECT v.yes_no IS NOT DISTINCT FROM 'na' AS is_na,
               CASE s.answer_type
                    WHEN 'yes_no' THEN CASE WHEN v.yes_no = 'yes' THEN 100.0 ELSE 0.0 END
                    WHEN 'scale' THEN 20.0 * v.scale::int
                    WHEN 'numeric' THEN round((100.0 * greatest(0.0, least(1.0,
                        CASE WHEN s.higher THEN v.num / s.target
                             WHEN v.num > 0 THEN s.target / v.num ELSE 1.0 END)))::numeric, 2)
                    ELSE CASE WHEN r.fail THEN s.fail_option_score
                              ELSE s.pass_option_score END
               END AS raw_score) raw
 CROSS JOIN LATERAL (
        SELECT raw.is_na AS is_na,
               CASE WHEN raw.is_na THEN 0.0 ELSE raw.raw_score END AS score,
               NOT raw.is_na AND raw.raw_score < s.pass_score AS failed) sc
 WHERE a.program_id = %(program)s AND a.month = %(month)s
"""

# network.audit._compute_score / network.audit.line._score_totals, set-based.
AUDIT_TOTALS_SQL = """
UPDATE network_audit a
   SET score = t.score, answered_count = t.answered, line_count = t.count,
       failed_count = t.failed, critical_failed = t.critical_failed,
       progress = CASE WHEN t.count > 0 THEN 100.0 * t.answered / t.count ELSE 0 END,
       result = CASE WHEN t.answered = 0 THEN NULL
                     WHEN t.critical_failed THEN 'fail'
                     WHEN t.score >= a.pass_threshold THEN 'pass' ELSE 'fail' END
  FROM (
        SELECT audit_id,
               coalesce(round((sum(weight * score) FILTER (WHERE is_answered AND NOT is_na)
                         / nullif(sum(weight) FILTER (WHERE is_answered AND NOT is_na), 0)
                        )::numeric, 1), 0) AS score,
               count(*) FILTER (WHERE is_answered) AS answered,
               count(*) AS count,
               count(*) FILTER (WHERE is_answered AND NOT is_na AND is_failed) AS failed,
               coalesce(bool_or(is_failed AND criticality = 'critical'), false)
                   AS critical_failed
          FROM network_audit_line
         WHERE program_id = %(program)s
         GROUP BY audit_id
       ) t
 WHERE a.id = t.audit_id
"""


@contextmanager
def bulk_load(cr, table):
    """Load without per-row foreign key triggers and with the secondary indexes built
    once at the end (about 3x faster for millions of rows). Same transaction: a failure
    rolls the index drop back too."""
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = cr.fetchone()[0]
    if superuser:
        cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute(
        """SELECT indexname, indexdef FROM pg_indexes
            WHERE tablename = %s AND indexname NOT LIKE '%%pkey'""",
        [table],
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cr.execute(definition)
    if superuser:
        cr.execute("SET LOCAL session_replication_role = origin")


def insert_lines(cr, program, months):
    check_columns(cr, "network_audit_line", LINE_COLUMNS)
    total = 0
    with bulk_load(cr, "network_audit_line"):
        for index, month in enumerate(months, start=1):
            started = time.perf_counter()
            cr.execute(LINES_SQL, {"program": program.id, "month": month})
            total += cr.rowcount
            print(f"  month {index}/{len(months)} ({month:%Y-%m}): {total:,} answers, "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        cr.execute(AUDIT_TOTALS_SQL, {"program": program.id})
        print(f"  audit totals: {time.perf_counter() - started:.1f} s; rebuilding the answer "
              "indexes...", flush=True)
    return total


def insert_kpi_values(cr, months, program):
    """The other KPIs of every outlet and month, and the audit KPI of every month but the
    one measured (that one is pushed by measurement (a)). ``valid_until`` is stored
    computed: without it no value would count in any rating."""
    cr.execute("""
        INSERT INTO dealer_kpi_value (outlet_id, kpi_id, month, value, source, company_id,
                                      region_id, kind, validity_months, valid_until,
                                      create_uid, write_uid, create_date, write_date)
        SELECT o.id, k.id, m.month,
               round((k.target * CASE WHEN k.higher_is_better
                        THEN 0.5 + ((o.id * 31 + k.id * 17 + extract(month FROM m.month)::int)
                                    %% 60) / 100.0
                        ELSE 1.0 / (0.5 + ((o.id * 31 + k.id * 17) %% 60) / 100.0) END
                     )::numeric, 1),
               'benchmark', o.company_id, o.region_id, o.kind, 0,
               (m.month + make_interval(months => greatest(k.validity_months, 1) - 1))::date,
               1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM dealer_outlet o
         CROSS JOIN dealer_kpi k
         CROSS JOIN unnest(%(months)s::date[]) AS m(month)
         WHERE o.code LIKE 'B%%' AND k.code NOT LIKE 'audit_%%'
    """, {"months": months})
    count = cr.rowcount
    cr.execute("""
        INSERT INTO dealer_kpi_value (outlet_id, kpi_id, month, value, source, company_id,
                                      region_id, kind, validity_months, valid_until,
                                      create_uid, write_uid, create_date, write_date)
        SELECT a.outlet_id, k.id, a.month, avg(a.score), 'network_audit', a.company_id,
               a.region_id, a.outlet_kind, 1, a.month, 1, 1, now() at time zone 'UTC',
               now() at time zone 'UTC'
          FROM network_audit a
          JOIN dealer_kpi k ON k.code = 'audit_' || a.audit_type
         WHERE a.program_id = %(program)s AND a.state = 'validated'
           AND a.month = ANY(%(months)s::date[])
         GROUP BY a.outlet_id, k.id, a.month, a.company_id, a.region_id, a.outlet_kind
    """, {"program": program.id, "months": months[:-1]})
    return count + cr.rowcount


def vacuum_analyze(db, tables):
    """Planner statistics and the visibility map of the bulk-loaded tables: autovacuum may
    be off (it is on the benchmark machine), and without them the measured plans are the
    ones of an empty database. VACUUM cannot run inside the transaction: psql runs it."""
    from odoo.tools import config  # noqa: PLC0415

    subprocess.run(
        ["psql", *pg_args(config), "-d", db, "-qc",
         "VACUUM ANALYZE " + ", ".join(tables)],
        check=True,
    )


def generate(env, args, today):
    cr = env.cr
    timings = {}
    months = months_back(today, args.months)
    started = time.perf_counter()
    print("Generating: companies, standards and program through the ORM...", flush=True)
    markets = create_network(env)
    standards = create_standards(env, args.lines)
    program = create_program(env, standards)
    auditor = create_auditor(env, markets)
    env.flush_all()
    timings["orm (companies, standards, program)"] = time.perf_counter() - started

    step = time.perf_counter()
    outlets = insert_outlets(cr, markets, args.outlets, today)
    audits = insert_audits(cr, program, auditor, months)
    create_standard_table(cr, program)
    timings["sql outlets and audits"] = time.perf_counter() - step
    print(f"  {outlets:,} outlets, {audits:,} audits", flush=True)

    step = time.perf_counter()
    lines = insert_lines(cr, program, months)
    timings["sql answers and audit totals"] = time.perf_counter() - step

    step = time.perf_counter()
    kpis = insert_kpi_values(cr, months, program)
    timings["sql kpi values"] = time.perf_counter() - step

    env["ir.config_parameter"].set_param(MARKER, json.dumps({
        "outlets": args.outlets, "months": args.months, "lines": args.lines,
        "program_id": program.id, "month": months[-1].isoformat(),
    }))
    step = time.perf_counter()
    cr.commit()
    vacuum_analyze(args.db, ("res_partner", "dealer_outlet", "network_audit",
                             "network_audit_line", "dealer_kpi_value"))
    timings["commit and vacuum analyze"] = time.perf_counter() - step
    env.invalidate_all()
    timings["total"] = time.perf_counter() - started
    print(f"  {lines:,} answers, {kpis:,} KPI values", flush=True)
    return timings, {"outlets": outlets, "audits": audits, "lines": lines, "kpis": kpis}


# Consistency ----------------------------------------------------------------------------

def check_consistency(env, program, month, samples=3):
    """The SQL-generated stored values equal what the models compute."""
    audits = env["network.audit"].search(
        [("program_id", "=", program.id), ("month", "=", month)], limit=samples, order="id"
    )
    problems = []
    for audit in audits:
        for line in audit.line_ids:
            expected = 0.0 if line.is_na else line.standard_id._score_answer(line)
            failed = not line.is_na and expected < line.standard_id.pass_score
            if abs(expected - line.score) > 0.011 or failed != line.is_failed:
                problems.append(f"{audit.name} {line.standard_code}: stored "
                                f"{line.score}/{line.is_failed}, model {expected}/{failed}")
        totals = audit.line_ids._score_totals()
        stored = (audit.score, audit.failed_count, audit.critical_failed, audit.result)
        model = (totals["score"], totals["failed"], totals["critical_failed"],
                 audit._result_for(totals))
        if abs(stored[0] - model[0]) > 0.051 or stored[1:] != model[1:]:
            problems.append(f"{audit.name}: stored {stored}, model {model}")
    env.invalidate_all()
    return len(audits), problems


# Measurements ---------------------------------------------------------------------------

def measure_rating_run(env, program, month, show_queries):
    """(a) The monthly push of validated scores into the KPIs, with the stars and ranks
    of every outlet recomputed; then the recomputation alone."""
    cr = env.cr
    cr.execute(
        """DELETE FROM dealer_kpi_value v USING dealer_kpi k
            WHERE v.kpi_id = k.id AND k.code = 'audit_process' AND v.month = %s""",
        [month],
    )
    env.invalidate_all()
    with collect_queries(show_queries) as queries, Meter(cr) as push:
        audits = env["network.audit"].search([
            ("program_id", "=", program.id), ("month", "=", month),
            ("state", "=", "validated"),
        ])
        audits._push_kpi_values()
        env.flush_all()
    ratings = env["dealer.outlet.rating"].search_count([("month", "=", month)])
    env.invalidate_all()
    with Meter(cr) as recompute:
        env["dealer.outlet.rating"]._recompute_months([month])
        env.flush_all()
    cr.rollback()
    env.invalidate_all()
    return {"audits": len(audits), "ratings": ratings, "push": push,
            "recompute": recompute, "queries": queries}


def measure_rescoring(env, program, month, show_queries):
    """(b) One answer of one audit changed and flushed: the line and the audit's score,
    result and counters are rescored. Cold cache, as in a new request."""
    cr = env.cr
    cr.execute(
        """SELECT l.id, l.answer_yes_no FROM network_audit_line l
             JOIN network_audit a ON a.id = l.audit_id
            WHERE a.program_id = %s AND a.month = %s AND l.answer_yes_no IN ('yes', 'no')
            ORDER BY l.id LIMIT 1""",
        [program.id, month],
    )
    line_id, answer = cr.fetchone()
    new_answer = "no" if answer == "yes" else "yes"
    # A running server has its ormcaches (defaults, access rights) filled by earlier
    # requests: one answer of another audit changed first, rolled back, so that "cold"
    # means what a new request sees (an empty record cache), not a new process.
    cr.execute(
        """SELECT l.id FROM network_audit_line l
             JOIN network_audit a ON a.id = l.audit_id
            WHERE a.program_id = %s AND a.month = %s AND l.answer_yes_no IN ('yes', 'no')
              AND a.id != (SELECT audit_id FROM network_audit_line WHERE id = %s)
            ORDER BY l.id LIMIT 1""",
        [program.id, month, line_id],
    )
    warmup = env["network.audit.line"].browse(cr.fetchone()[0])
    warmup.answer_yes_no = "no" if warmup.answer_yes_no == "yes" else "yes"
    env.flush_all()
    cr.rollback()
    results = {}
    for label, warm in (("cold", False), ("warm", True)):
        env.invalidate_all()
        line = env["network.audit.line"].browse(line_id)
        before = line.audit_id.score if warm else None
        if warm:
            line.audit_id.line_ids.mapped("score")  # the audit form is open: lines loaded
        else:
            env.invalidate_all()
        with collect_queries(show_queries) as queries, Meter(cr) as meter:
            line.answer_yes_no = new_answer
            env.flush_all()
        audit = line.audit_id
        results[label] = {
            "meter": meter, "queries": queries, "lines": len(audit.line_ids),
            "score": (before, audit.score),
        }
        cr.rollback()
    env.invalidate_all()
    return results


# Main -----------------------------------------------------------------------------------

def prepare_database(args):
    config = odoo_config()
    install_seconds = None
    if args.reset or not database_exists(config, args.db):
        install_seconds = recreate_database(config, args)
    return install_seconds


def existing_benchmark(env, args):
    """The parameters of the benchmark data already in the database, or None; exits
    when the database cannot be used as it is."""
    module = env["ir.module.module"].search([("name", "=", "network_audit")])
    if module.state != "installed":
        sys.exit(f"network_audit is not installed in {args.db}: run with --reset.")
    if module.demo:
        sys.exit(f"{args.db} holds demo data: the benchmark needs a database without it; "
                 "run with --reset.")
    stored = env["ir.config_parameter"].get_param(MARKER)
    if not stored:
        if env["network.audit"].search_count([], limit=1):
            sys.exit(f"{args.db} already holds audits that are not benchmark data: "
                     "run with --reset.")
        return None
    params = json.loads(stored)
    wanted = {"outlets": args.outlets, "months": args.months, "lines": args.lines}
    if {k: params[k] for k in wanted} != wanted:
        sys.exit(f"{args.db} holds benchmark data for {params}, not {wanted}: "
                 "run with --reset.")
    return params


def print_summary(args, gen, sizes, install_seconds, consistency, rating, rescore):
    width = 72
    ok = "OK" if rating["push"].seconds <= TARGET_RATING_SECONDS else "MISSED"
    cold = rescore["cold"]["meter"]
    warm = rescore["warm"]["meter"]
    ok_b = "OK" if cold.queries <= TARGET_RESCORE_QUERIES else "MISSED"
    print()
    print("=" * width)
    print(f"network_audit benchmark  db={args.db}  {date.today()}  "
          f"cpus={os.cpu_count()}")
    print(f"  data: {args.outlets:,} outlets x {args.months} months x {args.lines} answers")
    if sizes:
        print(f"        {sizes['audits']:,} audits, {sizes['lines']:,} answers, "
              f"{sizes['kpis']:,} KPI values")
    print("-" * width)
    if install_seconds is not None:
        print(f"  install of network_audit (subprocess) ......... {install_seconds:8.1f} s")
    if gen:
        for name, seconds in gen.items():
            print(f"  generation: {name:<37}{seconds:8.1f} s")
    else:
        print("  generation: reused the benchmark data already in the database")
    checked, problems = consistency
    print(f"  consistency of stored scores ({checked} audits) ...... "
          f"{'OK' if not problems else f'{len(problems)} MISMATCHES'}")
    print("-" * width)
    print(f"  (a) push {rating['audits']:,} audit scores + stars/ranks of "
          f"{rating['ratings']:,} outlets")
    print(f"      wall time ........................................ "
          f"{rating['push'].seconds:8.2f} s   target <= {TARGET_RATING_SECONDS:.0f} s  {ok}")
    print(f"      queries .......................................... {rating['push'].queries:8d}")
    print(f"      of which _recompute_months alone ....... {rating['recompute'].seconds:8.2f} s, "
          f"{rating['recompute'].queries} queries")
    print(f"  (b) rescoring one {rescore['cold']['lines']}-line audit after one answer changed")
    print(f"      queries, cold cache (new request) ................ {cold.queries:8d}"
          f"   target <= {TARGET_RESCORE_QUERIES}  {ok_b}")
    print(f"      time, cold cache ................................. {cold.seconds * 1000:8.1f} ms")
    print(f"      queries / time, audit form already loaded ........ {warm.queries:8d}"
          f" / {warm.seconds * 1000:.1f} ms")
    print(f"  (c) peak RSS of this process ......................... {peak_rss_mb():8.0f} MB")
    print("=" * width)
    for problem in problems[:10]:
        print("  mismatch:", problem)


def main():
    args = parse_args()
    install_seconds = prepare_database(args)
    registry = open_registry(args.db)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        params = existing_benchmark(env, args)
        gen, sizes = None, None
        if params is None:
            gen, sizes = generate(env, args, date.today())
            params = json.loads(env["ir.config_parameter"].get_param(MARKER))
        program = env["network.audit.program"].browse(params["program_id"])
        month = date.fromisoformat(params["month"])
        print("Checking stored scores against the models...", flush=True)
        consistency = check_consistency(env, program, month)
        print("Measuring (a) the monthly rating run...", flush=True)
        rating = measure_rating_run(env, program, month, args.show_queries)
        print("Measuring (b) rescoring one audit...", flush=True)
        rescore = measure_rescoring(env, program, month, args.show_queries)
        if args.show_queries:
            print("\n(a) queries by statement and table:")
            for key, count in table_summary(rating["queries"]).most_common():
                print(f"  {count:6d}  {key}")
            for label in ("cold", "warm"):
                print(f"\n(b) queries, {label} cache:")
                for query in rescore[label]["queries"]:
                    print("  -", query[:400])
        print_summary(args, gen, sizes, install_seconds, consistency, rating, rescore)


if __name__ == "__main__":
    main()
