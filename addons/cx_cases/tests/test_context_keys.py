"""Context keys that silence the chatter, sent by a JSON-RPC client: the suite's
documents keep the trace of who changed what whatever the client sends. Before, an
agent reassigned a case and raised its priority with ``mail_notrack`` (or
``tracking_disable``) and the chatter said nothing; ``mail_create_nolog`` made a case
without its creation note."""

from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestSilencingContextKeys(CxCommon, HttpCase):
    def _tracked_fields(self, case):
        return set(case.message_ids.tracking_value_ids.field_id.mapped("name"))

    def test_agent_change_is_tracked_whatever_the_context(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        for key in ("mail_notrack", "tracking_disable"):
            case = self._case(name=f"Test silenced {key}")
            self.env.flush_all()
            with self.subTest(key=key):
                __, error = call_kw(self, "cx.case", "write", case.ids,
                                    {"user_id": self.agent_a.id, "priority": "2"},
                                    context={key: True})
                self.assertIsNone(error)
                self.env.invalidate_all()
                self.assertEqual(case.user_id, self.agent_a)
                self.assertLessEqual({"user_id", "priority"}, self._tracked_fields(case))
                change = case.message_ids.filtered("tracking_value_ids")
                self.assertEqual(change.author_id, self.agent_a.partner_id)

    def test_agent_case_gets_its_creation_note(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        case_id, error = call_kw(self, "cx.case", "create", {
            "name": "Test created silently", "team_id": self.team_a.id,
            "partner_id": self.customer.partner_id.id, "channel": "phone",
        }, context={"mail_create_nolog": True, "tracking_disable": True})
        self.assertIsNone(error)
        case = self.env["cx.case"].browse(case_id)
        self.assertTrue(case.message_ids.filtered(
            lambda m: m.author_id == self.agent_a.partner_id
        ))

    def test_server_silence_still_holds(self):
        """The server's own silent writes (sudo) keep the keys."""
        case = self._case(name="Test server write")
        self.env.flush_all()
        before = len(case.message_ids)
        case.sudo().with_context(mail_notrack=True).write({"priority": "2"})
        self.env.flush_all()
        case.invalidate_recordset()
        self.assertEqual(len(case.message_ids), before)


@tagged("post_install", "-at_install")
class TestTimeZoneOfTheContext(CxCommon, HttpCase):
    """A time zone that is none (a client sends any context): the team's CSAT of
    today and of the month read as in UTC. Before, pytz's UnknownTimeZoneError came
    back as a server error to the agent opening the teams."""

    def test_unknown_time_zone_reads_as_utc(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        fields = ["csat_today", "csat_month", "csat_today_answers", "csat_month_answers"]
        for tz in ("Mars/Base", "Europe/Amsterdam\x00", ""):
            with self.subTest(tz=tz):
                rows, error = call_kw(self, "cx.case.team", "read", self.team_a.ids, fields,
                                      context={"tz": tz})
                self.assertIsNone(error)
                self.assertEqual(rows[0]["csat_month_answers"], 0)
