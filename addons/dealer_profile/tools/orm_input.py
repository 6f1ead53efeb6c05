"""The portal form's rules (tools/portal_form.py) for values that reach a model
without a form: JSON-RPC, XML-RPC, imports, the mail gateway.

A model declares which of its fields follow which :class:`FieldSpec` (the same
specs as its portal form, so the limits live once) and calls :func:`check_vals`
from ``create``/``write`` before anything reaches the database: a NUL would
otherwise stop at PostgreSQL with an SQL error, a constraint would come too late.
"""

import re
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .portal_form import MAX_INT, clean_value, forbidden_characters

# What neither PostgreSQL (NUL) nor UTF-8 (lone surrogates) can store.
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")
# The dates a client gives a record of the suite: wider than any date of the network
# (a contract's end, a planned handover), well inside what the views compute with. An
# audit dated 9999-12-31 made every list of its market grouped by month fail ("year
# 10000 is out of range"); a time of year 1 failed the time-zone conversion.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)


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


def refuse_out_of_range(records, vals):
    """Raise ValidationError, naming the field, for a value of ``vals`` the database or
    the views cannot take: text holding a character that cannot be stored, a date or
    time outside FIRST_DATE..LAST_DATE, an integer or record id beyond PostgreSQL's
    integer. Values of other kinds, and relations' commands, are the ORM's."""
    refuse_unstorable(records, vals)
    env = records.env
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is None or value is False or value is None:
            continue
        if field.type in ("date", "datetime"):
            _check_date(env, field, value)
        elif field.type in ("integer", "many2one") and isinstance(value, int) and (
            not isinstance(value, bool) and not -MAX_INT <= value <= MAX_INT
        ):
            raise ValidationError(env._(
                "%(field)s: %(value)s is too large a number.",
                field=field.string, value=str(value)[:40],
            ))


def refuse_unsearchable(records, domain):
    """Raise ValidationError, naming the field, when a value of the search ``domain``
    holds a character the database cannot take (a NUL): psycopg2 refused the query
    with its own ValueError ("A string literal cannot contain NUL"), a server error to
    the JSON-RPC caller. Values of sub-domains (``any``) and lists are searched too."""
    for name, text in _domain_strings(domain):
        if UNSTORABLE_RE.search(text):
            field = records._fields.get(name.split(".", 1)[0])
            raise ValidationError(records.env._(
                "The filter on %(field)s contains a character that cannot be searched "
                "(%(chars)s): remove it and search again.",
                field=field.string if field else name,
                chars=", ".join(forbidden_characters(text, multiline=True)),
            ))


def _domain_strings(domain):
    """(field path, text) of every string value of ``domain``."""
    try:
        conditions = Domain(domain).iter_conditions()
    except (TypeError, ValueError):
        return  # not a domain: the ORM's to refuse
    for condition in conditions:
        for text in _strings(condition.value):
            yield str(condition.field_expr), text


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, Domain):
        for condition in value.iter_conditions():
            yield from _strings(condition.value)


def _check_date(env, field, value):
    try:
        if field.type == "date":
            day = fields.Date.to_date(value)
        else:
            day = fields.Datetime.to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        day = None
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date) or not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(env._(
            "%(field)s: %(value)s is not a date between %(first)s and %(last)s.",
            field=field.string, value=str(value)[:40],
            first=FIRST_DATE.year, last=LAST_DATE.year,
        ))
