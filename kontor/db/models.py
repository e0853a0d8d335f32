"""Imports every core table module so SQLModel.metadata knows the whole core schema."""

from kontor.core import audit, events, idempotency  # noqa: F401
from kontor.core.masterdata.articles import models as articles  # noqa: F401
from kontor.core.masterdata.basics import models as basics  # noqa: F401
from kontor.core.masterdata.parties import models as parties  # noqa: F401
from kontor.core.masterdata.texts import models as texts  # noqa: F401
from kontor.core.tenancy import models as tenancy  # noqa: F401
from kontor.core.users import models as users  # noqa: F401
from kontor.core.documents import models as documents  # noqa: F401
from kontor.core.stock import models as stock  # noqa: F401
from kontor.core.finance import models as finance  # noqa: F401
from kontor.core.finance import payment_models, risk_models, dunning_models, transfer_models  # noqa: F401
from kontor.core.finance import exposure_models  # noqa: F401
from kontor.core.purchasing import models as purchasing  # noqa: F401
from kontor.core.stock import planning_models, stocktaking_models, serial_models  # noqa: F401
from kontor.core.printing import models as printing  # noqa: F401
from kontor.core.einvoice import models as einvoice  # noqa: F401
from kontor.jobs import models as jobs  # noqa: F401
