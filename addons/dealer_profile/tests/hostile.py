"""hypothesis strategies for what an attacker or a broken client posts to a portal
form, and the raw HTTP that carries it (shared by the suite's addons).

Values are str or bytes: bytes go on the wire as they are, which is how a lone
surrogate (its UTF-8 form b"\\xed\\xa0\\x80", invalid UTF-8) or a stray b"\\xff" reach
the server; str values with lone surrogates are sent the same way."""

from urllib.parse import quote_plus

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lxml import html

FORM_SETTINGS = settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CONTROL = st.characters(categories=["Cc"])
SPECIALS = st.sampled_from([
    "", " ", "\x00", "\r\n", "\x1b[2J", "\ud800", "\udfff", "\u2028", "\ufeff",
    "9999-12-31 23:59:59", "0001-01-01 00:00:00", "2099-12-31", "-1", "0", "1e400",
    "NaN", "Infinity", "99999999999999999999", "1.5", "[]", "{}", "null", "true",
    "<script>alert(1)</script>", "javascript:alert(1)", "' OR 1=1 --", "../../etc/passwd",
    "%00", "a" * 300, "é" * 3000,
])
RAW = st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"caf\xe9", b"\xc0\x80", b"a\x00b"])


@st.composite
def with_control(draw):
    """Ordinary text with a control character or a lone surrogate inside."""
    before = draw(st.text(max_size=15))
    bad = draw(st.one_of(CONTROL, st.sampled_from(["\ud800", "\udc80", "\x7f", "\x85"])))
    return before + bad + draw(st.text(max_size=15))


def hostile_text(huge=True):
    options = [st.text(max_size=40), with_control(), SPECIALS, RAW]
    if huge:
        options.append(st.sampled_from(["x" * 100_000, "\n" * 50_000, "é" * 150_000]))
    return st.one_of(*options)


def hostile_id(own_ids=()):
    """A record id: one of the user's own, a foreign or missing one, or junk."""
    return st.one_of(
        st.sampled_from([str(i) for i in own_ids] or ["1"]),
        st.integers(min_value=-(2**63), max_value=2**63).map(str),
        SPECIALS,
    )


def hostile_form(fields, values=None):
    """Some of ``fields`` (none, one or all), each with hostile text or, for the
    fields of ``values`` ({field: strategy}), also with what that strategy draws
    (plausible values, so that examples get past the first check)."""
    values = values or {}
    return st.fixed_dictionaries({}, optional={
        name: st.one_of(values[name], hostile_text()) if name in values else hostile_text()
        for name in fields
    })


def encode_form(data):
    """application/x-www-form-urlencoded bytes, str values as UTF-8 with lone
    surrogates kept (surrogatepass), bytes values as they are."""
    parts = []
    for name, value in data.items():
        if isinstance(value, str):
            value = value.encode("utf-8", "surrogatepass")
        parts.append(f"{quote_plus(name)}={quote_plus(value)}")
    return "&".join(parts).encode()


def post_form(case, url, data, csrf_token):
    """POST ``data`` to ``url`` as a browser form (no redirect followed)."""
    return case.url_open(
        url, data=encode_form({**data, "csrf_token": csrf_token}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False, timeout=60,
    )


def form_csrf(case, page_url, action):
    """The CSRF token of the form posting to ``action`` on the rendered page."""
    response = case.url_open(page_url)
    case.assertEqual(response.status_code, 200, page_url)
    tokens = html.fromstring(response.content).xpath(
        f"//form[contains(@action, '{action}')]//input[@name='csrf_token']/@value"
    )
    case.assertTrue(tokens, f"no form posting to {action} on {page_url}")
    return tokens[0]
