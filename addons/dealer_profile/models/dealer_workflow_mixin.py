from collections import namedtuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..tools.orm_input import refuse_out_of_range, refuse_unsearchable, refuse_unstorable
from ..tools.portal_form import posted_id

# Only the workflow's own methods (action_*, crons, wizards) write the fields a model
# guards. They do it through ``_workflow()``, which puts this key in the context with
# THIS object as its value. A JSON-RPC caller (/web/dataset/call_kw, /json/2) can send
# any context key, but only JSON values: never this Python object, so the identity test
# in ``_in_workflow`` cannot be forged from outside the server. ``_workflow`` is private,
# so it cannot be called over RPC either.
WORKFLOW_CONTEXT_KEY = "dealer_workflow_write"
_WORKFLOW_TOKEN = object()
# A model's own ``create``/``write`` that adds server-only values to what the client sent
# lets exactly those through with this key (``_server_values_open``): its value is a
# private object, never a JSON value, so a client cannot send it either.
SERVER_VALUES_CONTEXT_KEY = "dealer_server_values"


class _ServerValues(frozenset):
    """The names of the server-only fields a model's own override is setting."""

# Fields of the chatter (mail.thread, mail.activity.mixin, portal.mixin): a locked record
# still takes messages, followers, activities and a portal token.
CHATTER_PREFIXES = ("message_", "activity_")
CHATTER_FIELDS = {"website_message_ids", "access_token", "rating_ids"}

# One move of a transition table, and who may make it: members of ``group`` (an xml id)
# for whom the private method ``check`` (if any) returns True, holding write access to
# the record. ``button`` names the action that makes the move (``can_<button>`` shows
# it); a move ``method_only`` is never made by a plain write, only by that action.
Allow = namedtuple("Allow", "group check button method_only", defaults=(None, None, None, False))
# Targets of a table besides states: deleting the record, and any current state.
UNLINK = "__unlink__"
ANY_STATE = "__any__"


def is_uninstalling(env):
    """Records deleted by a module's uninstallation, which runs as superuser with
    ``MODULE_UNINSTALL_FLAG`` (``_force_unlink``) in the context. Any JSON-RPC client
    sends that key too: it counts for the superuser only. (Odoo skips every
    ``ondelete(at_uninstall=False)`` method for it, whoever calls: the suite's use
    ``at_uninstall=True`` and this.)"""
    return env.su and bool(env.context.get(MODULE_UNINSTALL_FLAG))


def add_default_values(records, vals_list, names):
    """Give each of ``vals_list`` the defaults of ``names`` it lacks that the caller
    chose: the context's ``default_<name>`` keys (a JSON-RPC client sends any) and the
    user's own ``ir.default`` values (any internal user sets them). ``BaseModel.create``
    adds them only after every ``create`` override ran, past a check of ``vals``: a
    guard calls this first and refuses them as it refuses the same value in ``vals``.
    The field's own default is code, trusted; ``default_get`` converts the values as
    the ORM will store them."""
    context = records.env.context
    user_defaults = records.env["ir.default"]._get_model_defaults(records._name)
    chosen = [name for name in names if f"default_{name}" in context or name in user_defaults]
    defaults = records.default_get(chosen) if chosen else {}
    if defaults:
        for vals in vals_list:
            for name, value in defaults.items():
                vals.setdefault(name, value)
    return vals_list


def check_company_move(records, vals, fnames=("company_id",)):
    """After a write that may move ``records`` to another market: they must still be
    the user's to write. Record rules are checked before a write, on the old market;
    this checks the new one (create checks it already). For any model with a market,
    workflow or not."""
    if not records.env.su and set(fnames) & set(vals):
        records.check_access("write")


class _NoAccess(AccessError):
    """The user may not write (or delete) ``record`` at all: the ORM says why."""

    def __init__(self, record, operation):
        super().__init__(f"No {operation} access to {record._name}")
        self.record = record
        self.operation = operation


def server_computed_fields(model, names):
    """The fields among ``names`` whose value the server computes: stored, computed
    (a related field too), read-only and without an inverse. Read-only is only the
    views' word: ``write`` and ``create`` store what a client gives such a field."""
    fields = model._fields
    return {
        name for name in names
        if name in fields and fields[name].store and fields[name].compute
        and fields[name].readonly and not fields[name].inverse
    }


