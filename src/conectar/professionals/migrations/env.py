from conectar.platform.migrations import run_env
from conectar.professionals.models import Base

run_env(Base.metadata)
