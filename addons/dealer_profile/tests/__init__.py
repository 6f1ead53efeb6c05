from . import test_outlet_lifecycle
from . import test_kpi_rating
from . import test_access
from . import test_portal
from . import test_i18n
