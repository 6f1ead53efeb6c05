"""What a new user sees in the backend: filters, due dates, entry point, averages,
kanban order, badges, months, chatter dates, section colours."""

import ast
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.misc import format_date

from odoo.addons.dealer_profile.tests.common import graph_groups

from .common import NetworkAuditCommon
from .images import make_image


@tagged("post_install", "-at_install")
class TestPresentation(NetworkAuditCommon):
    @classmethod
    def _submitted_audit(cls, answers, date="2026-10-10", outlet=None):
        audit = cls._create_audit(date=date, outlet=outlet)
        audit.action_start()
        cls._answer(audit, answers)
        for line in audit.line_ids.filtered("evidence_missing"):
            line.photo_ids = cls.env["ir.attachment"].create({
                "name": "proof.jpg", "raw": make_image(),
                "res_model": "network.audit.line", "res_id": line.id,
            })
        audit.action_submit()
        return audit

    # Analysis actions -------------------------------------------------------------

    def _default_domain(self, action_xmlid):
        """The domain the web client builds from the action's default filters: OR
        inside a group of filters, AND between groups (separated by <separator/>)."""
        action = self.env.ref(action_xmlid)
        context = ast.literal_eval(action.context)
        defaults = {key[len("search_default_"):] for key, value in context.items()
                    if key.startswith("search_default_") and value}
        arch = self.env["network.audit.line"].get_view(
            action.search_view_id.id or None, "search")["arch"]
        groups, current = [], []
        for node in etree.fromstring(arch):
            if node.tag == "separator" or node.tag == "group":
                groups.append(current)
                current = []
            elif node.tag == "filter" and node.get("name") in defaults:
                current.append(ast.literal_eval(node.get("domain")))
        groups.append(current)
        domain = []
        for group in filter(None, groups):
            ored = group[0]
            for other in group[1:]:
                ored = ["|", *ored, *other]
            domain = domain + ored
        found = {node.get("name") for node in etree.fromstring(arch).iter("filter")}
        self.assertLessEqual(defaults, found, "every default filter exists")
        return domain

    def test_analysis_default_filters_combine_with_and(self):
        """Most Failed Standards counted a failure of an unvalidated audit, and a
        passed line of a validated one (OR); FAC-04 showed 78 failures for 2."""
        validated = self._submitted_audit({self.std_greeting: "no", self.std_clean: "5",
                                           self.std_safety: "yes"})
        validated.action_validate()
        self._submitted_audit({self.std_greeting: "no", self.std_clean: "5",
                               self.std_safety: "yes"}, date="2026-11-10")
        own = [("audit_id.outlet_id", "=", self.outlet_a.id)]
        Line = self.env["network.audit.line"]
        most_failed = self._default_domain("network_audit.network_audit_line_action_most_failed")
        self.assertEqual(Line.search(own + most_failed),
                         validated.line_ids.filtered(lambda line: line.is_failed))
        compliance = self._default_domain("network_audit.network_audit_line_action_compliance")
        self.assertEqual(len(Line.search(own + compliance)), 3,
                         "the validated audit's answered, applicable lines only")

    # Due dates ----------------------------------------------------------------------

    def test_due_date_counts_from_sending(self):
        """Validated weeks after the audit, the items still get their full time:
        30 working days (the market's calendar, Monday to Friday) from the day sent."""
        audit = self._submitted_audit({self.std_greeting: "no", self.std_clean: "5",
                                       self.std_safety: "yes"}, date="2026-01-10")
        item = audit.action_ids
        self.assertEqual(item.due_date, fields.Date.to_date("2026-02-20"),
                         "30 working days from Saturday 10 January, major")
        audit.action_validate()
        today = fields.Date.context_today(item)
        self.assertEqual(item.state, "open")
        self.assertEqual(item.sent_date, today)
        due, left = today, 30
        while left:
            due += timedelta(days=1)
            left -= due.weekday() < 5
        self.assertEqual(item.due_date, due)
        self.assertFalse(item.is_overdue)

    def test_later_due_date_of_reviewer_kept(self):
        audit = self._submitted_audit({self.std_greeting: "no", self.std_clean: "5",
                                       self.std_safety: "yes"})
        late = fields.Date.context_today(audit) + timedelta(days=90)
        audit.action_ids.due_date = late
        audit.action_validate()
        self.assertEqual(audit.action_ids.due_date, late)

    def test_chatter_shows_a_formatted_due_date(self):
        audit = self._submitted_audit({self.std_greeting: "no", self.std_clean: "5",
                                       self.std_safety: "yes"})
        audit.action_validate()
        item = audit.action_ids
        body = item.message_ids.filtered(lambda m: "New action item" in (m.body or "")).body
        self.assertIn(format_date(self.env, item.due_date, lang_code="en_US",
                                  date_format="long"), body)
        self.assertNotIn(str(item.due_date), body, "no raw ISO date")

    # Entry point --------------------------------------------------------------------

    def test_app_opens_on_own_audits_for_auditors_only(self):
        Audit = self.env["network.audit"]
        self.assertEqual(Audit.with_user(self.auditor_a).action_open_audits()["context"],
                         {"search_default_my_audits": 1})
        for user in (self.officer, self.manager, self.audit_viewer):
            with self.subTest(user=user.login):
                action = Audit.with_user(user).action_open_audits()
                self.assertNotIn("search_default_my_audits", action["context"])
                self.assertEqual(action["res_model"], "network.audit")
        menu = self.env.ref("network_audit.network_audit_menu_audit")
        self.assertEqual(menu.action, self.env.ref("network_audit.network_audit_action_open"))

    # Scores, badges and averages ----------------------------------------------------

    def test_running_audit_shows_no_verdict(self):
        """The result of a running audit is the verdict its answers would give; the
        list and kanban badges show it once the audit is submitted only (the form's
        ribbon already did), and the Failed filter counts submitted audits only."""
        audit = self._create_audit()
        audit.action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "no"})
        Audit = self.env["network.audit"]
        for view_type in ("list", "kanban"):
            with self.subTest(view=view_type):
                arch = etree.fromstring(Audit.get_view(view_type=view_type)["arch"])
                [badge] = arch.xpath("//field[@name='result']")
                self.assertEqual(badge.get("invisible"), "state not in ('submitted', 'validated')")
        search = etree.fromstring(Audit.get_view(view_type="search")["arch"])
        [failed] = search.xpath("//filter[@name='failed']")
        domain = ast.literal_eval(failed.get("domain"))
        self.assertEqual(audit.result, "fail")
        self.assertNotIn(audit, Audit.search(domain))
        audit.action_submit()
        self.assertIn(audit, Audit.search(domain), "submitted and failed: counted")

    def test_averages_over_validated_audits_only(self):
        """Planned and running audits have score 0: the score analysis averages over
        validated audits only, and its graph does not stack averages."""
        planned = self._create_audit(outlet=self.outlet_b, date="2026-10-12")
        validated = self._submitted_audit({self.std_greeting: "yes", self.std_clean: "5",
                                           self.std_safety: "yes"})
        validated.action_validate()
        action = self.env.ref("network_audit.network_audit_action_analysis")
        domain = ast.literal_eval(action.domain) + [("id", "in", (planned | validated).ids)]
        [(average,)] = self.env["network.audit"]._read_group(domain, aggregates=["score:avg"])
        self.assertEqual(average, 100.0, "the planned audit does not count as 0")
        self.assertEqual(action.view_mode.split(",")[0], "graph")
        graph = etree.fromstring(self.env["network.audit"].get_view(view_type="graph")["arch"])
        self.assertEqual(graph.get("stacked"), "0")
        self.assertNotIn("pivot", self.env.ref("network_audit.network_audit_action").view_mode,
                         "no average over unfinished audits in the everyday action")

    def test_score_graph_skips_months_without_audits(self):
        """A month without a validated audit is no score of 0 on the Audit Scores line
        graph: a German officer's line fell from May's 85,6 to 0,00 in June and July
        before August's audits."""
        answers = {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"}
        audits = self._submitted_audit(answers, date="2026-05-12")
        audits |= self._submitted_audit(answers, date="2026-08-12")
        audits.action_validate()
        action = self.env.ref("network_audit.network_audit_action_analysis")
        groups = graph_groups(action, "date:month", "score:avg", [("id", "in", audits.ids)])
        self.assertEqual([(group["date:month"][1], group["score:avg"]) for group in groups],
                         [("May 2026", 100.0), ("August 2026", 100.0)])

    # Kanban order -------------------------------------------------------------------

    def test_kanban_columns_in_process_order(self):
        for model, states in (
            ("network.audit", ["planned", "in_progress", "submitted", "validated", "cancel"]),
            ("network.audit.action", [s for s, __ in
                                      self.env["network.audit.action"]._fields["state"].selection]),
            ("dealer.outlet", [s for s, __ in
                               self.env["dealer.outlet"]._fields["state"].selection]),
        ):
            with self.subTest(model=model):
                groups = self.env[model].with_context(read_group_expand=True).formatted_read_group(
                    [("id", "=", 0)], ["state"], ["__count"])
                self.assertEqual([group["state"] for group in groups], states)

    # Months, calendar, sections -----------------------------------------------------

    def test_months_shown_as_months(self):
        audit = self._create_audit(date="2026-10-10")
        self.assertEqual(audit.line_ids[0].month_label, "October 2026")
        arch = self.env["network.audit.line"].get_view(
            self.env.ref("network_audit.network_audit_line_view_list").id, "list")["arch"]
        self.assertIn('name="month_label"', arch)

    def test_calendar_shows_outlets(self):
        audit = self._create_audit()
        self.assertEqual(audit.outlet_name, "Test Outlet Amsterdam")
        calendar = etree.fromstring(
            self.env["network.audit"].get_view(view_type="calendar")["arch"])
        self.assertEqual(calendar.get("create_name_field"), "outlet_name")

    def test_section_colour_in_pdf(self):
        """Welcome: one minor failure, 80 % at an 80 % threshold: green, as on the
        portal (TestAuditPortal.test_section_colour_as_in_pdf)."""
        audit = self._submitted_audit({self.std_greeting: "yes", self.std_clean: "2",
                                       self.std_safety: "yes"})
        audit.action_validate()
        welcome = next(s for s in audit._get_section_scores() if s["name"] == "Welcome")
        self.assertTrue(welcome["failed"])
        self.assertGreaterEqual(welcome["score"], audit.pass_threshold)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "network_audit.action_report_network_audit", audit.ids)[0].decode()
        row = html[html.index("Welcome"):html.index("Safety and paperwork")]
        self.assertIn("#198754", row, "green bar in the PDF")
        self.assertNotIn("#dc3545", row)

    def test_threshold_written_as_the_score(self):
        """The pass threshold with the score's one decimal: the audit form read
        'Punktzahl 95,2' over 'Bestehensschwelle 80,00'."""
        for model in ("network.audit", "network.audit.program"):
            described = self.env[model].fields_get(["pass_threshold"])
            self.assertEqual(described["pass_threshold"]["digits"], (5, 1), model)
        self.assertEqual(self.env["network.audit"].fields_get(["score"])["score"]["digits"],
                         (5, 1))
