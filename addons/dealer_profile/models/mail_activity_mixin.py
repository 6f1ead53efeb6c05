from odoo import models

# Core's key to skip the activities a document's own logic schedules, marks done or
# removes. A JSON-RPC client sends any context key: a dealer proposed an outlet change
# with it and no reviewer got the to-do; an officer approved one and the to-do stayed.
# No code of the suite skips its own activities, so on the suite's documents the key
# is never honoured.
AUTOMATION_SKIP_KEY = "mail_activity_automation_skip"


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    def _automated(self):
        """These records, their activity automation run whatever the context, when they
        are the suite's (dealer.input.guard.mixin); core's models keep the key."""
        if not self.env.context.get(AUTOMATION_SKIP_KEY) or not isinstance(
            self, self.env.registry["dealer.input.guard.mixin"]
        ):
            return self
        return self.with_context(**{AUTOMATION_SKIP_KEY: False})

    def activity_search(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated()).activity_search(*args, **kwargs)

    def activity_schedule(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated()).activity_schedule(*args, **kwargs)

    def _activity_schedule_with_view(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated())._activity_schedule_with_view(
            *args, **kwargs
        )

    def activity_reschedule(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated()).activity_reschedule(*args, **kwargs)

    def activity_feedback(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated()).activity_feedback(*args, **kwargs)

    def activity_unlink(self, *args, **kwargs):
        return super(MailActivityMixin, self._automated()).activity_unlink(*args, **kwargs)
