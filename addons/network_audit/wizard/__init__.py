from . import network_audit_export
from . import network_audit_reopen
