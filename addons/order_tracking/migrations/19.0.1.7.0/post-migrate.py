"""19.0.1.7.0: the before-handover reminder's lead-in reads with its items, which are
labels of the to-dos, some of them nouns ("we still need you to: Trade-in" did not read;
Swedish "behöver vi fortfarande att du: Inbyte" neither). The template is ``noupdate``:
its body is changed in every stored language, the rest kept."""

from odoo.addons.dealer_profile.tools.migration import replace_in_mail_templates

# (old, new) lead-in of each language: en, nl, de, nb, sv, ms.
LEAD_INS = (
    ("To hand it over on time, we still need you to:",
     "Still to do before your handover:"),
    ("Om hem op tijd over te dragen, vragen we u nog:",
     "Nog te doen vóór uw overdracht:"),
    ("Damit die Übergabe pünktlich klappt, brauchen wir noch:",
     "Vor Ihrer Übergabe noch zu erledigen:"),
    ("For å overlevere den i tide trenger vi fortsatt at du:",
     "Gjenstår før overleveringen:"),
    ("För att lämna över den i tid behöver vi fortfarande att du:",
     "Kvar att göra före din överlämning:"),
    ("Untuk menyerahkannya tepat pada masanya, kami masih memerlukan anda untuk:",
     "Perkara yang perlu diselesaikan sebelum penyerahan anda:"),
)


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "order_tracking", ("mail_template_task_reminder",), LEAD_INS)
