from contextvars import ContextVar

# What the gateway learned of one mail while routing it, for the rest of that mail
# (mail.thread's message_process sets it, models/mail_thread.py):
# - ``absent``: the (address, active_test) pairs no partner has. Core looks the sender
#   up three times before the case is created (the sender's user, the route's check,
#   the author); until _message_route_process starts, nothing creates a partner.
# - ``unknown``: the addresses no partner has, archived ones included: Odoo's loop check
#   (before _message_route_process too) has no case of theirs to count.
# - ``fresh_case``: the case message_new opened, whose first message core would search
#   a parent for, until a message is created on it.
# A dict per mail, never shared between mails or requests.
GATEWAY_MEMO = ContextVar("cx_cases_gateway_memo", default=None)
