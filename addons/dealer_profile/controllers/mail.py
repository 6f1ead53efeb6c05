from odoo.http import request

from odoo.addons.portal.controllers.thread import PortalThreadController


class DealerPortalThreadController(PortalThreadController):
    """Customers and dealers write in the chatter of a portal record (a case, an
    order, an action item) as comments in the public discussion, and only so.

    Core forwards ``message_type`` and ``subtype_xmlid`` of the posted data to a
    sudo ``message_post``: a portal user sending ``notification``, ``email`` or
    ``mail.mt_note`` wrote a system notice or an internal note (which the
    customer then no longer sees and which does not reopen a case)."""

    def _prepare_message_data(self, post_data, *, thread, **kwargs):
        values = super()._prepare_message_data(post_data, thread=thread, **kwargs)
        if request.env.user._is_internal() or not isinstance(
            thread, request.env.registry["portal.mixin"]
        ):
            return values
        if kwargs.get("from_create"):
            values.update(thread._share_user_message_kind())
        else:
            values.pop("message_type", None)
            values.pop("subtype_xmlid", None)
        return values
