from odoo import api, fields, models, tools
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tools import frozendict

from odoo.addons.base.models.res_users import check_identity


class ResUsers(models.Model):
    _inherit = "res.users"

    is_api_only = fields.Boolean(
        string="Integration (API only)", compute="_compute_is_api_only",
        help="An integration user: its API keys open its machine API only, and it never "
        "logs in (web client, XML-RPC, JSON-RPC, /json/2).",
    )

    @api.model
    @tools.ormcache("self.env.uid")
    def context_get(self):
        """A user without a time zone of their own (most portal customers: core sets it
        from the browser at the first login only) reads times in their market's, the
        time zone of their company's contact, as core falls back to the company's
        language: the session's context is what the portal's pages (``t-options``
        datetime, ``format_datetime``) and mails read. Without either, UTC as before.
        Kept per user as core's is (every request asks): a company contact's new time
        zone empties the caches (res.partner's write)."""
        context = super().context_get()
        if context.get("tz"):
            return context
        tz = self.env.user.with_context(prefetch_fields=False).company_id.partner_id.tz
        return frozendict(context, tz=tz) if tz else context

    @api.model
    def _integration_key_scopes(self):
        """{xml id of an integration group: scope of its API keys}; each addon with a
        machine API adds its own. A user of such a group only calls that API."""
        return {}

    def _compute_is_api_only(self):
        for user in self:
            user.is_api_only = user._is_api_only()

    def _is_api_only(self):
        self.ensure_one()
        return any(self.has_group(xmlid) for xmlid in self._integration_key_scopes())

    def _check_credentials(self, credential, env):
        # A password, a global API key or any other credential: an integration's key
        # opens its API (checked by scope in tools/json_api.py) and nothing else.
        if self.env.user._is_api_only():
            raise AccessDenied()
        return super()._check_credentials(credential, env)

    @check_identity
    def action_new_integration_key(self):
        """Button of the user form (administrators): a key of the integration's scope,
        shown once. Core's *New API Key* makes keys of the user logged in only."""
        return self._new_integration_key()

    def _new_integration_key(self):
        self.ensure_one()
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only administrators create integration keys."))
        scopes = [scope for xmlid, scope in self._integration_key_scopes().items()
                  if self.has_group(xmlid)]
        if len(scopes) != 1:
            raise UserError(self.env._(
                "%(user)s must be in exactly one integration group to get an integration "
                "key.", user=self.display_name,
            ))
        key = self.env["res.users.apikeys"].with_user(self).sudo()._generate(
            scopes[0], self.env._("Integration key (%(scope)s)", scope=scopes[0]), None
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": self.env._("Integration Key Ready"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key},
        }


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
