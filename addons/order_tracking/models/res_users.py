from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dealer_profile.tools.portal_form import clean_json_value

from ..tools.event_api import API_KEY_SCOPE, SOURCE_SPEC, named_sources


class ResUsers(models.Model):
    _inherit = "res.users"

    # Which systems a feed speaks for is the order-tracking administrator's decision: the
    # field is theirs only (read and write), the key's user cannot widen it.
    order_event_sources = fields.Char(
        string="Event Sources", groups="order_tracking.group_order_tracking_manager",
        help="Event feed (API only): the source systems this integration may send events "
        "for, separated by commas (e.g. AURORA-OMS, NORDIC-RORO). A batch naming another "
        "source is refused; the first one is the source of a batch that names none.",
    )

    @api.model
    def _integration_key_scopes(self):
        return {**super()._integration_key_scopes(),
                "order_tracking.group_order_tracking_integration": API_KEY_SCOPE}

    @api.constrains("order_event_sources")
    def _check_order_event_sources(self):
        for user in self:
            for name in user._order_event_source_names():
                try:
                    clean_json_value(self.env, SOURCE_SPEC, name)
                except UserError as error:
                    raise ValidationError(self.env._(
                        "Event Sources of %(user)s: %(problem)s",
                        user=user.display_name, problem=error.args[0],
                    )) from error

    def _order_event_source_names(self):
        """The user's event sources, in the order given (the first is the default)."""
        self.ensure_one()
        names = (self.sudo().order_event_sources or "").split(",")
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))

    def _check_order_event_sources_of_batch(self, source, payload_events):
        """The source of a batch the user sends: the one it names (else the user's
        first). Every source the batch or its events name must be one of the user's:
        an integration key speaks for its own systems only (AccessError otherwise, the
        API's 403, and nothing of the batch is stored)."""
        self.ensure_one()
        allowed = self._order_event_source_names()
        if not allowed:
            raise AccessError(self.env._(
                "%(user)s has no event source: an order-tracking administrator sets the "
                "systems it sends events for (Event Sources on the user form).",
                user=self.display_name,
            ))
        source = source or allowed[0]
        foreign = sorted(({source} | named_sources(payload_events)) - set(allowed))
        if foreign:
            raise AccessError(self.env._(
                "This key may send events for %(allowed)s only, not for %(foreign)s: nothing "
                "of the batch was stored.",
                allowed=", ".join(allowed), foreign=", ".join(foreign),
            ))
        return source
