"""One validation path for every portal form of the suite.

A controller declares the fields of its form as :class:`FieldSpec` and passes the
posted values to :func:`clean_form`; it gets back the cleaned values and, per
field, what is wrong in the dealer's words. Nothing a dealer types reaches the ORM
without going through here:

- every value is a string of at most ``max_length`` characters (measured before
  anything else is done with it, so a 5 MB comment or a 1 MB phone is refused
  cheaply);
- no NUL or other control character (tabs and line breaks are allowed in
  multi-line text only), no lone surrogate: PostgreSQL refuses NUL bytes, and the
  rest has no business in a name, a phone or a file name;
- ``email``: exactly one address, written as the address alone (no display name,
  no list, nothing email_normalize would silently drop);
- ``phone``: parsed with Odoo's phone_validation (phonenumbers) for the country
  of the record, stored in international format;
- ``file``: the name of an uploaded file, checked like a one-line text.

Usage::

    SPECS = (FieldSpec("phone", _lt("Phone"), kind="phone"),
             FieldSpec("note", _lt("Note"), kind="text", max_length=2000))
    values, errors = clean_form(env, post, SPECS, country=outlet.country_id)
    if errors:
        ... render the form again with errors and post ...
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tools.mail import email_normalize, email_split
from odoo.tools.translate import LazyGettext

from odoo.addons.phone_validation.tools.phone_validation import phone_parse

from .phone import phone_stored

KINDS = ("text", "line", "name", "email", "phone", "file")
# Default maximum lengths per kind, in characters.
MAX_LENGTHS = {"text": 2000, "line": 256, "name": 128, "email": 254, "phone": 32, "file": 255}
MULTILINE_ALLOWED = {"\t", "\n", "\r"}
# Every character of Unicode's categories Cc (controls) and Cs (surrogates), the ones
# forbidden_characters names: a text without any is let through in one search.
CONTROL_OR_SURROGATE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
PHONE_CHARS_RE = re.compile(r"^\+?[0-9 ().\-/]+$")
DOMAIN_RE = re.compile(r"^[^\s@.\-][^\s@]*\.[^\s@.]{2,}$")
# PostgreSQL's integer: the largest number or record id the database takes.
MAX_INT = 2**31 - 1
# A record id as text: ASCII digits only (str.isdigit() also takes "²", which int()
# refuses, and other scripts' digits).
ID_RE = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a portal form.

    :param name: the input's name in the posted form
    :param label: what the dealer sees (a lazy translation or a plain string)
    :param kind: ``text`` (multi-line), ``line`` (one line), ``name``, ``email``,
        ``phone`` or ``file`` (an uploaded file's name)
    :param max_length: characters accepted; the kind's default when not given
    :param required: an empty value is an error
    """

    name: str
    label: str
    kind: str = "line"
    max_length: int = 0
    required: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown portal field kind {self.kind!r}")

    @property
    def limit(self):
        return self.max_length or MAX_LENGTHS[self.kind]


def clean_form(env, post, specs, country=None):
    """Validate ``post`` (the posted form) against ``specs``.

    :param country: res.country used to read phones written without a prefix
    :return: (values, errors): the cleaned value of every spec (``""`` when left
        empty), and {field name: message} for each field that is wrong
    """
    values, errors = {}, {}
    for spec in specs:
        try:
            values[spec.name] = clean_value(env, spec, post.get(spec.name), country=country)
        except UserError as error:
            errors[spec.name] = error.args[0]
            values[spec.name] = ""
    return values, errors


def clean_value(env, spec, value, country=None):
    """The cleaned value of one field; raise UserError saying what is wrong."""
    if value is None:
        value = ""
    # In env's language: str() of a lazy label guesses the language from the call
    # stack, which has none outside a request (a cron, the demo, a test).
    label = env._(spec.label) if isinstance(spec.label, LazyGettext) else str(spec.label)
    if not isinstance(value, str):
        raise UserError(env._("%(field)s: send text.", field=label))
    if len(value) > spec.limit:
        raise UserError(env._(
            "%(field)s is too long: %(length)s characters, at most %(max)s.",
            field=label, length=len(value), max=spec.limit,
        ))
    bad = forbidden_characters(value, multiline=spec.kind == "text")
    if bad:
        raise UserError(env._(
            "%(field)s contains a character that cannot be stored (%(chars)s): "
            "remove it and send again.", field=label, chars=", ".join(bad),
        ))
    value = value.strip()
    if not value:
        if spec.required:
            raise UserError(env._("%(field)s is required.", field=label))
        return ""
    if spec.kind == "email":
        return clean_email(env, label, value)
    if spec.kind == "phone":
        return clean_phone(env, label, value, country)
    return value


def form_echo(post, specs):
    """{field name: text} to fill a form again after an error: what the dealer
    typed, without the characters that cannot be stored and cut at the field's
    limit (a 5 MB comment is not sent back whole)."""
    echo = {}
    for spec in specs:
        value = post.get(spec.name)
        if not isinstance(value, str):
            continue
        allowed = MULTILINE_ALLOWED if spec.kind == "text" else set()
        echo[spec.name] = "".join(
            char for char in value[:spec.limit]
            if char in allowed or unicodedata.category(char) not in ("Cc", "Cs")
        )
    return echo


