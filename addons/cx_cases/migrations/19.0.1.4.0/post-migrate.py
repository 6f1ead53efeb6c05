"""19.0.1.4.0: a knowledge article (and its history) is changed only by the staff of
its market or of a region or head office above it; its readers are unchanged (its
market, the markets below it and above it). The rules are kept from updates
(noupdate): the read rule that also allowed writing an article of a market above one's
own (a market's editor changing the head office's articles every market reads) is made
read-only here; the update adds the write rules."""

from odoo import SUPERUSER_ID, api

READ_RULES = {
    "cx_cases.cx_article_rule_company":
        "Knowledge articles: read those of the allowed markets and the markets above them",
    "cx_cases.cx_article_version_rule_company":
        "Knowledge article history: read that of the allowed markets and the markets above them",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, name in READ_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.write({
                "name": name, "perm_read": True, "perm_write": False,
                "perm_create": False, "perm_unlink": False,
            })
