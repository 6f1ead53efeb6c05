from . import portal
from . import home
from . import mail