def forbidden_characters(value, multiline=False):
    """Printable names (U+0000 ...) of the control characters and lone surrogates
    in ``value``, at most five; an empty list when there are none."""
    if not CONTROL_OR_SURROGATE_RE.search(value):
        return []
    allowed = MULTILINE_ALLOWED if multiline else set()
    found = []
    for char in value:
        if char in allowed:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
                if len(found) == 5:
                    break
    return found


def clean_search(value, limit):
    """What a portal search box searches for: the text typed without the characters
    that cannot be stored or compared (NUL, controls, lone surrogates), trimmed and cut
    at ``limit``; an empty string for anything but a text."""
    if not isinstance(value, str):
        return ""
    return CONTROL_OR_SURROGATE_RE.sub("", value[:limit * 2]).strip()[:limit]


def posted_id(value):
    """The record id a form or a client posted (an int, or its text in at most ten
    ASCII digits), or 0 when ``value`` is none: the one reading of ids the suite
    trusts before a browse."""
    if isinstance(value, str) and ID_RE.fullmatch(value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INT:
        return value
    return 0


def single_email(value):
    """``value`` lower-cased when it is exactly one plain address, else False.

    email_normalize alone accepts '<script>@x.com' (as '@x.com'), 'a@@b.com' (as
    '@b.com') or 'Name <a@b.com>': what it keeps must be all that was written."""
    value = (value or "").strip()
    if len(email_split(value)) != 1:
        return False
    normalized = email_normalize(value, strict=True) or ""
    local, _sep, domain = normalized.rpartition("@")
    if normalized != value.lower() or not local or not DOMAIN_RE.match(domain):
        return False
    return normalized


def clean_email(env, label, value):
    """The one address typed, lower-cased; a name, a list or junk around it is refused."""
    normalized = single_email(value)
    if not normalized:
        raise UserError(env._(
            "%(field)s: %(value)s is not one email address; write it as name@example.com.",
            field=label, value=value,
        ))
    return normalized


def clean_phone(env, label, value, country=None):
    """The phone in the suite's stored (international) format, parsed for
    ``country`` when it has no prefix."""
    country_code = country.code if country else None
    if not PHONE_CHARS_RE.match(value):
        raise UserError(env._(
            "%(field)s: %(value)s is not a phone number; use digits, spaces and a "
            "leading + only.", field=label, value=value,
        ))
    try:
        phone_parse(value, country_code)
    except UserError as error:
        raise UserError(env._(
            "%(field)s: %(value)s is not a valid phone number (%(reason)s).",
            field=label, value=value, reason=str(error.args[0]),
        )) from error
    # The suite's one stored phone format (tools/phone.py), matched by the lookups.
    return phone_stored(value, country) or value


# JSON payloads ---------------------------------------------------------------------
# The machine APIs (events, KPI values, telephony) receive decoded JSON instead of a
# posted form: values keep their JSON type, so a spec also says which type it takes.
# Texts follow the same rules as the portal's; numbers must be finite; dates and
# datetimes are parsed without ever raising anything but a per-field error (an ISO
# datetime at the edge of Python's range with an offset overflows when converted).

JSON_KINDS = ("text", "line", "int", "float", "bool", "date", "datetime")
JSON_TEXT_KINDS = ("text", "line")
DATE_ONLY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
# ISO 8601 as machines write it: date, 'T' or space, time, optional fraction and offset.
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)
DATETIME_MAX_LENGTH = 40


@dataclass(frozen=True)
class JsonSpec:
    """One key of a JSON object a machine API receives.

    :param name: the key
    :param kind: ``text`` (multi-line), ``line``, ``int``, ``float``, ``bool``, ``date``
        (``YYYY-MM-DD``) or ``datetime`` (ISO 8601, an offset is converted to UTC)
    :param max_length: characters accepted for texts (the portal's default per kind)
    :param required: a missing, null or blank value is an error
    :param minimum: smallest accepted number, date or (naive UTC) datetime
    :param maximum: largest accepted number, date or (naive UTC) datetime
    """

    name: str
    kind: str = "line"
    max_length: int = 0
    required: bool = False
    minimum: object = None
    maximum: object = None

    def __post_init__(self):
        if self.kind not in JSON_KINDS:
            raise ValueError(f"unknown JSON field kind {self.kind!r}")

    @property
    def limit(self):
        return self.max_length or MAX_LENGTHS[self.kind]


