"""The suite's access-matrix checks, shared by its addons: a role against models ×
operations, each cell a subTest asserting both what is allowed and what is refused.

- ``MarketMatrixMixin``: who may do what in which market, on a record of market A and
  on one of market B. The expectations are one table per addon:
  ``{role: {model: "A letters/B letters"}}`` with the letters c(reate) r(ead) w(rite)
  u(nlink); a model shared by every market (a library, a configuration) gives one set
  of letters. A refused cell must raise AccessError (the rights or the record rules,
  never a workflow message); an allowed one must have its effect, seen as the
  superuser. Reading covers searching: a record a role may not read is not found either.
- ``AccessMatrixMixin``: a role's rights on models whatever the market
  (create/read/write/unlink on records the admin created)."""

import itertools

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

OPERATIONS = ("read", "write", "create", "unlink")
MARKETS = ("A", "B")
# The operations of AccessMatrixMixin, in the order it tries them.
ACCESS_OPERATIONS = ("create", "read", "write", "unlink")


class MarketMatrixMixin:
    """Mix into a TransactionCase. Subclasses define:

    - ``MARKET_RIGHTS``: the table above;
    - ``READ_FIELD``: {model: a field to read back};
    - ``OPERATIONS``: {model: the operations the matrix tries} (default: all four);
    - ``_matrix_users()``: {role: user};
    - ``_matrix_vals(model, market)``: values creating a record of that market;
    - ``_matrix_write_vals(model)``: values to write;
    - optionally ``_matrix_record(model, market)``: the record (created as the
      superuser) the role reads, writes and deletes.
    """

    MARKET_RIGHTS = {}
    READ_FIELD = {}
    OPERATIONS = {}

    def _matrix_record(self, model, market):
        return self.env[model].create(self._matrix_vals(model, market))

    def _expected(self, role, model, market):
        letters = self.MARKET_RIGHTS[role][model]
        if "/" in letters:
            letters = dict(zip(MARKETS, letters.split("/"), strict=True))[market]
        return letters

    def _matrix_cell(self, user, model, market, operation, allowed=True):
        """Run the operation as the user; return a check of its effect."""
        Model = self.env[model].with_user(user)
        if operation == "create":
            record = Model.create(self._matrix_vals(model, market))
            return lambda: self.assertTrue(record.sudo().exists())
        record = self._matrix_record(model, market)
        as_user = record.with_user(user)
        if operation == "read":
            found = Model.search([("id", "=", record.id)])
            if not allowed:
                self.assertFalse(found, "an unreadable record is not found either")
            field = self.READ_FIELD[model]
            values = as_user.read([field])  # AccessError when refused
            return lambda: (
                self.assertEqual(found, as_user, "a readable record is found"),
                self.assertEqual(values[0][field], record._fields[field].convert_to_read(
                    record[field], record, use_display_name=True)),
            )
        if operation == "write":
            vals = self._matrix_write_vals(model)
            as_user.write(vals)
            return lambda: self.assertRecordValues(record, [vals])
        as_user.unlink()
        return lambda: self.assertFalse(record.exists())

    def _check_market_matrix(self, roles=None):
        users = self._matrix_users()
        for role in roles or self.MARKET_RIGHTS:
            user = users[role]
            cells = (
                (model, market) for model, letters in self.MARKET_RIGHTS[role].items()
                # a shared model: one record stands for every market
                for market in (MARKETS if "/" in letters else MARKETS[:1])
            )
            for model, market in cells:
                allowed_letters = self._expected(role, model, market)
                for operation in self.OPERATIONS.get(model, OPERATIONS):
                    allowed = operation[0] in allowed_letters
                    with self.subTest(role=role, model=model, market=market,
                                      operation=operation, allowed=allowed), \
                            self.env.cr.savepoint():
                        if allowed:
                            self._matrix_cell(user, model, market, operation)()
                        else:
                            with self.assertRaises(AccessError), \
                                    mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"):
                                self._matrix_cell(user, model, market, operation, False)


class AccessMatrixMixin:
    """Mix into a TransactionCase. Subclasses define:

    - ``MODELS``: the model names of the matrix;
    - ``EXPECTED_RIGHTS``: {role: {model: letters of c(reate) r(ead) w(rite) u(nlink)}};
    - ``READ_FIELD``: {model: a field to read back};
    - ``_create_vals(model)`` and ``_write_vals(model)``;
    - optionally ``_matrix_record(model, record)``: the record the admin created, brought
      to the stage the role works on (workflow fields are the workflow's, not the
      matrix's: a dealer reads validated audits, an auditor writes conducted ones).
    """

    MODELS = ()
    EXPECTED_RIGHTS = {}
    READ_FIELD = {}

    def _do(self, user, model, operation):
        """Run the operation as the user; return a check of its effect, made as admin."""
        if operation == "create":
            record = self.env[model].with_user(user).create(self._create_vals(model))
            return lambda: self.assertTrue(record.sudo().exists())
        record = self._matrix_record(model, self.env[model].create(self._create_vals(model)))
        as_user = record.with_user(user)
        if operation == "read":
            field = self.READ_FIELD[model]
            values = as_user.read([field])
            return lambda: self.assertEqual(values[0][field], record[field])
        if operation == "write":
            vals = self._write_vals(model)
            as_user.write(vals)
            return lambda: self.assertRecordValues(record, [vals])
        as_user.unlink()
        return lambda: self.assertFalse(record.exists())

    def _matrix_record(self, model, record):
        return record

    def assertNoAccess(self, func, *args):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            func(*args)

    def _check_matrix(self, role, user):
        for model, operation in itertools.product(self.MODELS, ACCESS_OPERATIONS):
            allowed = operation[0] in self.EXPECTED_RIGHTS[role][model]
            with self.subTest(role=role, model=model, operation=operation, allowed=allowed):
                if allowed:
                    self._do(user, model, operation)()
                else:
                    self.assertNoAccess(self._do, user, model, operation)
