from . import test_outlet_lifecycle
from . import test_kpi_rating
from . import test_kpi_api
from . import test_rating_publication
from . import test_access
from . import test_portal
from . import test_workflow_guard
from . import test_portal_form
