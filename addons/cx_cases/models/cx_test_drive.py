from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import email_normalize


class CxTestDrive(models.Model):
    """A test drive reported by an outlet (CSV import or API): the CX team calls
    the customer back the next working day."""

    _name = "cx.test.drive"
    _inherit = ["dealer.server.fields.mixin"]
    # The customer found (or made) for the call-back, and its case: the outlet's
    # test-drive conversion KPI reads who the customer is.
    _server_set_fields = ("partner_id", "case_id")
    # Outlets' reports come in as superuser too (CSV import, API).
    _input_guard_binds_superuser = True
    _description = "Test Drive"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now)
    customer_name = fields.Char(required=True)
    email = fields.Char()
    phone = fields.Char()
    vehicle_model = fields.Char(string="Model")
    outlet_id = fields.Many2one("dealer.outlet", required=True, check_company=True)
    company_id = fields.Many2one(
        related="outlet_id.company_id", store=True, string="Market", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    case_id = fields.Many2one("cx.case", readonly=True)

    @api.constrains("customer_name", "email", "phone", "vehicle_model")
    def _check_input(self):
        for drive in self:
            for value in (drive.customer_name, drive.email, drive.phone, drive.vehicle_model):
                if value and len(value) > 250:
                    raise ValidationError(self.env._(
                        "Test drive of %(name)s: a value is too long or holds invalid "
                        "characters.", name=(drive.customer_name or "")[:40],
                    ))
            if drive.email and not email_normalize(drive.email):
                raise ValidationError(self.env._(
                    "Test drive of %(name)s: %(email)s is not an email address.",
                    name=drive.customer_name, email=drive.email,
                ))
            if not drive.email and not drive.phone:
                raise ValidationError(self.env._(
                    "Test drive of %(name)s: give an email or a phone number to call back.",
                    name=drive.customer_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        drives = super().create(vals_list)
        drives._create_callback_cases()
        return drives

    def _find_or_create_partner(self, team):
        """The customer the call-back case is for, from the email (else the phone) an
        outlet reported: anyone can type anyone's address, so the booking is matched
        only where it cannot reach someone else.

        - Only contacts the drive's market may read (its own, its region's or head
          office's, and shared ones): another market's contact is never found, and the
          case shows nothing its staff could not read already.
        - Never a contact with a user (portal customer, dealer, staff, archived or not):
          the booking would put a case on that person's portal and in their mails as if
          they had booked, and count their orders in the outlet's test-drive conversion.
        - Never a company (an outlet, a fleet owner): a test drive is a person's.
        - Otherwise a new contact of the drive's market (not shared with every market),
          in the language and time zone of that market (of ``team``, the team the
          follow-up goes to)."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        candidates = self._customer_match_domain()
        partner = Partner.browse()
        if self.email:
            partner = Partner.with_context(active_test=False).search(
                candidates & Domain("email_normalized", "=", email_normalize(self.email)),
                limit=1,
            )
        if not partner and self.phone:
            key = Partner._phone_match_key(self.phone, self.company_id)
            if key:
                partner = Partner.with_context(active_test=False).search(
                    candidates & Domain("phone_sanitized", "=", key), order="id desc", limit=1,
                )
        return partner.with_context(active_test=True) or Partner.create({
            "name": self.customer_name, "email": self.email,
            "phone": Partner._phone_stored_form(self.phone, self.company_id) or self.phone,
            "company_id": self.company_id.id,
            **self.env["cx.case"]._cx_new_customer_locale(team, self.company_id),
        })

    def _customer_match_domain(self):
        """The contacts a test drive of this market may be matched with (see
        ``_find_or_create_partner``); to search with ``active_test=False``, so that a
        partner of an archived user counts as having one."""
        return Domain.AND([
            [("active", "=", True), ("is_company", "=", False), ("user_ids", "=", False)],
            Domain("company_id", "=", False) | Domain("company_id", "parent_of",
                                                     self.company_id.id),
        ])

    def _create_callback_cases(self):
        case_type = self.env.ref("cx_cases.cx_case_type_test_drive")
        Team = self.env["cx.case.team"].sudo()
        for drive in self:
            team = Team._team_for(drive.company_id)
            partner = drive._find_or_create_partner(team)
            due = team.resource_calendar_id._next_working_start(drive.date) if team else False
            case = self.env["cx.case"].sudo().create({
                # Shown to the customer (portal, mails): in their language.
                "name": partner._lang_env()._("Test drive follow-up: %(model)s",
                                                 model=drive.vehicle_model or "-"),
                "partner_id": partner.id,
                "channel": "proactive",
                "type_id": case_type.id,
                "team_id": team.id,
                "company_id": drive.company_id.id,
                "outlet_id": drive.outlet_id.id,
                "date_due": due,
                "test_drive_id": drive.id,
            })
            drive.sudo().write({"partner_id": partner.id, "case_id": case.id})
