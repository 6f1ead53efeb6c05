from odoo import models


class PrivacyLookupWizardLine(models.TransientModel):
    _inherit = "privacy.lookup.wizard.line"

    def action_unlink(self):
        """Erasure of a case or of a rating of a case anonymizes it: the person is
        forgotten, the statistics (CSAT, SLA, counts) stay."""
        self.ensure_one()
        case = self._cx_case_to_anonymize()
        if case is None:
            return super().action_unlink()
        case._privacy_anonymize()
        self.is_unlinked = True
        self.execution_details = self.env._(
            "Anonymized %(model)s #%(id)s", model=self.res_model, id=self.res_id
        )
        return True

    def _cx_case_to_anonymize(self):
        if self.res_model == "cx.case":
            return self.env["cx.case"].sudo().browse(self.res_id).exists()
        if self.res_model == "rating.rating":
            rating = self.env["rating.rating"].sudo().browse(self.res_id).exists()
            if rating.res_model == "cx.case":
                return self.env["cx.case"].sudo().browse(rating.res_id).exists()
        return None
