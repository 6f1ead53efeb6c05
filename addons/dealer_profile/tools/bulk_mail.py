"""The suite's set-based writes: array parameters for ``unnest`` (``array_param``), rows
inserted in one statement (``insert_rows``) and chatter notes of many records in one
INSERT: what ``mail.thread._message_log_batch`` stores (and ``mail.tracking.value``'s
create for tracking notes), without an ORM create of hundreds of messages (feeds log one
note per record they touch). The callers' tests compare every stored column with the ORM
path's."""

import datetime
import math

from markupsafe import Markup, escape

from odoo import fields
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id


def _quoted(text):
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _float(value):
    if not math.isfinite(value):
        raise TypeError(value)
    return repr(value)


# How a value of each Python type is written as an element of a PostgreSQL array
# literal; other types (JSON values, a bool outside a boolean column) are left to
# psycopg2.
ARRAY_ELEMENTS = {
    type(None): lambda _value: "NULL",
    int: str,
    float: _float,
    str: _quoted,
    Markup: _quoted,
    datetime.date: _quoted,
    datetime.datetime: lambda value: _quoted(value.isoformat(" ")),
}
BOOLEAN_ARRAY_ELEMENTS = {**ARRAY_ELEMENTS, bool: lambda value: "t" if value else "f"}


def array_param(values, column_type):
    """A ``%s::column_type[]`` parameter of ``values``: one array literal
    (``'{1,NULL,"text"}'``), so that psycopg2 adapts one string instead of every
    element (an adapter object and a quoting each: a fifth of a batch insert's time),
    or the list itself for values only psycopg2 adapts."""
    elements = BOOLEAN_ARRAY_ELEMENTS if column_type == "bool" else ARRAY_ELEMENTS
    try:
        return "{" + ",".join([elements[type(value)](value) for value in values]) + "}"
    except (KeyError, TypeError):
        return list(values)


def insert_rows(model, rows, returning=("id",)):
    """Insert ``rows`` (dicts of column values, all with the same keys, stored fields of
    ``model``; ``None`` for NULL) in one statement, one array per column (far faster
    than as many row tuples); the ``returning`` columns, in order."""
    columns = sorted(rows[0])
    types = {name: model._fields[name].column_type[1] for name in columns}
    return model.env.execute_query(SQL(
        "INSERT INTO %s (%s) SELECT * FROM unnest(%s) RETURNING %s",
        SQL.identifier(model._table),
        SQL(", ").join(SQL.identifier(name) for name in columns),
        SQL(", ").join(
            SQL("%s::%s[]", array_param([row[name] for row in rows], types[name]),
                SQL(types[name]))
            for name in columns
        ),
        SQL(", ").join(SQL.identifier(name) for name in returning),
    ))


def log_notes(records, bodies):
    """Log the notes ``records._message_log_batch(bodies)`` logs (``bodies``: {record
    id: plain text or markup}), as the current user; returns {record id: message id}.
    Caches of the records' messages are invalidated."""
    if not records:
        return {}
    env = records.env
    Message = env["mail.message"].sudo()
    author_id, email_from = records._message_compute_author(None, None)
    stamp = env.cr.now()
    common = {
        "author_id": author_id,
        "email_from": email_from or None,
        "model": records._name,
        "message_type": "notification",
        "is_internal": True,
        "subtype_id": env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
        "email_add_signature": False,
        # One for the batch, as _message_log_batch does.
        "message_id": generate_tracking_message_id("message-notify"),
        "reply_to": env["mail.thread"]._notify_get_reply_to(
            default=email_from, author_id=author_id
        )[False] or None,
        "date": fields.Datetime.now(),
        "create_uid": env.uid, "write_uid": env.uid,
        "create_date": stamp, "write_date": stamp,
    }
    body_field = Message._fields["body"]
    stored_bodies = {}
    rows = []
    for record in records:
        body = bodies.get(record.id, "")
        if body not in stored_bodies:
            stored_bodies[body] = body_field.convert_to_column(escape(body), Message)
        rows.append(dict(common, res_id=record.id, body=stored_bodies[body]))
    inserted = insert_rows(Message, rows, returning=("res_id", "id"))
    Message.invalidate_model()
    records.invalidate_recordset()
    return dict(inserted)


def insert_tracking_values(env, vals_list):
    """Insert tracking values given as ``mail.tracking.value._create_tracking_values``
    returns them, each with its ``mail_message_id``."""
    if not vals_list:
        return
    stamp = env.cr.now()
    common = {"create_uid": env.uid, "write_uid": env.uid, "create_date": stamp,
              "write_date": stamp}
    columns = {name for vals in vals_list for name in vals} | set(common)
    rows = [{**dict.fromkeys(columns), **common, **vals} for vals in vals_list]
    insert_rows(env["mail.tracking.value"], rows)
    env["mail.tracking.value"].invalidate_model()
