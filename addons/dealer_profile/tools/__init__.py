from . import portal_form
