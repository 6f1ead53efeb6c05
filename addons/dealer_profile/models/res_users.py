from odoo import api, models
from odoo.exceptions import AccessDenied


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _api_only_groups(self):
        """xml ids of the integration groups whose users only call their machine API
        (each addon with such an API adds its group): such a user never logs in,
        neither to the web client nor over XML-RPC / JSON-RPC / ``/json/2``."""
        return []

    def _is_api_only(self):
        self.ensure_one()
        return any(self.has_group(xmlid) for xmlid in self._api_only_groups())

    def _check_credentials(self, credential, env):
        # A password, a global API key or any other credential: an integration's key
        # opens its API (checked by scope in tools/json_api.py) and nothing else.
        if self.env.user._is_api_only():
            raise AccessDenied()
        return super()._check_credentials(credential, env)


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        uid = super()._check_credentials(scope=scope, key=key)
        # 'rpc' is how core checks keys used as a password (XML-RPC, /json/2): a key of
        # scope NULL (created from the user form) matches it too.
        if uid and scope == "rpc":
            # An environment of that user: /json/2 checks the key before any exists,
            # and group lookups need one.
            if self.env(user=uid, su=True)["res.users"].browse(uid)._is_api_only():
                return None
        return uid
