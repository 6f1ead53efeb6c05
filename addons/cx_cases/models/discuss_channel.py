from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    cx_case_ids = fields.One2many(
        "cx.case", "origin_channel_id", string="CX Cases", groups="cx_cases.group_cx_agent"
    )

    def execute_command_case(self, **kwargs):
        """``/case subject``: turn this live chat into a CX case (command registered
        in static/src/core/channel_commands.js, like crm_livechat's /lead)."""
        self.ensure_one()
        body = (kwargs.get("body") or "").strip()
        if body == "/case":
            msg = self.env._(
                "Open a case with: %(pre)s/case %(i)ssubject%(i_end)s%(pre_end)s",
                pre=Markup("<pre>"), pre_end=Markup("</pre>"),
                i=Markup("<i>"), i_end=Markup("</i>"),
            )
        else:
            case = self._cx_convert_to_case(html2plaintext(body[len("/case"):]).strip())
            msg = self.env._("Opened case %(case)s", case=case._get_html_link())
        self.env.user._bus_send_transient_message(self, msg)

    def action_cx_create_case(self):
        self.ensure_one()
        case = self._cx_convert_to_case()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.case",
            "res_id": case.id,
            "view_mode": "form",
        }

    def _cx_convert_to_case(self, subject=None):
        """A case for the chat's customer, with the conversation as transcript."""
        self.ensure_one()
        user = self.env.user
        if not user.has_group("cx_cases.group_cx_agent"):
            raise AccessError(self.env._("Only CX agents turn a chat into a case."))
        if self.channel_type != "livechat":
            raise AccessError(self.env._("Only live chat conversations become cases."))
        # Participants must include the agent: no case from somebody else's chat.
        if user.partner_id not in self.channel_member_ids.partner_id:
            raise AccessError(self.env._("Join the conversation before opening a case."))
        customers = self.with_context(active_test=False).channel_member_ids.partner_id.filtered(
            lambda p: p != user.partner_id and p.partner_share and not p.is_public
        )
        Case = self.env["cx.case"]
        # The conversation as core's crm_livechat keeps it on a lead.
        transcript = self._get_channel_history()
        team = self.env["cx.case.team"]._team_for(self.env.company)
        # The subject is shown to the customer (portal, mails): in their language.
        customer_env = customers[:1]._lang_env()
        case = Case.create({
            "name": (subject or customer_env._("Chat with %(name)s", name=(
                customers[:1].name or customer_env._("a visitor"))))[:250],
            "partner_id": customers[:1].id,
            "channel": "chat",
            "origin_channel_id": self.id,
            "team_id": team.id,
            "user_id": user.id,
            "description": transcript,
        })
        case.message_post(
            body=Markup("<p><b>%s</b></p>%s") % (self.env._("Chat transcript"), transcript),
            subtype_xmlid="mail.mt_note",
        )
        return case
