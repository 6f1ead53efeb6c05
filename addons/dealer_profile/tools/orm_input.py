"""The portal form's rules (tools/portal_form.py) for values that reach a model
without a form: JSON-RPC, XML-RPC, imports, the mail gateway.

A model declares which of its fields follow which :class:`FieldSpec` (the same
specs as its portal form, so the limits live once) and calls :func:`check_vals`
from ``create``/``write`` before anything reaches the database: a NUL would
otherwise stop at PostgreSQL with an SQL error, a constraint would come too late.
"""

import re

from odoo.exceptions import UserError, ValidationError

from .portal_form import clean_value, forbidden_characters

# What neither PostgreSQL (NUL) nor UTF-8 (lone surrogates) can store.
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


def check_vals(env, vals, specs, country=None):
    """Raise ValidationError when a value of ``vals`` is one the portal form with
    ``specs`` ({field name: FieldSpec}) would refuse; empty values pass."""
    for field, spec in specs.items():
        value = vals.get(field)
        if value is False or value is None:
            continue
        try:
            clean_value(env, spec, value, country=country)
        except UserError as error:
            raise ValidationError(error.args[0]) from error


def refuse_unstorable(records, vals):
    """Raise ValidationError, naming the field, when a text value of ``vals``
    holds a character the database cannot store (NUL, a lone surrogate)."""
    for name, value in vals.items():
        if isinstance(value, str) and UNSTORABLE_RE.search(value):
            field = records._fields.get(name)
            raise ValidationError(records.env._(
                "%(field)s contains a character that cannot be stored (%(chars)s): "
                "remove it and send again.",
                field=field.string if field else name,
                chars=", ".join(forbidden_characters(value, multiline=True)),
            ))