class DealerInputGuardMixin(models.AbstractModel):
    """Every model of the suite refuses, for every client, the values the database or
    the views cannot take (tools/orm_input.refuse_out_of_range): a NUL, a date of year
    9999, an id beyond PostgreSQL's integer get a ValidationError naming the field, not
    an SQL error, in vals and in ``default_<field>`` context keys alike; a search whose
    filter holds a NUL gets the same (tools/orm_input.refuse_unsearchable), not
    psycopg2's ValueError. The server's own writes (superuser, ``_workflow()``) are not
    checked, but for the text of models that ``_input_guard_binds_superuser``. It also
    marks the suite's documents (their chatter keeps its trace and its authors:
    dealer_profile's mail.thread and mail.message)."""

    _name = "dealer.input.guard.mixin"
    _description = "Input Checks of the Suite's Models"

    # True: text the database cannot store is refused, naming the field, in the server's
    # own writes too (records made from outside data as superuser: mails, imports, API).
    _input_guard_binds_superuser = False

    @api.model_create_multi
    def create(self, vals_list):
        if not self._server_fields_open():
            # The context's default_<field> values are the client's values too.
            add_default_values(self, vals_list, [
                key[8:] for key in self.env.context
                if key.startswith("default_") and key[8:] in self._fields
            ])
            for vals in vals_list:
                refuse_out_of_range(self, vals)
        elif self._input_guard_binds_superuser:
            for vals in vals_list:
                refuse_unstorable(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self._server_fields_open():
            refuse_out_of_range(self, vals)
        elif self._input_guard_binds_superuser:
            refuse_unstorable(self, vals)
        return super().write(vals)

    @api.model
    def _search(self, domain, *args, **kwargs):
        refuse_unsearchable(self, domain)
        return super()._search(domain, *args, **kwargs)

    def _server_fields_open(self):
        return self.env.su or self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN


class DealerServerFieldsMixin(models.AbstractModel):
    """Stored fields the server computes (an outlet's stars and ranks, the case a
    rating belongs to, a market related from the outlet, an order's phase) are written
    by no client, whatever it sends (vals or ``default_<field>`` context keys, over
    JSON-RPC too): the ORM would store the value given and keep it until a dependency
    changes. The server's own code writes them as superuser or through ``_workflow()``
    (dealer.workflow.mixin, which includes this guard). It includes the input checks
    (dealer.input.guard.mixin), which models without such fields inherit alone."""

    _name = "dealer.server.fields.mixin"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Computed Fields Written by the Server Only"

    # None: every stored computed field of the model. A tuple: only these (a core
    # model guards the suite's fields and leaves its own flows as they are).
    _server_fields = None
    # Plain fields the model's own code sets when a record is made (found or made by
    # the server, never typed): refused in write as the computed ones.
    _server_set_fields = ()
    # Plain fields only the server's code ever sets (reminder flags, "was answered"
    # markers): refused in write, and at creation unless left at their initial value.
    # Server code sets them as superuser, through ``_workflow()``, or, when a model's own
    # ``create``/``write`` adds them to the client's values, through
    # ``_server_values_open`` (never a context key a client can send).
    _server_only_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_server_create(vals_list)
        return super().create(vals_list)

    def _check_server_create(self, vals_list):
        """What ``create`` checks (the caller's defaults added to ``vals_list``): a
        model whose ``create`` stores records without ``super().create`` (a set-based
        upsert) calls it itself."""
        if self._server_fields_open():
            return
        add_default_values(
            self, vals_list, self._server_field_names() | set(self._server_only_fields)
        )
        opened = self._server_values_opened()
        self._check_server_fields({
            name for vals in vals_list for name, value in vals.items()
            if name not in opened and not (
                name in self._server_only_fields and self._is_initial_server_value(
                    name, value)
            )
        }, "create")

    def write(self, vals):
        if not self._server_fields_open():
            self._check_server_fields(set(vals) - self._server_values_opened(), "write")
        return super().write(vals)

    def _server_values_opened(self):
        opened = self.env.context.get(SERVER_VALUES_CONTEXT_KEY)
        return opened if isinstance(opened, _ServerValues) else frozenset()

    def _server_values_open(self, client_vals_list, names, create=False):
        """For a model's own ``create``/``write`` that adds values of the server-only
        ``names`` to what the client sent: checks the client's ``client_vals_list``
        (a list of vals; ``create``: of a creation) now, before the override adds its
        values, and returns ``self`` letting exactly ``names`` through the check of
        ``super()``. Call it first: ``records = self._server_values_open([vals],
        ["flag"])``, then ``super(Model, records).write(vals)``."""
        if not self._server_fields_open():
            operation = "create" if create else "write"
            if operation == "create":
                # The context's defaults of these fields are the client's values too.
                add_default_values(self, client_vals_list, set(self._server_only_fields))
            self._check_server_fields({
                name for vals in client_vals_list for name, value in vals.items()
                if name in self._server_only_fields and not (
                    operation == "create" and self._is_initial_server_value(name, value)
                )
            }, operation)
        return self.with_context(**{SERVER_VALUES_CONTEXT_KEY: _ServerValues(names)})

    def _is_initial_server_value(self, name, value):
        field = self._fields[name]
        default = field.default(self) if field.default else False
        return not value or value == default

    def _server_field_names(self):
        names = self._fields if self._server_fields is None else self._server_fields
        return server_computed_fields(self, names)

    def _check_server_fields(self, names, operation):
        guarded = server_computed_fields(self, names)
        if self._server_fields is not None:
            guarded &= set(self._server_fields)
        if operation == "write":
            guarded |= set(names) & set(self._server_set_fields)
        # At creation, the caller left out (or at their initial value) the server-only
        # fields it may give: what is left is refused.
        guarded |= set(names) & set(self._server_only_fields)
        if guarded:
            # Users without the right at all get the ORM's AccessError.
            (self.browse() if operation == "create" else self).check_access(operation)
            raise UserError(self.env._(
                "%(fields)s of %(model)s are set by the server: they cannot be written.",
                fields=", ".join(self._fields[name].string for name in sorted(guarded)),
                model=self._description,
            ))


class DealerWorkflowMixin(models.AbstractModel):
    """The one guard of the suite's workflow models, the ``hr.leave`` way: a transition
    table per model and one check (``_check_workflow_transition``) that ``write`` (when
    the state is written), ``create``, ``unlink``, the buttons and the ``can_*``
    computes of the views all call, so that buttons and server cannot disagree.

    Besides the table: workflow fields written only by the workflow's methods (through
    ``_workflow()``), locked records that accept only the chatter, fields frozen at a
    stage, and the company move check. A model calls ``_check_workflow_write(vals)``
    first thing in ``write`` and ``_check_workflow_create(vals_list)`` in ``create``.
    The superuser (``sudo()``, crons, data files) is server code that decided already,
    as ``hr.leave._check_approval_update`` assumes: it skips who-may checks."""

    _name = "dealer.workflow.mixin"
    _inherit = ["dealer.server.fields.mixin"]
    _description = "Workflow Fields Written by Their Methods Only"

    # States, who/when validated, values frozen at a transition, stored scores.
    _workflow_fields = ()
    # Workflow fields a caller may still give at creation (the record's own links).
    _workflow_create_fields = ()
    # Fields a locked record still accepts, besides the chatter.
    _workflow_open_fields = ()
    # The field the transition table is about, and the table:
    # {from state: {to state: Allow(...)}}; from False is the creation, ANY_STATE any.
    _workflow_state_field = None
    _workflow_transitions = {}
    # True: the table binds the superuser's plain writes too (a rule of the data, e.g.
    # a closed outlet stays closed); False: the superuser's writes are trusted.
    _workflow_table_binds_superuser = False
    # Fields final on the records ``_workflow_frozen`` returns (unless unchanged).
    _workflow_frozen_fields = ()
    # {field: group xml id}: who alone may write the field.
    _workflow_field_groups = {}
    # {button: what it does, as a past participle (LazyTranslate)}: the wording of
    # "it cannot be <started>" when the button does not apply.
    _workflow_button_verbs = {}

    def _workflow(self):
        """These records as their workflow methods write them: guarded fields open.
        Never return records of this environment to a caller (use ``with_env``)."""
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _in_workflow(self):
        return self.env.su or self._in_workflow_method()

    def _in_workflow_method(self):
        """Called from a workflow method (not merely as superuser)."""
        return self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN

    # Hooks of the models ------------------------------------------------------

    def _workflow_locked(self):
        """The records of self that accept only the chatter and ``_workflow_open_fields``."""
        return self.browse()

    def _workflow_attachments_locked(self):
        """The records of self whose attachments are final: new ones are added (as
        messages are), those held are neither rewritten nor deleted (dealer_profile's
        ir.attachment)."""
        return self._workflow_locked()

    def _workflow_attachments_lock_message(self, record):
        return self._workflow_lock_message(record)

    def _workflow_unlink_locked(self):
        """The records of self that cannot be deleted."""
        return self._workflow_locked()

    def _workflow_frozen(self):
        """The records of self whose ``_workflow_frozen_fields`` are final."""
        return self.browse()

    def _workflow_state(self):
        """The current state of the record, as the table names it."""
        self.ensure_one()
        return self[self._workflow_state_field]

    def _workflow_state_from_value(self, value):
        """The state a written value of the state field means (a stage id for a kind)."""
        return value

    def _workflow_state_label(self, state):
        field = self._fields[self._workflow_state_field]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(state, state or "-")
        return state or "-"

    def _workflow_nobody(self):
        """A move only server code makes (crons, the event logic): no user makes it."""
        return False

    def _workflow_lock_message(self, record):
        return self.env._(
            "%(record)s is locked: only messages can be added to it.",
            record=record.display_name,
        )

    def _workflow_unlink_message(self, record):
        return self.env._(
            "%(record)s cannot be deleted at this stage of its workflow.",
            record=record.display_name,
        )

    def _workflow_fields_message(self, names):
        return self.env._(
            "%(fields)s of %(model)s change only through its buttons.",
            fields=self._workflow_field_labels(names), model=self._description,
        )

    def _workflow_field_labels(self, names):
        return ", ".join(self._fields[name].string for name in sorted(names))

    def _refuse_workflow(self, operation, message):
        # Users without the right at all get the ORM's AccessError, not a workflow lesson.
        (self.browse() if operation == "create" else self).check_access(operation)
        raise UserError(message)

    # The one check ---------------------------------------------------------------

    def _workflow_rule(self, current, target):
        table = self._workflow_transitions
        rule = table.get(current, {}).get(target)
        return rule if rule is not None else table.get(ANY_STATE, {}).get(target)

    def _check_workflow_transition(self, target, button=None, raise_if_not_possible=True):
        """The one check of every move to ``target`` (a state, or UNLINK) made by
        ``button`` or by a write: the table allows it from each record's state and the
        user may make it. True when it may; else it raises why (or returns False, for
        the ``can_*`` computes)."""
        error = None
        if target == UNLINK:
            locked = self._workflow_unlink_locked()
            if locked:
                error = UserError(self._workflow_unlink_message(locked[:1]))
            elif not self._workflow_declares(UNLINK):
                return True  # the locks and the access rights decide
        for record in self:
            if error is not None:
                break
            error = record._workflow_transition_error(target, button)
        if error is not None and raise_if_not_possible:
            if isinstance(error, _NoAccess):
                error.record.check_access(error.operation)  # the ORM's own AccessError
            raise error
        return error is None

    def _workflow_transition_error(self, target, button):
        """Why this record cannot make the move (an exception to raise), or None."""
        self.ensure_one()
        current = self._workflow_state() if self._workflow_state_field else False
        if target == current and not button:
            return None  # a write that keeps the state
        # Users without the right at all get the ORM's AccessError, not a workflow lesson.
        access_error = self._workflow_access_error("unlink" if target == UNLINK else "write")
        if access_error is not None:
            return access_error
        if target == UNLINK:
            rule = self._workflow_rule(current, UNLINK)
            if rule is None:
                return UserError(self._workflow_unlink_message(self))
            return self._workflow_who_may_error(rule)
        rule = self._workflow_rule(current, target)
        if rule is None or (button and rule.button != button):
            return UserError(self._workflow_move_message(current, target, button))
        if rule.method_only and not button and not self._in_workflow_method() and (
            not self.env.su or self._workflow_table_binds_superuser
        ):
            return UserError(self._workflow_method_only_message(target))
        return self._workflow_who_may_error(rule)

    def _workflow_declares(self, target):
        return any(target in moves for moves in self._workflow_transitions.values())

    def _workflow_who_may_error(self, rule):
        """The user holds the rule's group and passes its check (that they may write or
        delete the record at all, record rules decide, as ``hr.leave`` asks
        ``check_access``: see ``_workflow_access_error``)."""
        if self.env.su:
            return None
        if (rule.group and not self.env.user.has_group(rule.group)) or (
            rule.check and not getattr(self, rule.check)()
        ):
            return AccessError(self.env._(
                "You are not allowed to do this on %(record)s at its stage (%(state)s).",
                record=self.display_name or self._description,
                state=self._workflow_state_label(self._workflow_state())
                if self.id and self._workflow_state_field else "-",
            ))
        return None

    def _workflow_access_error(self, operation):
        """None when the user may ``operation`` the record, else what to raise. Not
        the ORM's error itself: building it invalidates the record's cache, which a
        ``can_*`` compute cannot afford; ``_check_workflow_transition`` raises it."""
        if self.env.su:
            return None
        record = self if self.id else self.browse()
        return None if record.has_access(operation) else _NoAccess(record, operation)

    def _workflow_move_message(self, current, target, button=None):
        verb = button and self._workflow_button_verbs.get(button)
        if verb:
            return self.env._(
                "%(record)s is %(state)s: it cannot be %(action)s.",
                record=self.display_name, state=self._workflow_state_label(current),
                action=str(verb),
            )
        if target is None:
            return self.env._(
                "%(record)s is %(state)s: this action does not apply to it.",
                record=self.display_name, state=self._workflow_state_label(current),
            )
        return self.env._(
            "%(record)s is %(old)s: it cannot go to %(new)s this way.",
            record=self.display_name, old=self._workflow_state_label(current),
            new=self._workflow_state_label(target),
        )

    def _workflow_method_only_message(self, target):
        return self.env._(
            "%(record)s reaches %(state)s only through its button.",
            record=self.display_name, state=self._workflow_state_label(target),
        )

    # Recomputed when the state moves (in the same transaction too) and per user.
    @api.depends(lambda self: [self._workflow_state_field] if self._workflow_state_field else [])
    @api.depends_context("uid")
    def _compute_workflow_can(self):
        """``can_<button>`` of the views: whether the one check lets the user press
        the button, so that a button is shown exactly when the server accepts it."""
        names = [
            name for name, field in self._fields.items()
            if name.startswith("can_") and field.compute == "_compute_workflow_can"
        ]
        for record in self:
            for name in names:
                record[name] = record._workflow_can(name[4:])

    def _workflow_can(self, button):
        self.ensure_one()
        return bool(self.id) and self._check_workflow_button(button, raise_if_not_possible=False)

    def _workflow_button_target(self, button):
        """The state ``button`` moves this record to from its state (None: it does not
        apply there)."""
        self.ensure_one()
        table = self._workflow_transitions
        moves = {**table.get(ANY_STATE, {}), **table.get(self._workflow_state(), {})}
        return next((t for t, rule in moves.items() if rule.button == button), None)

    def _check_workflow_button(self, button, raise_if_not_possible=True):
        """What every transition button calls first: the one check, for the move the
        button makes from each record's state."""
        for record in self:
            target = record._workflow_button_target(button)
            if not record._check_workflow_transition(
                target, button=button, raise_if_not_possible=raise_if_not_possible
            ):
                return False
        return True

    # Write, create, unlink ---------------------------------------------------------

    def _check_workflow_write(self, vals):
        """First thing in ``write``: workflow fields, the state's move, locks, frozen
        fields and fields kept for a group."""
        in_workflow = self._in_workflow()
        guarded = set(vals) & set(self._workflow_fields)
        if guarded and not in_workflow:
            self._refuse_workflow("write", self._workflow_fields_message(guarded))
        field = self._workflow_state_field
        if field in vals and (not self.env.su or self._workflow_table_binds_superuser):
            self._check_workflow_transition(self._workflow_state_from_value(vals[field]))
        if not self._in_workflow_method():
            # Final values are a rule of the data: the superuser's writes keep them too.
            self._check_workflow_frozen(vals)
        if in_workflow:
            return
        self._check_workflow_field_groups(vals)
        edited = {
            name for name in vals
            if name not in self._workflow_open_fields
            and name not in CHATTER_FIELDS and not name.startswith(CHATTER_PREFIXES)
        }
        locked = edited and self._workflow_locked()
        if locked:
            self._refuse_workflow("write", self._workflow_lock_message(locked[:1]))

    def _check_workflow_field_groups(self, vals):
        for name in set(vals) & set(self._workflow_field_groups):
            if not self.env.user.has_group(self._workflow_field_groups[name]):
                raise AccessError(self.env._(
                    "You are not allowed to set %(field)s of %(model)s.",
                    field=self._fields[name].string, model=self._description,
                ))

    def _check_workflow_frozen(self, vals):
        names = set(vals) & set(self._workflow_frozen_fields)
        frozen = names and self._workflow_frozen()
        changed = [
            name for name in names for record in frozen
            if record._fields[name].convert_to_write(record[name], record) != vals[name]
        ]
        if changed:
            self._refuse_workflow("write", self._workflow_frozen_message(frozen[:1], changed))

    def _workflow_frozen_message(self, record, names):
        return self.env._(
            "%(record)s: its %(fields)s are final at this stage.",
            record=record.display_name, fields=self._workflow_field_labels(set(names)),
        )

    def _workflow_add_default_values(self, vals_list):
        """The context's (and the user's) defaults of the guarded fields, into
        ``vals_list``: checked as values given (see ``add_default_values``)."""
        names = set(self._workflow_fields)
        if self._workflow_state_field:
            names.add(self._workflow_state_field)
        return add_default_values(self, vals_list, names)

    def _check_workflow_create(self, vals_list):
        """Workflow fields start at their default (a record is not born validated), and
        the state at one the table allows from False, when it says. The defaults a
        caller chose (``default_state`` in the context) are checked as values given."""
        self._workflow_add_default_values(vals_list)
        in_workflow = self._in_workflow()
        field = self._workflow_state_field
        if False in self._workflow_transitions and (
            not self.env.su or self._workflow_table_binds_superuser
        ):
            for vals in vals_list:
                if vals.get(field):
                    self._check_workflow_first_state(
                        self._workflow_state_from_value(vals[field])
                    )
        if in_workflow:
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

    def _check_links_readable(self, vals_list, field_names, create=False):
        """The records the many2one ``field_names`` of ``vals_list`` (and, at creation,
        the context's ``default_`` values) point to are ones the caller may read: a
        link to another market's record shows it, or what the record copies from it,
        to the wrong people (AccessError otherwise). Server code (superuser, the
        workflow's token) links what it decided."""
        if self._in_workflow():
            return
        for name in field_names:
            ids = {vals[name] for vals in vals_list if vals.get(name)}
            default = self.env.context.get(f"default_{name}") if create else None
            if default and any(name not in vals for vals in vals_list):
                ids.add(default)
            # A value that is no id is the ORM's (or the input guard's) to refuse.
            record_ids = [record_id for record_id in map(posted_id, ids) if record_id]
            if record_ids:
                comodel = self.env[self._fields[name].comodel_name]
                comodel.browse(record_ids).check_access("read")

    def _check_workflow_first_state(self, state):
        rule = self._workflow_rule(False, state)
        if rule is None:
            raise UserError(self.env._(
                "A new %(model)s cannot start %(state)s: it gets there through its workflow.",
                model=self._description, state=self._workflow_state_label(state),
            ))
        error = self.browse()._workflow_who_may_error(rule)
        if error is not None:
            raise error

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

    # at_uninstall=True: with False, Odoo skips the method whenever the context holds
    # ``_force_unlink``, a key any JSON-RPC client can send. The superuser (who
    # uninstalls modules) is skipped below anyway.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_workflow_locked(self):
        if self._in_workflow():
            return
        self._check_workflow_transition(UNLINK)

    def _check_company_move(self, vals, fnames=("company_id",)):
        check_company_move(self, vals, fnames)
