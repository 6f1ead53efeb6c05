from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.dealer_profile.tests.migration_script import load_migration

MODELS = ("vehicle.order", "vehicle.order.event", "vehicle.order.eta.change")


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    """The tables a feed writes carry the indexes their fields declare, no more: each
    index is updated with every event stored or changed and every order moved."""

    def _field_indexes(self, table):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [table, f"{table}\\_\\_%\\_index"],
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_field_indexes_are_the_declared_ones(self):
        for model_name in MODELS:
            Model = self.env[model_name]
            declared = {f"{Model._table}__{name}_index" for name, field in Model._fields.items()
                        if field.store and field.column_type and field.index}
            with self.subTest(model=model_name):
                self.assertEqual(self._field_indexes(Model._table), declared)

    def test_lookups_use_the_unique_indexes(self):
        """What the dropped single-column indexes served, the unique indexes serve."""
        lookups = {
            "vehicle_order_event_order_status_uniq":
                SQL("SELECT id FROM vehicle_order_event WHERE order_id = %s", 1),
            "vehicle_order_event_external_id_uniq": SQL(
                "SELECT id FROM vehicle_order_event WHERE source_system = %s "
                "AND external_id = %s", "FACTORY", "E-1"),
            "vehicle_order_vin_uniq":
                SQL("SELECT id FROM vehicle_order WHERE vin = %s", "YV1TEST0000000001"),
        }
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for index, query in lookups.items():
            self.env.cr.execute(SQL("EXPLAIN %s", query))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            with self.subTest(index=index):
                self.assertIn(index, plan)

    def test_migration_drops_the_obsolete_indexes(self):
        migration = load_migration("order_tracking", "19.0.1.1.0")
        for index, table in migration.OBSOLETE_INDEXES.items():
            column = index.removeprefix(f"{table}__").removesuffix("_index")
            self.env.cr.execute(SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (%s)", SQL.identifier(index),
                SQL.identifier(table), SQL.identifier(column),
            ))
        migration.migrate(self.env.cr, "19.0.1.0.0")
        for table in set(migration.OBSOLETE_INDEXES.values()):
            self.assertFalse(set(migration.OBSOLETE_INDEXES) & self._field_indexes(table))

    def test_orders_table_leaves_room_for_updates(self):
        self.env.cr.execute("SELECT reloptions FROM pg_class WHERE relname = 'vehicle_order'")
        self.assertIn("fillfactor=80", self.env.cr.fetchone()[0] or [])
