"""19.0.1.1.0: the solved, reminder and rating mails link to the case's pages without a
token: they are notes in the case's chatter, which every agent of the team reads, and the
customer's own copy alone gets the links in their name (dealer_profile's customer layout).
The update rewrites the English templates; the translations stored are given the new links
here."""

from odoo.addons.dealer_profile.tools.migration import replace_in_mail_templates

TEMPLATES = (
    "mail_template_case_solved", "mail_template_case_followup_reminder",
    "mail_template_case_rating",
)
LINKS = (
    ("object.get_base_url() + object.get_portal_url(suffix='/confirm')",
     "object.get_base_url() + object.access_url + '/confirm'"),
    ('    <t t-set="access_token" t-value="object._rating_get_access_token()"/>\n', ""),
    ("object.get_base_url() + '/cx/rate/%s/%s' % (access_token, score)",
     "'%s%s/rate/%s' % (object.get_base_url(), object.access_url, score)"),
)


def migrate(cr, version):
    if version:
        replace_in_mail_templates(cr, "cx_cases", TEMPLATES, LINKS)
