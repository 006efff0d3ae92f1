from conectar.payments.models import Base
from conectar.platform.migrations import run_env

run_env(Base.metadata)
