from . import dealer_outlet_state_wizard
from . import dealer_portal_email_wizard
