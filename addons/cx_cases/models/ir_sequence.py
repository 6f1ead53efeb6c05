from odoo import models


class IrSequence(models.Model):
    _name = "ir.sequence"
    _inherit = ["ir.sequence", "dealer.process.cache.mixin"]  # cx.case._case_sequence

    def _process_cache_concerned(self, vals_list):
        """Only the cases' sequence is kept."""
        return any(seq.code == "cx.case" for seq in self) or any(
            vals.get("code") == "cx.case" for vals in vals_list
        )
