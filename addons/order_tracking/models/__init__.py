from . import res_company
from . import vehicle_order_location
from . import vehicle_order_status
from . import vehicle_order
from . import vehicle_order_eta_change
from . import vehicle_order_event
from . import vehicle_order_ingestion
