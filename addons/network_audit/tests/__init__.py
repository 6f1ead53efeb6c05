from . import test_smoke_flow
