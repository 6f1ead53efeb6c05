from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Several audits printed at once (the list's Print menu): one wkhtmltopdf run
        per audit when wkhtmltopdf is built without the patched Qt (Debian's, which
        the suite installs), which converts one document per run only and refused the
        whole print. The PDFs are joined as those of any multi-record print."""
        ids = list(dict.fromkeys(res_ids or []))
        report = self._get_report(report_ref)
        if (report.model != "network.audit" or len(ids) < 2 or len(ids) != len(res_ids)
                or "(with patched qt)" in _wkhtml().version):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = {}
        for res_id in ids:
            streams.update(super()._render_qweb_pdf_prepare_streams(
                report_ref, dict(data or {}), res_ids=[res_id]
            ))
        return streams
