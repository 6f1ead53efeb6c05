from . import cx_case_confirm_wizard
from . import cx_phone_log_wizard
from . import dealer_portal_email_wizard
from . import cx_case_reply_wizard
from . import cx_case_recovery_wizard
