from conectar.platform.migrations import run_env
from conectar.users.models import Base

run_env(Base.metadata)
