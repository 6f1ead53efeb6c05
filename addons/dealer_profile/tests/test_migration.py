from odoo.tests import TransactionCase, tagged

from ..tools.migration import hand_over_xmlids


@tagged("post_install", "-at_install")
class TestMigrationHelpers(TransactionCase):
    def test_xmlids_handed_over_to_their_declaring_module(self):
        Data = self.env["ir.model.data"]
        kpi = self.env["dealer.kpi"].search([], limit=1)
        for name in ("test_moved_kpi", "test_kept_kpi"):
            Data.create({"module": "dealer_profile", "name": name, "model": "dealer.kpi",
                         "res_id": kpi.id})
        Data.create({"module": "cx_cases", "name": "test_kept_kpi", "model": "dealer.kpi",
                     "res_id": kpi.id})
        hand_over_xmlids(self.env.cr, {"test_moved_kpi": "cx_cases", "test_kept_kpi": "cx_cases"})
        self.env.invalidate_all()
        moved = Data.search([("name", "=", "test_moved_kpi")])
        self.assertEqual(moved.mapped("module"), ["cx_cases"])
        self.assertEqual(moved.res_id, kpi.id, "the record keeps its values")
        kept = Data.search([("name", "=", "test_kept_kpi")])
        self.assertEqual(sorted(kept.mapped("module")), ["cx_cases", "dealer_profile"],
                         "an id the module already owns is left as it is")


@tagged("post_install", "-at_install")
class TestDateFormatMigration(TransactionCase):
    def test_german_and_norwegian_dates_migrated(self):
        """19.0.1.5.0 writes the German and Norwegian dates 12.11.2026 in a database
        installed before (Odoo's 12/11/2026); a format chosen in Settings stays."""
        from .migration_script import load_migration  # noqa: PLC0415

        Lang = self.env["res.lang"].with_context(active_test=False)
        german, norwegian = (Lang.search([("code", "=", code)]) for code in ("de_DE", "nb_NO"))
        german.date_format, norwegian.date_format = "%d/%m/%Y", "%Y-%m-%d"
        self.env.flush_all()
        load_migration("dealer_profile", "19.0.1.5.0").migrate(self.env.cr, "19.0.1.4.0")
        self.env.invalidate_all()
        self.assertEqual(german.date_format, "%d.%m.%Y")
        self.assertEqual(norwegian.date_format, "%Y-%m-%d", "a chosen format stays")
