"""19.0.1.6.0: the mail of a new step no longer gives an expected delivery once the car
is handed over ("Handed over" read "Expected delivery: <a past date>"). The template is
``noupdate``: its body is changed in every stored language, the rest kept."""

from odoo.addons.dealer_profile.tools.migration import replace_in_mail_templates

# The paragraph's opening tag, the same in every language.
TEXTS = (
    ('<p t-if="object.eta_date">', "<p t-if=\"object.eta_date and object.state == 'open'\">"),
)


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "order_tracking", ("mail_template_step_reached",), TEXTS)
