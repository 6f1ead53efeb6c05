from odoo import api, models
from odoo.exceptions import UserError

# Only the workflow's own methods (action_*, crons, wizards) write the fields a model
# guards. They do it through ``_workflow()``, which puts this key in the context with
# THIS object as its value. A JSON-RPC caller (/web/dataset/call_kw, /json/2) can send
# any context key, but only JSON values: never this Python object, so the identity test
# in ``_in_workflow`` cannot be forged from outside the server. ``_workflow`` is private,
# so it cannot be called over RPC either.
WORKFLOW_CONTEXT_KEY = "dealer_workflow_write"
_WORKFLOW_TOKEN = object()

# Fields of the chatter (mail.thread, mail.activity.mixin, portal.mixin): a locked record
# still takes messages, followers, activities and a portal token.
CHATTER_PREFIXES = ("message_", "activity_")
CHATTER_FIELDS = {"website_message_ids", "access_token", "rating_ids"}


class DealerWorkflowMixin(models.AbstractModel):
    """Workflow fields change only through the workflow's methods, and locked records
    accept only the chatter, whatever path a write takes (form, import, JSON-RPC).

    A model lists ``_workflow_fields`` and calls ``_check_workflow_write(vals)`` first
    thing in ``write`` and ``_check_workflow_create(vals_list)`` in ``create``; it says
    which of its records are locked in ``_workflow_locked`` and which cannot be deleted
    in ``_workflow_unlink_locked``. The superuser (``sudo()``, crons, data files) is
    server code that decided already, as ``hr.leave._check_approval_update`` assumes."""

    _name = "dealer.workflow.mixin"
    _description = "Workflow Fields Written by Their Methods Only"

    # States, who/when validated, values frozen at a transition, stored scores.
    _workflow_fields = ()
    # Workflow fields a caller may still give at creation (the record's own links).
    _workflow_create_fields = ()
    # Fields a locked record still accepts, besides the chatter.
    _workflow_open_fields = ()

    def _workflow(self):
        """These records as their workflow methods write them: guarded fields open.
        Never return records of this environment to a caller (use ``with_env``)."""
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _in_workflow(self):
        return self.env.su or self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN

    def _workflow_locked(self):
        """The records of self that accept only the chatter and ``_workflow_open_fields``."""
        return self.browse()

    def _workflow_unlink_locked(self):
        """The records of self that cannot be deleted."""
        return self._workflow_locked()

    def _workflow_lock_message(self, record):
        return self.env._(
            "%(record)s is locked: only messages can be added to it.",
            record=record.display_name,
        )

    def _workflow_field_labels(self, names):
        return ", ".join(self._fields[name].string for name in sorted(names))

    def _refuse_workflow(self, operation, message):
        # Users without the right at all get the ORM's AccessError, not a workflow lesson.
        (self.browse() if operation == "create" else self).check_access(operation)
        raise UserError(message)

    def _check_workflow_write(self, vals):
        if self._in_workflow():
            return
        guarded = set(vals) & set(self._workflow_fields)
        if guarded:
            self._refuse_workflow("write", self.env._(
                "%(fields)s of %(model)s change only through its buttons.",
                fields=self._workflow_field_labels(guarded), model=self._description,
            ))
        edited = {
            name for name in vals
            if name not in self._workflow_open_fields
            and name not in CHATTER_FIELDS and not name.startswith(CHATTER_PREFIXES)
        }
        locked = edited and self._workflow_locked()
        if locked:
            self._refuse_workflow("write", self._workflow_lock_message(locked[:1]))

    def _check_workflow_create(self, vals_list):
        """Workflow fields start at their default: a record is not born validated."""
        if self._in_workflow():
            return
        allowed = set(self._workflow_create_fields)
        for vals in vals_list:
            guarded = {
                name for name in set(vals) & set(self._workflow_fields) - allowed
                if not self._is_initial_value(name, vals[name])
            }
            if guarded:
                self._refuse_workflow("create", self.env._(
                    "%(fields)s of %(model)s change only through its buttons: create it "
                    "without them.",
                    fields=self._workflow_field_labels(guarded), model=self._description,
                ))

    def _check_workflow_created(self):
        """After create: records born inside a locked one (an answer of a validated
        audit) are refused like a write to it."""
        if self._in_workflow():
            return
        locked = self._workflow_locked()
        if locked:
            raise UserError(self._workflow_lock_message(locked[:1]))

    def _is_initial_value(self, name, value):
        field = self._fields[name]
        default = field.default(self) if field.default else False
        return not value or value == default

    @api.ondelete(at_uninstall=False)
    def _unlink_except_workflow_locked(self):
        if self._in_workflow():
            return
        locked = self._workflow_unlink_locked()
        if locked:
            raise UserError(self._workflow_unlink_message(locked[:1]))

    def _workflow_unlink_message(self, record):
        return self.env._(
            "%(record)s cannot be deleted at this stage of its workflow.",
            record=record.display_name,
        )

    def _check_company_move(self, vals, fnames=("company_id",)):
        """After a write that may move records to another market: the records must
        still be the user's to write. Record rules are checked before a write, on the
        old market; this checks the new one (create checks it already)."""
        if not self.env.su and set(fnames) & set(vals):
            self.check_access("write")
