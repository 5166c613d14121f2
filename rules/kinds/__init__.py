"""Every rule kind; importing this package fills ``rules.base.KINDS``."""
from . import bands, check, deadline, manual, proportional, relative, survey, tally  # noqa: F401
