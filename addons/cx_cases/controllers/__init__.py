from . import portal
from . import telephony
from . import knowledge
from . import rating
