from . import dealer_outlet_state_wizard
