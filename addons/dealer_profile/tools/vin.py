"""Vehicle identification numbers (ISO 3779): 17 characters, digits and capital
letters without I, O and Q; the 9th character is a check digit in North America.

The suite's one VIN rule: every way in (order API and form, customer portal, case
form, campaign lists) normalizes with ``normalize_vin`` and checks with
``vin_problem``, so that a VIN typed or sent in any form finds the same order."""

import re

VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7, "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def normalize_vin(vin):
    """The stored form: upper-case, without the spaces and dashes people type to
    group the characters. Anything but a string gives an empty string."""
    if not isinstance(vin, str):
        return ""
    return vin.strip().upper().replace(" ", "").replace("-", "")


def vin_check_digit(vin):
    """The check digit the 9th character must hold ('0'..'9' or 'X')."""
    total = sum(_TRANSLITERATION[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_problem(vin, check_digit_required=False):
    """What is wrong with a normalized VIN, or None when it is valid."""
    if len(vin) != 17:
        return "length"
    if not VIN_RE.match(vin):
        return "characters"
    if check_digit_required and vin[8] != vin_check_digit(vin):
        return "check_digit"
    return None


def vin_problem_text(env, vin, problem):
    """What the user reads about ``problem`` (from ``vin_problem``), translated."""
    if problem == "check_digit":
        return env._(
            "the check digit (9th character) of %(vin)s should be %(digit)s.",
            vin=vin, digit=vin_check_digit(vin),
        )
    if problem == "length":
        return env._("A VIN has exactly 17 characters.")
    return env._("A VIN has only digits and capital letters, never I, O or Q.")