def clean_json(env, payload, specs, allow_unknown=False):
    """Validate a decoded JSON object against ``specs``.

    :return: (values, errors): the cleaned value of every spec (None when absent or
        wrong), and {key: message} for each key that is wrong, missing when required
        or, unless ``allow_unknown``, not among the specs. Messages start with what
        kind of problem it is (``bad type``, ``bad value``, ``bad date``, ``missing
        field``, ``unknown field``) for the systems that read them.
    """
    if not isinstance(payload, dict):
        return {}, {"": env._("bad type: expected a JSON object")}
    values, errors = {}, {}
    if not allow_unknown:
        known = {spec.name for spec in specs}
        for key in payload:
            if key not in known:
                shown = _printable(str(key)[:40])
                errors[shown] = env._("unknown field: %(field)s", field=shown)
    for spec in specs:
        try:
            values[spec.name] = clean_json_value(env, spec, payload.get(spec.name))
        except UserError as error:
            errors[spec.name] = error.args[0]
            values[spec.name] = None
    return values, errors


def json_errors_text(errors):
    """The per-field errors of :func:`clean_json` as one line."""
    return "; ".join(errors.values())


def clean_json_value(env, spec, value):
    """The cleaned value of one JSON key; raise UserError saying what is wrong."""
    if isinstance(value, str) and spec.kind not in JSON_TEXT_KINDS and not value.strip():
        value = None
    if value is None:
        if spec.required:
            raise UserError(env._("missing field: %(field)s", field=spec.name))
        return None
    cleaner = {
        "int": _json_int, "float": _json_float, "bool": _json_bool,
        "date": _json_date, "datetime": _json_datetime,
    }.get(spec.kind, _json_text)
    return cleaner(env, spec, value)


def _json_text(env, spec, value):
    if not isinstance(value, str):
        raise UserError(env._("bad type: %(field)s must be a string", field=spec.name))
    if len(value) > spec.limit:
        raise UserError(env._(
            "bad value: %(field)s is longer than %(limit)s characters",
            field=spec.name, limit=spec.limit,
        ))
    bad = forbidden_characters(value, multiline=spec.kind == "text")
    if bad:
        raise UserError(env._(
            "bad value: %(field)s contains a character that cannot be stored (%(chars)s)",
            field=spec.name, chars=", ".join(bad),
        ))
    value = value.strip()
    if not value and spec.required:
        raise UserError(env._("missing field: %(field)s", field=spec.name))
    return value or None


def _json_number_range(env, spec, value):
    low = spec.minimum if spec.minimum is not None else (-MAX_INT if spec.kind == "int" else None)
    high = spec.maximum if spec.maximum is not None else (MAX_INT if spec.kind == "int" else None)
    if (low is not None and value < low) or (high is not None and value > high):
        raise UserError(env._(
            "bad value: %(field)s must be between %(min)s and %(max)s",
            field=spec.name, min=low if low is not None else "-∞",
            max=high if high is not None else "∞",
        ))
    return value


def _json_int(env, spec, value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(env._("bad type: %(field)s must be a whole number", field=spec.name))
    return _json_number_range(env, spec, value)


def _json_float(env, spec, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(env._("bad type: %(field)s must be a number", field=spec.name))
    try:
        value = float(value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise UserError(env._(
            "bad value: %(field)s must be a finite number", field=spec.name
        ))
    return _json_number_range(env, spec, value)


def _json_bool(env, spec, value):
    if not isinstance(value, bool):
        raise UserError(env._("bad type: %(field)s must be true or false", field=spec.name))
    return value


def _json_date(env, spec, value):
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        if not isinstance(value, str) or not DATE_ONLY_RE.match(value):
            raise UserError(env._(
                "bad date: %(field)s must be a date as YYYY-MM-DD", field=spec.name
            ))
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise UserError(env._(
                "bad date: %(field)s is not a calendar date", field=spec.name
            )) from None
    return _json_moment_range(env, spec, value)


def _json_datetime(env, spec, value):
    """A naive UTC datetime from an ISO 8601 text; an offset is applied by hand so
    that 9999-12-31T23:59:59-14:00 is out of range instead of an OverflowError."""
    if not isinstance(value, str) or len(value) > DATETIME_MAX_LENGTH \
            or not DATETIME_RE.match(value.strip()):
        raise UserError(env._(
            "bad date: %(field)s must be an ISO 8601 date and time, e.g. "
            "2026-03-01T08:15:00Z", field=spec.name,
        ))
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        raise UserError(env._(
            "bad date: %(field)s is not a date and time that exists", field=spec.name
        )) from None
    offset = parsed.utcoffset()
    parsed = parsed.replace(tzinfo=None)
    try:
        parsed -= offset or timedelta(0)
    except OverflowError:
        raise UserError(env._(
            "bad date: %(field)s is out of range once converted to UTC", field=spec.name
        )) from None
    return _json_moment_range(env, spec, parsed)


def _json_moment_range(env, spec, value):
    if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum):
        raise UserError(env._(
            "bad date: %(field)s must be between %(min)s and %(max)s",
            field=spec.name, min=spec.minimum or "…", max=spec.maximum or "…",
        ))
    return value


def _printable(value):
    """``value`` without control characters and lone surrogates, to quote it safely."""
    return "".join(
        char if unicodedata.category(char) not in ("Cc", "Cs") else "?" for char in value
    )
