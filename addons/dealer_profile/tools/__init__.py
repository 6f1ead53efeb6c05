from . import portal_form
from . import json_api
