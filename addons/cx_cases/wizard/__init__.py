from . import cx_case_confirm_wizard
from . import cx_phone_log_wizard
