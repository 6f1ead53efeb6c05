from . import test_sla_clock
from . import test_workflow
from . import test_mail_gateway
from . import test_access
from . import test_campaign
from . import test_livechat
from . import test_proactive
from . import test_http
