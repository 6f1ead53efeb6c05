from . import main
from . import portal
from . import audit_app
from . import mystery
