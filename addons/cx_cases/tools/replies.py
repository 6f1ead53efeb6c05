"""What a customer's reply says, read from its text (no model involved)."""

import re

from odoo.tools import html2plaintext

# "Thank you" in the suite's languages (en, nl, de, nb, sv, ms).
THANKS_RE = re.compile(
    r"\b(thanks?|thank you|thx|cheers|bedankt|dank( je| u|jewel|uwel)?|danke|vielen dank|"
    r"takk|tusen takk|tack|tack så mycket|terima kasih)\b",
    re.IGNORECASE,
)
# Words that turn a thank-you into a new question or complaint ("thanks, but it still
# rattles"): such a reply reopens the case.
OBJECTION_RE = re.compile(
    r"\b(but|still|again|not|no longer|problem|issue|maar|nog|niet|weer|opnieuw|aber|noch|"
    r"nicht|wieder|men|fortsatt|ikke|igjen|inte|fortfarande|igen|tapi|masih|belum|lagi|"
    r"tidak)\b",
    re.IGNORECASE,
)
# Where the quoted history of a mail client starts.
QUOTE_START_RE = re.compile(
    r"^\s*(>|-{2,}\s*original|(on|op|am|den|på|pada)\b.*\b(wrote|schreef|schrieb|skrev|"
    r"menulis)\b)",
    re.IGNORECASE,
)
MAX_THANKS_LENGTH = 200


def reply_text(body):
    """The text the customer wrote, without the quoted history below it."""
    lines = []
    for line in html2plaintext(body or "").splitlines():
        if QUOTE_START_RE.match(line):
            break
        lines.append(line)
    return " ".join(" ".join(lines).split())


def is_only_thanks(body):
    """A short reply that thanks and asks or objects nothing: it must not undo
    "solved" (the customer confirms or reopens with the buttons of the portal or
    the mail)."""
    text = reply_text(body)
    return (
        0 < len(text) <= MAX_THANKS_LENGTH
        and "?" not in text
        and bool(THANKS_RE.search(text))
        and not OBJECTION_RE.search(text)
    )
