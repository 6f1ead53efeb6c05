"""A change request goes between a dealer and an officer who may not share a language:
each reads what the other's action tells them in their own. Before, the officer's
review to-do came in the Dutch dealer's language, and the dealer read the English
officer's approval in English."""

from odoo.tests import tagged

from .common import DealerProfileCommon
from .test_i18n import load_language


@tagged("post_install", "-at_install")
class TestChangeRequestLanguage(DealerProfileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["dealer_profile"])
        cls.dealer_a.lang = "nl_NL"
        cls.officer.lang = "en_US"

    def _propose(self):
        return self.env["dealer.change.request"].with_user(self.dealer_a).with_context(
            lang="nl_NL"
        ).create({"outlet_id": self.outlet_a.id, "new_phone": "+32 2 555 0102"})

    def test_officer_todo_in_the_officers_language(self):
        request = self._propose()
        self.assertEqual(request.sudo().activity_ids.summary,
                         "Review the outlet change proposed by the dealer")

    def test_dealer_reads_the_decision_in_their_language(self):
        request = self._propose()
        request.with_user(self.officer).with_context(lang="en_US").action_approve()
        decision = request.message_ids.filtered(lambda m: m.author_id == self.officer.partner_id)
        self.assertIn("Uw voorgestelde wijzigingen zijn goedgekeurd", decision.body)
