"""Access-matrix checks shared by the suite's addons: a role against models ×
create/read/write/unlink, asserting both what is allowed and what is refused."""

import itertools

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

OPERATIONS = ("create", "read", "write", "unlink")


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
        for model, operation in itertools.product(self.MODELS, OPERATIONS):
            allowed = operation[0] in self.EXPECTED_RIGHTS[role][model]
            with self.subTest(role=role, model=model, operation=operation, allowed=allowed):
                if allowed:
                    self._do(user, model, operation)()
                else:
                    self.assertNoAccess(self._do, user, model, operation)
