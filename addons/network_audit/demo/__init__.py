"""Demo data that XML cannot tell: generated with the models' own methods.

Imported only by the post-install hook, when the module is installed with demo data
(see ``post_init_hook`` in ``network_audit/__init__.py``).
"""

from odoo.addons.dealer_profile.demo.kpi_history import history_completed

from .audit_history import generate_history


def generate(env):
    # Six months of conducted audits: answers, photos, action plans in every state,
    # scores pushed into the outlets' KPIs; then the current period is planned.
    with history_completed(env):
        generate_history(env["network.audit"], months=6)
    # The demo XML's mystery visits (their answer lines and action items) were created
    # before the module's translations were loaded: their section names and the
    # items' titles are copied again, in every language now.
    env["network.audit.line"].search(
        [("audit_id.audit_type", "=", "mystery"), ("section_id", "!=", False)]
    )._copy_section_names()
    env["network.audit.action"].search([("standard_id", "!=", False)])._copy_standard_titles()
