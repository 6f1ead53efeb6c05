"""Tools of the guard-layer tests of every addon (dealer.workflow.mixin): the can_*
flags against what the server does, and JSON-RPC calls as another user would make
them, with the context keys a client may forge."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# Context keys that once skipped rules, or could look like the workflow's token: a
# client sends them all, and nothing may change.
FORGED_CONTEXT = {
    "order_tracking_raw": True,
    "audit_standard_freezing": True,
    "dealer_kpi_no_rating": True,
    "dealer_workflow_write": True,
    "dealer_rating_no_award_notification": True,
    "_force_unlink": True,
}
REFUSALS = (AccessError, UserError, ValidationError)


class CanFlagsAgreeMixin:
    """For a TransactionCase: ``can_<button>`` is True exactly when pressing the
    button (``action_<button>``, or the call given) does not raise, for each user."""

    def _button_passes(self, record, call):
        """Press the button in a savepoint rolled back afterwards: True if it passed."""
        with self.env.cr.savepoint() as savepoint, mute_logger("odoo.models"):
            try:
                call(record)
                passed = True
            except REFUSALS:
                passed = False
            savepoint.rollback()
        self.env.invalidate_all()
        return passed

    def assertCanFlagsAgree(self, records, users, calls=None):
        """``calls``: {button: function(record as the user)}; the default presses
        ``action_<button>()``. Every ``can_*`` field of the model is checked."""
        calls = calls or {}
        buttons = [
            name[4:] for name, field in records._fields.items()
            if name.startswith("can_") and field.compute == "_compute_workflow_can"
        ]
        self.assertTrue(buttons, f"{records._name} has no can_* flag")
        checked = 0
        for user in users:
            for record in records:
                as_user = record.with_user(user)
                for button in buttons:
                    call = calls.get(button) or (lambda r, b=button: getattr(r, f"action_{b}")())
                    self.env.invalidate_all()
                    can = as_user.has_access("read") and as_user[f"can_{button}"]
                    passed = self._button_passes(as_user, call)
                    with self.subTest(model=records._name, record=record.display_name,
                                      state=record._workflow_state(), user=user.login,
                                      button=button):
                        self.assertEqual(can, passed)
                    checked += 1
        return checked


class JsonRpcMixin:
    """For an HttpCase: call_kw as a logged-in user, with forged context keys."""

    # The test users' passwords: their login followed by this.
    password_suffix = ""

    def call_kw(self, login, model, method, args, kwargs=None, context=None):
        self.authenticate(login, login + self.password_suffix)
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args,
            "kwargs": {**(kwargs or {}), "context": {**FORGED_CONTEXT, **(context or {})}},
        })

    def assertRpcRefused(self, login, model, method, args, kwargs=None, context=None):
        """The call fails with a clear Odoo error (never a server error)."""
        with self.assertRaises(JsonRpcException) as caught, mute_logger(
            "odoo.http", "odoo.models", "odoo.addons.base.models.ir_model"
        ):
            self.call_kw(login, model, method, args, kwargs, context)
        self.assertIn(
            caught.exception.args[0],
            ("odoo.exceptions.AccessError", "odoo.exceptions.UserError",
             "odoo.exceptions.ValidationError"),
        )

    def assertDefaultsRefused(self, login, model, vals, defaults):
        """``defaults`` sent as the context's ``default_<field>`` keys (the ORM adds
        them after create's checks of vals ran) are refused as the same vals are, and
        the same vals without them pass: the refusal is the defaults'."""
        context = {f"default_{name}": value for name, value in defaults.items()}
        self.assertRpcRefused(login, model, "create", [vals], context=context)
        self.assertRpcRefused(login, model, "create", [{**vals, **defaults}])
        return self.call_kw(login, model, "create", [vals])


class GuardHttpCase(JsonRpcMixin, HttpCase):
    """Base of the JSON-RPC guard tests (post_install, tagged by the subclasses)."""
