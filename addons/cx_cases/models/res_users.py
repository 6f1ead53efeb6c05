from odoo import api, models

from odoo.addons.mail.tools.discuss import Store

# The telephony endpoint's key scope (controllers/telephony.py).
TELEPHONY_KEY_SCOPE = "cx_cases.telephony"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _integration_key_scopes(self):
        return {**super()._integration_key_scopes(),
                "cx_cases.group_cx_integration": TELEPHONY_KEY_SCOPE}

    def _init_store_data(self, store: Store):
        """Agents get the live chat's *Open a CX Case* button."""
        result = super()._init_store_data(store)
        store.add_global_values(
            has_access_create_cx_case=self.env.user.has_group("cx_cases.group_cx_agent")
        )
        return result
