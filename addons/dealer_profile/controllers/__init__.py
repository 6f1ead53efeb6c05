from . import portal
from . import home
