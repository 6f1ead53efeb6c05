from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tools.discuss import Store

from .common import CxCommon


class ChatCommon(CxCommon):
    """A live chat between agent A and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a.group_ids = [Command.link(cls.env.ref("im_livechat.im_livechat_group_user").id)]
        cls.livechat = cls.env["im_livechat.channel"].create({
            "name": "Test care chat", "user_ids": [Command.set(cls.agent_a.ids)],
        })
        cls.visitor = cls.customer2.partner_id
        cls.chat = cls.env["discuss.channel"].create({
            "name": "Chat with a customer",
            "channel_type": "livechat",
            "livechat_channel_id": cls.livechat.id,
            "livechat_operator_id": cls.agent_a.partner_id.id,
            "channel_member_ids": [
                Command.create({"partner_id": cls.agent_a.partner_id.id}),
                Command.create({"partner_id": cls.visitor.id}),
            ],
            "last_interest_dt": fields.Datetime.now(),
        })
        cls.chat.sudo().message_post(
            body="My charging flap is stuck", message_type="comment",
            author_id=cls.visitor.id,
        )
        cls.chat.with_user(cls.agent_a).message_post(
            body="Sorry to hear that, which model?", message_type="comment"
        )



@tagged("post_install", "-at_install")
class TestChatToCase(ChatCommon):
    """An agent turns a live chat into a case, with the transcript."""

    def test_command_opens_case_with_transcript(self):
        with self.with_user("cx_agent_a"):
            self.env["discuss.channel"].browse(self.chat.id).execute_command_case(
                body="/case Charging flap stuck"
            )
        case = self.chat.sudo().cx_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.name, "Charging flap stuck")
        self.assertEqual(case.channel, "chat")
        self.assertEqual(case.partner_id, self.visitor)
        self.assertEqual(case.user_id, self.agent_a)
        self.assertEqual(case.team_id, self.team_a)
        self.assertIn("charging flap is stuck", case.description)
        self.assertIn("which model?", case.description)
        self.assertTrue(case.first_response_date, "the agent answered in the chat")

    def test_action_from_channel(self):
        action = self.chat.with_user(self.agent_a).action_cx_create_case()
        case = self.env["cx.case"].browse(action["res_id"])
        self.assertEqual(case.origin_channel_id, self.chat)
        self.assertIn("Chat with", case.name)

    def test_non_agent_cannot_convert(self):
        operator = self._new_user("plain_operator", "im_livechat.im_livechat_group_user",
                                  self.market_a)
        self.chat.channel_member_ids = [Command.create({"partner_id": operator.partner_id.id})]
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.chat.with_user(operator)._cx_convert_to_case("Not allowed")

    def test_agent_outside_the_chat_cannot_convert(self):
        with self.assertRaises(AccessError):
            self.chat.with_user(self.supervisor_a)._cx_convert_to_case("Not my chat")


@tagged("post_install", "-at_install")
class TestChatToCaseButton(ChatCommon, HttpCase):
    """The live chat's header has an *Open a CX Case* button for CX agents (Discuss, in
    Chromium), as crm_livechat's *Create Lead*."""

    def test_only_agents_get_the_button(self):
        for user, expected in ((self.agent_a, True), (self.officer, False)):
            store = Store()
            user.with_user(user)._init_store_data(store)
            self.assertEqual(
                store.get_result()["Store"].get("has_access_create_cx_case"), expected,
                user.login,
            )

    def test_tour_agent_opens_case_from_chat(self):
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{self.chat.id}",
            "cx_cases_livechat_case", login="cx_agent_a",
        )
        case = self.chat.sudo().cx_case_ids
        self.assertEqual(case.name, "Charging flap stuck")
        self.assertIn("charging flap is stuck", case.description)
