"""Core's ``mail_activity_automation_skip``, sent by a JSON-RPC client: the to-dos the
suite's documents schedule, mark done and remove for their users happen whatever the
client sends. Before, a dealer proposed an outlet change with the key and no officer got
the review to-do; an officer approved it with the key and the to-do stayed open."""

from odoo.tests import HttpCase, tagged

from .common import DealerProfileCommon
from .rpc import call_kw

SKIP = {"mail_activity_automation_skip": True}


@tagged("post_install", "-at_install")
class TestActivityAutomationContextKey(DealerProfileCommon, HttpCase):
    def _todos(self, request):
        request.invalidate_recordset()
        return request.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    def _propose(self, context=None):
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        request_id, error = call_kw(self, "dealer.change.request", "create", {
            "outlet_id": self.outlet_a.id, "new_phone": "+32 2 555 0101",
        }, context=context or {})
        self.assertIsNone(error)
        return self.env["dealer.change.request"].browse(request_id)

    def test_dealer_proposal_gives_the_officer_a_todo(self):
        request = self._propose(SKIP)
        self.assertEqual(self._todos(request).user_id, self.officer)

    def test_officer_approval_marks_the_todo_done(self):
        request = self._propose()
        self.assertTrue(self._todos(request))
        self.authenticate(self.officer.login, self.officer.login)
        __, error = call_kw(self, "dealer.change.request", "action_approve", request.ids,
                            context=SKIP)
        self.assertIsNone(error)
        self.assertEqual(request.state, "approved")
        self.assertFalse(self._todos(request))

    def test_core_models_keep_the_key(self):
        """Outside the suite's documents the key still does what core says."""
        partner = self.env["res.partner"].create({"name": "Test Skip"})
        partner.with_context(**SKIP).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.officer.id
        )
        self.assertFalse(partner.activity_ids)
