"""19.0.1.3.0: the handover reminder names the order as the other customer mails do
in Swedish ("beställning", was "order") and Norwegian ("bestilling", was "ordre"). The
template is ``noupdate``: the stored translations are replaced, the rest kept."""

from odoo.addons.dealer_profile.tools.migration import replace_in_mail_templates

TEXTS = (
    ("(order <t t-out=\"object.name or ''\">VO2026-000001</t>) är klar",
     "(beställning <t t-out=\"object.name or ''\">VO2026-000001</t>) är klar"),
    ("Öppna din order", "Öppna din beställning"),
    ("(ordre <t t-out=\"object.name or ''\">VO2026-000001</t>) er klar",
     "(bestilling <t t-out=\"object.name or ''\">VO2026-000001</t>) er klar"),
    ("Åpne ordren din", "Åpne bestillingen din"),
)


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "order_tracking", ("mail_template_handover_reminder",),
                                  TEXTS)
