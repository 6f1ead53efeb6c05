import base64
import io
from datetime import datetime

import openpyxl
from lxml import html as lxml_html
from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import NetworkAuditCommon

REPORT = "network_audit.action_report_network_audit"
HISTORY_REPORT = "network_audit.action_report_network_audit_history"


def _png(color=(200, 40, 40)):
    output = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(output, format="PNG")
    return output.getvalue()


class AuditReportCommon(NetworkAuditCommon):
    """Audits of October and November 2026, validated unless said otherwise:

    - outlet A, October: greeting failed (comment), showroom 1/5 with a photo: 30.0, fail;
    - outlet A, November: everything fulfilled: 100.0, pass;
    - outlet B, November: licence missing: 76.0, fail (threshold 80);
    - outlet B, October: submitted only; outlet A, June: out of the exported period.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit_fail = cls._conduct(cls.outlet_a, "2026-10-10", {
            cls.std_greeting: ("no", "Nobody at the desk for five minutes"),
            cls.std_clean: ("1", "Dust on the display cars"),
            cls.std_safety: ("yes", None),
        }, photo_of=cls.std_clean)
        cls.audit_pass = cls._conduct(cls.outlet_a, "2026-11-12", {
            cls.std_greeting: ("yes", None), cls.std_clean: ("5", None),
            cls.std_safety: ("yes", None),
        })
        cls.audit_b = cls._conduct(cls.outlet_b, "2026-11-05", {
            cls.std_greeting: ("yes", None), cls.std_clean: ("4", None),
            cls.std_safety: ("yes", None), cls.std_paperwork: ("no", "Licence expired"),
        }, auditor=cls.auditor_b)
        cls.audit_submitted = cls._conduct(cls.outlet_b, "2026-10-08", {
            cls.std_greeting: ("no", None), cls.std_clean: ("5", None),
            cls.std_safety: ("yes", None), cls.std_paperwork: ("yes", None),
        }, auditor=cls.auditor_b, validate=False)
        cls.audit_old = cls._conduct(cls.outlet_a, "2026-06-10", {
            cls.std_greeting: ("yes", None), cls.std_clean: ("5", None),
            cls.std_safety: ("yes", None),
        })

    @classmethod
    def _conduct(cls, outlet, date, answers, auditor=None, photo_of=None, validate=True):
        """answers: {standard: (answer, comment)}."""
        audit = cls._create_audit(outlet=outlet, auditor=auditor, date=date)
        audit.action_start()
        cls._answer(audit, {standard: value for standard, (value, _c) in answers.items()})
        for line in audit.line_ids:
            comment = answers.get(line.standard_id, (None, None))[1]
            if comment:
                line.comment = comment
            if line.standard_id == photo_of:
                photo = cls.env["ir.attachment"].create({
                    "name": "dust.png", "raw": _png(), "res_model": "network.audit.line",
                    "res_id": line.id,
                })
                line.photo_ids = [(4, photo.id)]
        audit.action_submit()
        if validate:
            audit.action_validate()
        return audit


@tagged("post_install", "-at_install")
class TestAuditReports(AuditReportCommon):
    def _render_html(self, audit, user=None):
        report = self.env["ir.actions.report"].with_user(user or self.env.user)
        content, _type = report._render_qweb_html(REPORT, audit.ids)
        return lxml_html.fromstring(content)

    @staticmethod
    def _text(node):
        return " ".join(node.text_content().split())

    def test_print_action(self):
        action = self.audit_fail.with_user(self.auditor_a).action_print_report()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "network_audit.report_network_audit")

    def test_html_failed_audit(self):
        """Header, section scores, failed standards with comment and photo, action plan;
        rendered by the auditor, who reads the photos through the audit's rights."""
        page = self._render_html(self.audit_fail, user=self.auditor_a)
        info = self._text(page.xpath("//table[@name='audit_information']")[0])
        for expected in ("TA1", "Test Outlet Amsterdam", "Test Market A", "Test Region",
                         "Test CX program", "Customer Experience", self.auditor_a.name):
            self.assertIn(expected, info)
        result = self._text(page.xpath("//table[@name='audit_result']")[0])
        self.assertIn("30.0 %", result)
        self.assertIn("80.0 %", result)
        self.assertIn("FAIL", result)
        self.assertFalse(page.xpath("//td[@name='critical_failed']"))

        rows = [
            [self._text(cell) for cell in row.xpath("./td")[:4]]
            for row in page.xpath("//table[@name='section_scores']/tbody/tr")
        ]
        # Welcome: (2 x 0 + 1 x 20) / 3; the paperwork standard is for dealerships only.
        self.assertEqual(rows, [
            ["Welcome", "2 / 2", "2", "6.7 %"],
            ["Safety and paperwork", "1 / 1", "0", "100.0 %"],
        ])

        failed = self._text(page.xpath("//div[@name='failed_standards']")[0])
        self.assertIn("Failed Standards (2)", failed)
        self.assertIn("T-CX-01 · Customer greeted within 2 minutes", failed)
        self.assertIn("Nobody at the desk for five minutes", failed)
        self.assertIn("Dust on the display cars", failed)
        self.assertNotIn("High-voltage area secured", failed)
        photos = page.xpath("//div[@name='failed_standard_photos']//img/@src")
        self.assertEqual(len(photos), 1)
        self.assertTrue(photos[0].startswith("data:image/png;base64,"))

        plan = page.xpath("//div[@name='action_plan']//tbody/tr")
        self.assertEqual(len(plan), 2)
        greeting = next(self._text(r) for r in plan if "Customer greeted" in self._text(r))
        for expected in ("Major", self.dealer_a.name, "Open"):
            self.assertIn(expected, greeting)

    def test_html_header(self):
        """The report opens with its own header: logo, reference, outlet, date and
        auditor, drawn in the page (unpatched wkhtmltopdf drops header-html)."""
        self.market_a.sudo().logo = base64.b64encode(_png((20, 60, 160)))
        page = self._render_html(self.audit_fail, user=self.auditor_a)
        header = page.xpath("//table[@name='audit_header']")[0]
        text = self._text(header)
        for expected in (self.audit_fail.name, self.outlet_a.code, self.outlet_a.name,
                         "10/10/2026", self.auditor_a.name):
            self.assertIn(expected, text)
        logo = header.xpath(".//img/@src")
        self.assertEqual(len(logo), 1)
        self.assertTrue(logo[0].startswith("data:image/png;base64,"))
        # The report's own paper format: no empty band kept for a header-html.
        report = self.env["ir.actions.report"]._get_report(REPORT)
        self.assertLessEqual(report.get_paperformat().margin_top, 15)

    def test_html_passing_audit(self):
        """A passing audit has no failed-standards block and no action plan."""
        page = self._render_html(self.audit_pass)
        self.assertIn("PASS", self._text(page.xpath("//table[@name='audit_result']")[0]))
        self.assertFalse(page.xpath("//div[@name='failed_standards']"))
        self.assertFalse(page.xpath("//div[@name='action_plan']"))
        self.assertIn("No standard failed.",
                      self._text(page.xpath("//p[@name='no_failed_standards']")[0]))

    def test_html_critical_failed(self):
        """A failed critical standard is called out, whatever the score."""
        audit = self._create_audit(outlet=self.outlet_a, date="2026-12-03")
        audit.action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "no"})
        audit.action_submit()
        self.assertTrue(audit.critical_failed)
        page = self._render_html(audit)
        self.assertIn("Critical standard failed",
                      self._text(page.xpath("//td[@name='critical_failed']")[0]))
        self.assertIn("FAIL", self._text(page.xpath("//table[@name='audit_result']")[0]))

    def _section_rows(self, page):
        return [
            [self._text(cell) for cell in row.xpath("./td")[:4]]
            for row in page.xpath("//table[@name='section_scores']/tbody/tr")
        ]

    def test_html_section_without_scored_weight_is_na(self):
        """A section whose answers score no weight (all N.A. here) has no score: N.A.,
        not 0.0 %."""
        audit = self._conduct(self.outlet_a, "2026-12-03", {
            self.std_greeting: ("yes", None), self.std_clean: ("5", None),
            self.std_safety: ("na", None),
        })
        page = self._render_html(audit)
        self.assertEqual(self._section_rows(page), [
            ["Welcome", "2 / 2", "0", "100.0 %"],
            ["Safety and paperwork", "1 / 1", "0", "N.A."],
        ])

    def test_html_in_progress_audit_shows_no_result(self):
        """An audit still being answered has no verdict yet (its form shows none): no
        PASS badge, "In progress"; a section with nothing answered has no score."""
        audit = self._create_audit(outlet=self.outlet_a, date="2026-12-03")
        audit.action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5"})
        self.assertEqual(audit.result, "pass", "the stored verdict of the answers so far")
        page = self._render_html(audit)
        result = self._text(page.xpath("//table[@name='audit_result']")[0])
        self.assertFalse(page.xpath("//span[@name='audit_result_badge']"))
        self.assertNotIn("PASS", result)
        self.assertIn("In progress", result)
        self.assertEqual(self._section_rows(page), [
            ["Welcome", "2 / 2", "0", "100.0 %"],
            ["Safety and paperwork", "0 / 1", "0", "N.A."],
        ])

    def test_html_unanswered_audit(self):
        """A planned audit prints too: no result yet, no failed standard, no plan."""
        audit = self._create_audit(outlet=self.outlet_b, date="2026-12-03")
        page = self._render_html(audit)
        result = self._text(page.xpath("//table[@name='audit_result']")[0])
        self.assertIn("Not answered yet", result)
        self.assertFalse(page.xpath("//span[@name='audit_result_badge']"))
        self.assertEqual(len(page.xpath("//table[@name='section_scores']/tbody/tr")), 2)
        self.assertFalse(page.xpath("//div[@name='failed_standards']"))
        self.assertFalse(page.xpath("//div[@name='action_plan']"))


