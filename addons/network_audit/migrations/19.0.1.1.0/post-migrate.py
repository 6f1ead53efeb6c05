"""19.0.1.1.0: the programs' company rule grants read only.

Record rules are loaded in a noupdate block, so an update leaves the rule of an existing
database as it was: granting write, create and delete on the programs of the region and
head office to a market's users. The new write rule is created by the update itself;
this script narrows the old one, as a new installation has it.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("network_audit.network_audit_program_rule_company", raise_if_not_found=False)
    if rule:
        rule.write({
            "name": "Programs: read those of the allowed markets and their regions",
            "perm_read": True, "perm_write": False, "perm_create": False, "perm_unlink": False,
        })
