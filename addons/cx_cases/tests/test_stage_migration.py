import json

from psycopg2 import sql

from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_profile.tests.migration_script import load_migration


@tagged("post_install", "-at_install")
class TestSolvedStageMigration(TransactionCase):
    """19.0.1.4.0 renames the solved stage of an existing database ("Solved - Awaiting
    Customer Confirmation" was cut in the kanban's header), in every language, where
    the name is still the module's."""

    def setUp(self):
        super().setUp()
        self.migration = load_migration("cx_cases", "19.0.1.4.0")
        self.stage = self.env.ref("cx_cases.stage_solved")

    def _store(self, column, texts):
        self.env.flush_all()
        self.env.cr.execute(
            sql.SQL("UPDATE cx_case_stage SET {} = %s::jsonb WHERE id = %s").format(
                sql.Identifier(column)
            ),
            (json.dumps(texts), self.stage.id),
        )
        self.stage.invalidate_recordset()

    def test_old_names_renamed(self):
        self._store("name", {lang: old for lang, (old, _new) in self.migration.NAMES.items()})
        self._store("description", {
            lang: old for lang, (old, _new) in self.migration.DESCRIPTIONS.items()
        })
        self.migration.migrate(self.env.cr, "19.0.1.3.0")
        self.stage.invalidate_recordset()
        self.assertEqual(self.stage.name, "Solved")
        self.assertEqual(self.stage.with_context(lang="nl_NL").name, "Opgelost")
        self.assertEqual(self.stage.with_context(lang="de_DE").name, "Gelöst")
        self.assertTrue(self.stage.description.startswith("Awaiting the customer's"))

    def test_renamed_stage_kept(self):
        """A name an administrator gave the stage is theirs: only the languages still
        holding the module's old name change."""
        self._store("name", {"en_US": "Solved, waiting for the customer",
                             "nl_NL": "Opgelost - wacht op bevestiging klant"})
        self.migration.migrate(self.env.cr, "19.0.1.3.0")
        self.stage.invalidate_recordset()
        self.assertEqual(self.stage.name, "Solved, waiting for the customer")
        self.assertEqual(self.stage.with_context(lang="nl_NL").name, "Opgelost")
