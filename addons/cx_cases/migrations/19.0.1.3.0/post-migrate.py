"""19.0.1.3.0: the customer mails in German, Swedish, Norwegian and Dutch.

The rating mail's subject asks how satisfied the customer is (sv, nb and nl translated
"how did we do?" word for word), and the German, Swedish and Norwegian mails close
without a comma after the greeting. A module update rewrites no stored translation:
these are replaced where they still hold the old text.
"""

from odoo.addons.dealer_profile.tools.migration import (
    replace_in_mail_templates,
    replace_mail_template_subjects,
)

TEMPLATES = (
    "mail_template_case_solved", "mail_template_case_rating",
    "mail_template_case_followup_reminder",
)
CLOSINGS = tuple(
    (f"{closing},<br/>", f"{closing}<br/>")
    for closing in ("Mit freundlichen Grüßen", "Vänliga hälsningar", "Vennlig hilsen")
)
RATING_SUBJECTS = {
    "sv_SE": ("{{ object.number }}: hur gjorde vi?",
              "{{ object.number }}: hur nöjd är du med vår hjälp?"),
    "nb_NO": ("{{ object.number }}: hvordan gjorde vi det?",
              "{{ object.number }}: hvor fornøyd er du med hjelpen?"),
    "nl_NL": ("{{ object.number }}: hoe hebben we het gedaan?",
              "{{ object.number }}: hoe tevreden bent u over onze hulp?"),
}


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "cx_cases", TEMPLATES, CLOSINGS)
        replace_mail_template_subjects(
            cr, "cx_cases", ("mail_template_case_rating",), RATING_SUBJECTS
        )
