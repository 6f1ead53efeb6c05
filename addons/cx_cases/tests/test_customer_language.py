from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCommon
from .test_mail_gateway import build_mail


@tagged("post_install", "-at_install")
class TestNewCustomerLanguage(CxCommon):
    """A customer created by a mail through Odoo's gateway (message_process, what the
    mailgate script calls) speaks the team's market language, or the mail's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.market_a.partner_id.write({"lang": "nl_NL", "tz": "Europe/Amsterdam"})

    def _mail(self, sender, to="care-a@cx-test.example.com", language=None):
        raw = build_mail(sender, to, "Laadkabel", "Hallo,\nde kabel vergrendelt niet.")
        if language:
            # A Content-* header: EmailMessage.set_content would drop it if set before.
            raw = b"Content-Language: " + language.encode() + b"\n" + raw
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].message_process(None, raw)
        return self.env["cx.case"].search([("email_from", "ilike", sender.split("<")[-1][:-1])])

    def test_market_language(self):
        case = self._mail("Sanne Bakker <sanne@klant.example.nl>")
        self.assertEqual(case.partner_id.lang, "nl_NL")
        self.assertEqual(case.partner_id.tz, "Europe/Amsterdam",
                         "and the market's time zone: the portal shows her local times")
        with mute_logger("odoo.addons.mail.models.mail_mail"):
            case.action_start()
            case.action_solve()
        solved_mail = case.message_ids.filtered(lambda m: "nu in orde" in (m.subject or ""))
        self.assertTrue(solved_mail, "the confirmation request goes out in Dutch")

    def test_content_language_wins(self):
        case = self._mail("Jonas Weber <jonas@kunde.example.de>",
                          language="de-DE")
        self.assertEqual(case.partner_id.lang, "de_DE")

    def test_unknown_content_language_falls_back_to_market(self):
        case = self._mail("Ana Ruiz <ana@cliente.example.es>",
                          language="xx")
        self.assertEqual(case.partner_id.lang, "nl_NL")

    def test_known_customer_keeps_language(self):
        partner = self.env["res.partner"].create({
            "name": "Known", "email": "known@klant.example.nl", "lang": "en_US",
        })
        case = self._mail("Known <known@klant.example.nl>")
        self.assertEqual(case.partner_id, partner)
        self.assertEqual(partner.lang, "en_US")

    def test_mail_in_another_language_keeps_market_time_zone(self):
        case = self._mail("Jonas Weber <jonas.tz@kunde.example.de>", language="de-DE")
        self.assertEqual(case.partner_id.lang, "de_DE")
        self.assertEqual(case.partner_id.tz, "Europe/Amsterdam")

    def test_test_drive_customer_in_market_locale(self):
        """A test drive's new customer gets the market's language and time zone, as a
        mail to the market's team would give them."""
        drive = self.env["cx.test.drive"].create({
            "customer_name": "Noor Bakker", "email": "noor.locale@drivers.example.org",
            "vehicle_model": "Model 3", "outlet_id": self.outlet_a.id,
            "date": "2030-01-11 15:00:00",
        })
        self.assertEqual(drive.case_id.partner_id.email, "noor.locale@drivers.example.org")
        self.assertEqual(drive.case_id.partner_id.lang, "nl_NL")
        self.assertEqual(drive.case_id.partner_id.tz, "Europe/Amsterdam")

    def test_phone_caller_in_market_locale(self):
        """A new caller logged by an agent of the market gets its language and time
        zone, not the agent's language."""
        self.agent_a.partner_id.lang = "en_US"
        wizard = self.env["cx.phone.log.wizard"].with_user(self.agent_a).create({
            "phone": "020 555 0177", "name": "Charging cable", "caller_name": "Femke de Wit",
        })
        case = self.env["cx.case"].browse(wizard.action_log()["res_id"])
        self.assertEqual(case.partner_id.lang, "nl_NL")
        self.assertEqual(case.partner_id.tz, "Europe/Amsterdam")
