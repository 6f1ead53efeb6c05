import base64
import io
from collections import defaultdict

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..models.network_audit_program import AUDIT_TYPES

MONTH_FORMAT = "mmm yyyy"
SCORE_FORMAT = "0.0"
HEADER_COLOR = "#1F3864"


class NetworkAuditExport(models.TransientModel):
    """Validated audit results as an Excel workbook, for the network's monthly reviews."""

    _name = "network.audit.export"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Export Audit Results to Excel"

    def _default_date_from(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=11)

    date_from = fields.Date(required=True, default=_default_date_from)
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_ids = fields.Many2many(
        "res.company", string="Markets",
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="Markets whose outlets are exported; empty: every market you may see.",
    )
    audit_type = fields.Selection(AUDIT_TYPES, help="Empty: every audit type.")
    program_ids = fields.Many2many(
        "network.audit.program", string="Programs",
        help="Programs whose audits are exported; empty: every program.",
    )
    export_file = fields.Binary(string="File", readonly=True)
    export_filename = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._(
                "The export starts on %(start)s, after its end on %(end)s: swap the dates.",
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            ))
        domain = self._audit_domain()
        if not self.env["network.audit"].search_count(domain, limit=1):
            raise UserError(self.env._(
                "No validated audit from %(start)s to %(end)s matches the filters: widen "
                "the dates, the markets or the audit type.",
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            ))
        filename = f"audit_results_{self.date_from}_{self.date_to}.xlsx"
        self.write({
            "export_file": base64.b64encode(self._build_workbook(domain)),
            "export_filename": filename,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/export_file/{filename}?download=true",
            "target": "self",
        }

    def _audit_domain(self):
        domain = [
            ("state", "=", "validated"),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        if self.company_ids:
            domain.append(("company_id", "in", self.company_ids.ids))
        if self.audit_type:
            domain.append(("audit_type", "=", self.audit_type))
        if self.program_ids:
            domain.append(("program_id", "in", self.program_ids.ids))
        return domain

    def _months(self):
        month, last = self.date_from.replace(day=1), self.date_to.replace(day=1)
        months = []
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        return months

    # Workbook ------------------------------------------------------------------------

    def _build_workbook(self, domain):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        styles = self._xlsx_styles(workbook)
        self._write_results_sheet(workbook, styles, domain)
        self._write_matrix_sheet(workbook, styles, domain)
        self._write_standards_sheet(workbook, styles, domain)
        workbook.close()
        return output.getvalue()

    def _xlsx_styles(self, workbook):
        return {
            "header": workbook.add_format({
                "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOR,
                "border": 1, "text_wrap": True, "valign": "vcenter",
            }),
            "header_month": workbook.add_format({
                "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOR,
                "border": 1, "num_format": MONTH_FORMAT, "align": "center",
            }),
            "month": workbook.add_format({"num_format": MONTH_FORMAT, "align": "left"}),
            "score": workbook.add_format({"num_format": SCORE_FORMAT}),
            "count": workbook.add_format({"num_format": "0"}),
            "pass": workbook.add_format({"bold": True, "font_color": "#198754"}),
            "fail": workbook.add_format({"bold": True, "font_color": "#DC3545"}),
            "total": workbook.add_format({"bold": True, "top": 1}),
            "total_score": workbook.add_format({
                "bold": True, "top": 1, "num_format": SCORE_FORMAT,
            }),
        }

    def _write_header(self, sheet, styles, columns):
        """columns: [(title, width)]; a frozen, filterable header row."""
        sheet.set_row(0, 30)
        for col, (title, width) in enumerate(columns):
            sheet.write(0, col, title, styles["header"])
            sheet.set_column(col, col, width)

    def _write_results_sheet(self, workbook, styles, domain):
        sheet = workbook.add_worksheet(self.env._("Results"))
        columns = [
            (self.env._("Month"), 11), (self.env._("Outlet Code"), 12), (self.env._("Outlet"), 30),
            (self.env._("Market"), 20), (self.env._("Region"), 20), (self.env._("Audit Type"), 22),
            (self.env._("Audits"), 8), (self.env._("Score (%)"), 10), (self.env._("Result"), 9),
            (self.env._("Critical Failed"), 10), (self.env._("Failed Standards"), 10),
        ]
        self._write_header(sheet, styles, columns)
        groups = self.env["network.audit"]._read_group(
            domain,
            ["month:month", "outlet_id", "audit_type"],
            ["__count", "score:avg", "failed_count:sum", "result:array_agg_distinct",
             "critical_failed:bool_or"],
            order="month:month, outlet_id, audit_type",
        )
        type_labels = dict(
            self.env["network.audit"]._fields["audit_type"]._description_selection(self.env)
        )
        row = 0
        for month, outlet, audit_type, count, score, failed, results, critical in groups:
            row += 1
            # A month counts as passed only when every audit of it passed.
            passed = set(results) == {"pass"}
            sheet.write_datetime(row, 0, month, styles["month"])
            sheet.write_string(row, 1, outlet.code or "")
            sheet.write_string(row, 2, outlet.name)
            sheet.write_string(row, 3, outlet.company_id.sudo().name)
            # sudo: the region is rarely among the reader's companies.
            sheet.write_string(row, 4, outlet.region_id.sudo().name or "")
            sheet.write_string(row, 5, type_labels.get(audit_type, audit_type or ""))
            sheet.write_number(row, 6, count, styles["count"])
            sheet.write_number(row, 7, score or 0.0, styles["score"])
            sheet.write_string(row, 8, self.env._("Pass") if passed else self.env._("Fail"),
                               styles["pass" if passed else "fail"])
            sheet.write_string(row, 9, self.env._("Yes") if critical else self.env._("No"))
            sheet.write_number(row, 10, failed or 0, styles["count"])
        sheet.freeze_panes(1, 3)
        sheet.autofilter(0, 0, max(row, 1), len(columns) - 1)

    def _write_matrix_sheet(self, workbook, styles, domain):
        Audit = self.env["network.audit"]
        sheet = workbook.add_worksheet(self.env._("By outlet and month"))
        months = self._months()
        outlet_columns = [
            (self.env._("Outlet Code"), 12), (self.env._("Outlet"), 30),
            (self.env._("Market"), 20),
        ]
        self._write_header(
            sheet, styles,
            outlet_columns + [("", 10)] * len(months) + [(self.env._("Average"), 10)],
        )
        for col, month in enumerate(months, start=3):
            sheet.write_datetime(0, col, month, styles["header_month"])
        cells = {
            (outlet, month): score
            for outlet, month, score in Audit._read_group(
                domain, ["outlet_id", "month:month"], ["score:avg"]
            )
        }
        averages = dict(Audit._read_group(domain, ["outlet_id"], ["score:avg"]))
        outlets = self.env["dealer.outlet"].browse(
            [outlet.id for outlet in averages]
        ).sorted(lambda o: (o.company_id.name or "", o.code or "", o.name))
        last_col = 3 + len(months)
        for row, outlet in enumerate(outlets, start=1):
            sheet.write_string(row, 0, outlet.code or "")
            sheet.write_string(row, 1, outlet.name)
            sheet.write_string(row, 2, outlet.company_id.sudo().name)
            for col, month in enumerate(months, start=3):
                if (outlet, month) in cells:
                    sheet.write_number(row, col, cells[outlet, month], styles["score"])
            sheet.write_number(row, last_col, averages[outlet], styles["score"])
        self._write_matrix_totals(sheet, styles, domain, months, len(outlets) + 1)
        threshold = Audit._read_group(domain, [], ["pass_threshold:avg"])[0][0] or 80.0
        sheet.conditional_format(1, 3, max(len(outlets), 1), last_col, {
            "type": "3_color_scale",
            "min_type": "num", "min_value": 0, "min_color": "#F8696B",
            "mid_type": "num", "mid_value": threshold, "mid_color": "#FFEB84",
            "max_type": "num", "max_value": 100, "max_color": "#63BE7B",
        })
        sheet.freeze_panes(1, 3)
        sheet.autofilter(0, 0, max(len(outlets), 1), last_col)

    def _write_matrix_totals(self, sheet, styles, domain, months, row):
        """Network average per month under the matrix: kept out of the filter range."""
        Audit = self.env["network.audit"]
        month_scores = dict(Audit._read_group(domain, ["month:month"], ["score:avg"]))
        overall = Audit._read_group(domain, [], ["score:avg"])[0][0]
        sheet.write_string(row + 1, 0, self.env._("Network average"), styles["total"])
        sheet.write_blank(row + 1, 1, None, styles["total"])
        sheet.write_blank(row + 1, 2, None, styles["total"])
        for col, month in enumerate(months, start=3):
            if month in month_scores:
                sheet.write_number(row + 1, col, month_scores[month], styles["total_score"])
            else:
                sheet.write_blank(row + 1, col, None, styles["total"])
        sheet.write_number(row + 1, 3 + len(months), overall or 0.0, styles["total_score"])

    def _standard_stats(self, domain):
        """{standard: [checked, failed]} over the applicable answers; old versions of a
        standard count for its live version, so a rewording does not split its history."""
        groups = self.env["network.audit.line"]._read_group(
            [("audit_id", "any", domain), ("is_answered", "=", True), ("is_na", "=", False)],
            ["standard_id", "is_failed"],
            ["__count"],
        )
        stats = defaultdict(lambda: [0, 0])
        for standard, is_failed, count in groups:
            counts = stats[standard.current_standard_id or standard]
            counts[0] += count
            if is_failed:
                counts[1] += count
        return stats

    def _write_standards_sheet(self, workbook, styles, domain):
        sheet = workbook.add_worksheet(self.env._("Standards"))
        columns = [
            (self.env._("Code"), 12), (self.env._("Standard"), 45), (self.env._("Category"), 22),
            (self.env._("Criticality"), 11), (self.env._("Checked"), 9), (self.env._("Failed"), 9),
            (self.env._("Compliance (%)"), 12),
        ]
        self._write_header(sheet, styles, columns)
        stats = self._standard_stats(domain)
        criticalities = dict(
            self.env["network.audit.standard"]._fields["criticality"]._description_selection(
                self.env
            )
        )
        # Most failed first; at equal failures the least compliant first.
        ordered = sorted(
            stats.items(),
            key=lambda item: (-item[1][1], -item[1][1] / item[1][0], item[0].code or ""),
        )
        for row, (standard, (checked, failed)) in enumerate(ordered, start=1):
            sheet.write_string(row, 0, standard.code or "")
            sheet.write_string(row, 1, standard.name)
            sheet.write_string(row, 2, standard.category_id.name or "")
            sheet.write_string(row, 3, criticalities.get(standard.criticality, ""))
            sheet.write_number(row, 4, checked, styles["count"])
            sheet.write_number(row, 5, failed, styles["count"])
            sheet.write_number(row, 6, 100.0 * (checked - failed) / checked, styles["score"])
        last_row = max(len(ordered), 1)
        sheet.conditional_format(1, 6, last_row, 6, {
            "type": "data_bar", "bar_color": "#63BE7B", "min_type": "num", "min_value": 0,
            "max_type": "num", "max_value": 100,
        })
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, last_row, len(columns) - 1)
