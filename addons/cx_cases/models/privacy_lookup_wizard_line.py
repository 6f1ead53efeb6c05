from odoo import models


class PrivacyLookupWizardLine(models.TransientModel):
    _inherit = "privacy.lookup.wizard.line"

    def action_unlink(self):
        """Erasure of a case or of a rating of a case anonymizes it: the person is
        forgotten, the statistics (CSAT, SLA, counts) stay."""
        self.ensure_one()
        case = self._cx_case_to_anonymize()
        if case is None:
            if self._cx_erased_already():
                return True
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

    def _cx_erased_already(self):
        """A line whose record went with an erased case (its test drive, the mails of
        its chatter): done, where Odoo's unlink would fail on the missing record
        (and "Delete all" would stop there)."""
        if self.is_unlinked or self.res_model not in self.env:
            return False
        if self.env[self.res_model].sudo().browse(self.res_id).exists():
            return False
        self.is_unlinked = True
        self.execution_details = self.env._(
            "%(model)s #%(id)s was deleted already (with the case it belonged to)",
            model=self.res_model, id=self.res_id,
        )
        return True
