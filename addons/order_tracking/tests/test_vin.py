from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tools.vin import normalize_vin, vin_check_digit, vin_problem

from .common import OrderTrackingCommon

VALID_NA = "1M8GDM9AXKP042788"  # the textbook VIN whose check digit is X


@tagged("post_install", "-at_install")
class TestVinRules(TransactionCase):

    def test_check_digit(self):
        self.assertEqual(vin_check_digit(VALID_NA), "X")
        self.assertEqual(vin_check_digit("11111111111111111"), "1")

    def test_problems(self):
        cases = {
            VALID_NA: None,
            "1M8GDM9AXKP04278": "length",
            "1M8GDM9AXKP0427888": "length",
            "1M8GDM9AXKP04278I": "characters",
            "1M8GDM9AXKP04278O": "characters",
            "1M8GDM9AXKP04278Q": "characters",
            "1m8gdm9axkp04278!": "characters",
            "": "length",
        }
        for vin, problem in cases.items():
            with self.subTest(vin=vin):
                self.assertEqual(vin_problem(vin), problem)

    def test_check_digit_only_where_required(self):
        wrong = "1M8GDM9A1KP042788"
        self.assertIsNone(vin_problem(wrong))
        self.assertEqual(vin_problem(wrong, check_digit_required=True), "check_digit")
        self.assertIsNone(vin_problem(VALID_NA, check_digit_required=True))

    def test_normalize(self):
        self.assertEqual(normalize_vin(" 1m8-gdm9axkp042788 "), VALID_NA)


@tagged("post_install", "-at_install")
class TestOrderVin(OrderTrackingCommon):

    def test_order_refuses_bad_vin(self):
        for vin in ("WAUZZZ8V5KA10644", "WAUZZZ8V5KA1064IO", "WAUZZZ8V5KA10644\x00"):
            with self.subTest(vin=vin), self.assertRaises(ValidationError):
                self.order_1.write({"vin": vin})

    def test_market_without_check_digit_rule(self):
        self.order_1.write({"vin": "wauzzz8v5ka106440"})
        self.assertEqual(self.order_1.vin, "WAUZZZ8V5KA106440")

    def test_market_requiring_check_digit(self):
        self.market_b.vin_check_digit_required = True
        with self.assertRaises(ValidationError) as error:
            self.order_3.write({"vin": "1M8GDM9A1KP042788"})
        self.assertIn("check digit", str(error.exception))
        self.order_3.write({"vin": VALID_NA})
        self.assertEqual(self.order_3.vin, VALID_NA)

    def test_vin_is_unique(self):
        self.order_1.write({"vin": VALID_NA})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.order_2.write({"vin": VALID_NA})
            self.order_2.flush_recordset()
