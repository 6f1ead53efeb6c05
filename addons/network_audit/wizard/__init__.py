from . import network_audit_export