@tagged("post_install", "-at_install")
class TestAuditReportPdf(AuditReportCommon, HttpCase):
    """wkhtmltopdf fetches the report's CSS from the server: an HttpCase, so the server
    answers in the test's transaction where the rendering created the asset bundle."""

    def test_pdf_renders(self):
        """wkhtmltopdf turns the audit, photo included, into a PDF."""
        pdf, report_type = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )._render_qweb_pdf(REPORT, self.audit_fail.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_pdf_text_is_text(self):
        """The PDF's words are text, not drawn outlines: the standard names, the
        audit's reference and its header can be selected, searched and read aloud
        (the report's web font came out as vector paths in wkhtmltopdf)."""
        pdf, _type = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )._render_qweb_pdf(REPORT, self.audit_fail.ids)
        reader = PdfFileReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        for expected in ("Customer greeted within 2 minutes", "Showroom clean",
                         self.audit_fail.name, self.outlet_a.name, self.auditor_a.name,
                         "Auditor"):
            self.assertIn(expected, text)


    def test_pdf_with_history_of_two_audits(self):
        """The report with the answer history prints several audits at once: each is
        one document (its report, then its history on a page of its own) and
        wkhtmltopdf without the patched Qt converts one per run; with the history in a
        document of its own, even one audit was refused."""
        self.audit_pass.sudo()._log_reopen({self.audit_pass.id: "validated"}, "Recount")
        audits = self.audit_fail | self.audit_pass
        report = self.env["ir.actions.report"]
        html, _type = report._render_qweb_html(HISTORY_REPORT, audits.ids)
        bodies, html_ids, *_rest = report._prepare_html(html, report_model="network.audit")
        self.assertEqual((len(bodies), html_ids), (2, audits.ids), "one document per audit")
        pdf, _type = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )._render_qweb_pdf(HISTORY_REPORT, audits.ids)
        reader = PdfFileReader(io.BytesIO(pdf))
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        text = " ".join(pages)
        for audit in audits:
            self.assertIn(f"Audit Report {audit.name}", text)
            self.assertIn(f"Answer History · {audit.name}", text)
        self.assertIn("Recount", text)
        # Each history starts a page of its own, after its audit's report.
        starts = [index for index, page in enumerate(pages) if "Answer History ·" in page]
        self.assertEqual(len(starts), 2)
        self.assertIn(self.audit_fail.name, pages[starts[0]])
        self.assertIn(self.audit_pass.name, pages[starts[1]])


