"""What a job or a customer's action writes to the agents reads in the desk's language:
before, the Dutch desk read the follow-up and confirmation notes in English (the job's
language, the customer's), the confirmation method always in English, and the SLA to-do
"SLA At Risk: next deadline 2030-01-07 12:00:00", in English and in UTC."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestDeskLanguage(CxCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["cx_cases"])
        cls.market_a.partner_id.lang = "nl_NL"
        cls.market_a.write({"cx_reminder_days": 2, "cx_verify_call_days": 3})
        (cls.agent_a | cls.supervisor_a).write({"lang": "nl_NL", "tz": "Europe/Amsterdam"})
        cls.customer.partner_id.lang = "en_US"

    def _bodies(self, case):
        return " ".join(case.message_ids.mapped("body"))

    def test_followup_notes_and_call_in_dutch(self):
        with freeze_time(at(4, 10)):
            case = self._case(user_id=self.agent_a.id)
            case.action_start()
            case.action_solve()
        with freeze_time(at(9, 9)):
            self._run_job(self.env["cx.case"]._cron_followup)
        bodies = self._bodies(case)
        self.assertIn("Opvolging: de klant is herinnerd om te bevestigen.", bodies)
        self.assertIn("Opvolging: controlegesprek gepland voor", bodies)
        self.assertNotIn("Follow-up:", bodies)
        call = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cx_cases.mail_activity_type_verify_call")
        )
        self.assertNotIn("Call the customer", call.note)

    def test_customer_confirmation_note_in_dutch(self):
        """An English-speaking customer confirms on the portal: the Dutch desk reads it
        in Dutch, the way they confirmed included."""
        case = self._case(user_id=self.agent_a.id)
        case.action_start()
        case.action_solve()
        case.with_context(lang="en_US")._confirm_by_customer("portal")
        self.assertIn("Gesloten: de klant heeft bevestigd (Klant op het portaal).",
                      self._bodies(case))

    def test_sla_todo_in_the_agents_language_and_time(self):
        """First response due Monday 12:00 UTC: 13:00 in Amsterdam in January."""
        with freeze_time(at(0, 8)):
            case = self._case(user_id=self.agent_a.id)
        with freeze_time(at(0, 11, 30)):
            self._sla_job()
        alert = case.activity_ids.filtered(lambda a: a.user_id == self.agent_a)
        self.assertIn("volgende deadline", alert.note)
        self.assertIn("13:00", alert.note)
        self.assertNotIn("12:00", alert.note)
        self.assertNotIn("At Risk", alert.note)
