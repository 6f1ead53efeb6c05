"""The suite's one phone format, on Odoo's phone_validation helpers.

- Stored: the international form ("+31 6 12345678"), as Odoo's own partner form
  writes a phone (``res.partner._onchange_phone_validation``) and as every portal
  form stores one (``portal_form.clean_phone``): readable, and with its country
  prefix, so it means the same number whoever reads it.
- Matched: on E.164 ("+31612345678"), what phone_validation keeps in a partner's
  ``phone_sanitized``; a number typed without prefix is read in the country given
  (the market's). ``res.partner._find_by_phone`` is the one lookup.
"""

import unicodedata

from odoo.addons.phone_validation.tools.phone_validation import phone_format

# Longer than any phone number with its spaces and punctuation: refused unparsed.
MAX_PHONE_LENGTH = 40


def _format(number, country, force_format):
    number = number.strip() if isinstance(number, str) else ""
    if not number or len(number) > MAX_PHONE_LENGTH or any(
        unicodedata.category(char) in ("Cc", "Cs") for char in number
    ):
        return False
    try:
        return phone_format(
            number, country.code or None if country else None,
            country.phone_code or None if country else None,
            force_format=force_format, raise_exception=True,
        )
    except Exception:  # noqa: BLE001 - phonenumbers raises many kinds of errors
        return False


def phone_stored(number, country=None):
    """The stored (international) form of ``number``, read in ``country`` when it
    has no prefix; False when it is not a valid phone number."""
    return _format(number, country, "INTERNATIONAL")


def phone_key(number, country=None):
    """The E.164 form ``number`` is matched on (``phone_sanitized``); False when it
    is not a valid phone number."""
    return _format(number, country, "E164")
