"""19.0.1.2.0: the customer mails link to the order's pages without a token.

The mails are notes in the order's chatter, which the order desk reads; the customer's own
copy alone gets the links in their name (dealer_profile's customer layout). The templates
are ``noupdate``: their links are replaced in every language stored, the rest of an
administrator's changes kept.
"""

from odoo.addons.dealer_profile.tools.migration import replace_in_mail_templates

TEMPLATES = (
    "mail_template_step_reached", "mail_template_eta_moved", "mail_template_notice",
    "mail_template_task_reminder", "mail_template_handover_reminder",
)
LINKS = (
    ("object.get_base_url() + object.get_portal_url()",
     "object.get_base_url() + object.access_url"),
    ("'%s/my/orders/%s/handover.ics?access_token=%s' % (object.get_base_url(), object.id, "
     "object.access_token or '')",
     "object.get_base_url() + object.access_url + '/handover.ics'"),
)


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "order_tracking", TEMPLATES, LINKS)
