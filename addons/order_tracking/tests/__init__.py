from . import test_event_logic
from . import test_vin
from . import test_api