@tagged("post_install", "-at_install")
class TestAuditExport(AuditReportCommon):
    def _export(self, user=None, **vals):
        vals = {"date_from": "2026-09-01", "date_to": "2026-11-30", **vals}
        wizard = self.env["network.audit.export"].with_user(user or self.audit_viewer).create(vals)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/network.audit.export/{wizard.id}/export_file/",
                      action["url"])
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file)))

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]

    def test_results_sheet(self):
        """One row per outlet and month of validated audits of the period."""
        book = self._export()
        self.assertEqual(book.sheetnames, ["Results", "By outlet and month", "Standards"])
        sheet = book["Results"]
        self.assertEqual([cell.value for cell in sheet[1]], [
            "Month", "Outlet Code", "Outlet", "Market", "Region", "Audit Type", "Audits",
            "Score (%)", "Result", "Critical Failed", "Failed Standards",
        ])
        self.assertEqual(self._rows(sheet), [
            [datetime(2026, 10, 1), "TA1", "Test Outlet Amsterdam", "Test Market A", "Test Region",
             "Customer Experience", 1, 30.0, "Fail", "No", 2],
            [datetime(2026, 11, 1), "TA1", "Test Outlet Amsterdam", "Test Market A", "Test Region",
             "Customer Experience", 1, 100.0, "Pass", "No", 0],
            [datetime(2026, 11, 1), "TB1", "Test Outlet Brussels", "Test Market B",
             "Test Region", "Customer Experience", 1, 76.0, "Fail", "No", 1],
        ], "the submitted October audit of B and the June audit of A are left out")
        self.assertEqual(sheet.freeze_panes, "D2")
        self.assertEqual(sheet.auto_filter.ref, "A1:K4")
        self.assertEqual(sheet["H2"].number_format, "0.0")

    def test_matrix_sheet(self):
        """Outlets as rows, every month of the period as a column, average scores."""
        sheet = self._export()["By outlet and month"]
        self.assertEqual([cell.value for cell in sheet[1]], [
            "Outlet Code", "Outlet", "Market", datetime(2026, 9, 1), datetime(2026, 10, 1),
            datetime(2026, 11, 1), "Average",
        ])
        rows = self._rows(sheet)
        self.assertEqual(rows[0], ["TA1", "Test Outlet Amsterdam", "Test Market A", None, 30.0,
                                   100.0, 65.0])
        self.assertEqual(rows[1], ["TB1", "Test Outlet Brussels", "Test Market B", None, None,
                                   76.0, 76.0])
        self.assertEqual(rows[3][:6], ["Network average", None, None, None, 30.0, 88.0])
        self.assertAlmostEqual(rows[3][6], (30.0 + 100.0 + 76.0) / 3)

    def test_standards_sheet(self):
        """Compliance per standard over the applicable answers, most failed first."""
        sheet = self._export()["Standards"]
        self.assertEqual([cell.value for cell in sheet[1]], [
            "Code", "Standard", "Category", "Criticality", "Checked", "Failed",
            "Compliance (%)",
        ])
        rows = self._rows(sheet)
        self.assertEqual([row[0] for row in rows], ["T-PW-01", "T-CX-01", "T-FA-01", "T-PR-01"])
        self.assertEqual(rows[0][3:], ["Minor", 1, 1, 0.0])
        self.assertEqual(rows[1][1:6], ["Customer greeted within 2 minutes",
                                        "Customer experience", "Major", 3, 1])
        self.assertAlmostEqual(rows[1][6], 200 / 3)
        self.assertEqual(rows[3][4:], [3, 0, 100.0])

    def test_filters(self):
        """Markets narrow the rows; an auditor exports the audits assigned to them."""
        rows = self._rows(self._export(company_ids=[(6, 0, self.market_b.ids)])["Results"])
        self.assertEqual([row[1] for row in rows], ["TB1"])
        rows = self._rows(self._export(user=self.auditor_b)["Results"])
        self.assertEqual([(row[0], row[1]) for row in rows], [(datetime(2026, 11, 1), "TB1")])
        with self.assertRaises(UserError):
            self._export(audit_type="facility")
        with self.assertRaises(UserError):
            self._export(date_from="2026-12-01", date_to="2026-11-01")

    def test_refusals_say_dates_in_the_readers_format(self):
        """A Norwegian officer's refused export names the dates as Norwegian dates
        (it read "fra 2026-01-01 til 2026-12-31")."""
        self.env["res.lang"]._activate_lang("nb_NO")
        self.env = self.env(context=dict(self.env.context, lang="nb_NO"))  # the user's
        for vals, dates in (({"audit_type": "facility"}, ("01.09.2026", "30.11.2026")),
                            ({"date_from": "2026-12-01", "date_to": "2026-11-01"},
                             ("01.12.2026", "01.11.2026"))):
            with self.subTest(vals=vals), self.assertRaises(UserError) as refused:
                self._export(**vals)
            for day in dates:
                self.assertIn(day, str(refused.exception))
            self.assertNotIn("2026-", str(refused.exception))

    def test_export_queries_do_not_grow_with_outlets(self):
        """Aggregates come from _read_group: more outlets, same number of queries."""
        def measure():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            # Only the test's markets: demo data elsewhere must not change the count.
            self._export(company_ids=[(6, 0, (self.market_a | self.market_b).ids)])
            return self.cr.sql_log_count - before

        def queries():
            # In a full run an ormcache entry (the user's record rules) is sometimes
            # missed once, reading the user again: one query of noise. The lower of two
            # runs removes it; a query per outlet would still show in both.
            return min(measure(), measure())

        queries()  # warm the ormcaches: access rules, groups, defaults
        baseline = queries()
        for code in ("TSC", "TSD", "TSE"):
            outlet = self.env["dealer.outlet"].create({
                "name": f"Test Space {code}", "code": code, "company_id": self.market_a.id,
                "kind": "space", "sales_model": "agency", "state": "onboarding",
                "contact_ids": [(0, 0, {"partner_id": self.dealer_a.partner_id.id,
                                        "role": "space_manager"})],
            })
            outlet.action_activate()
            self._conduct(outlet, "2026-10-15", {
                self.std_greeting: ("yes", None), self.std_clean: ("5", None),
                self.std_safety: ("yes", None),
            })
        queries()  # creating records may have cleared ormcaches: warm them again
        self.assertEqual(queries(), baseline)
