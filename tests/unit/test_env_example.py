"""Every setting is documented in .env.example."""

from pathlib import Path

from pydantic_settings import BaseSettings

from conectar.platform.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def documented() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("CONECTAR_") and "=" in line:
            names.add(line.split("=", 1)[0])
    return names


def settings_classes() -> list[type[BaseSettings]]:
    import importlib
    import pkgutil

    import conectar

    classes: list[type[BaseSettings]] = [Settings]
    for module in pkgutil.iter_modules(conectar.__path__):
        if not module.ispkg:
            continue
        try:
            service_settings = importlib.import_module(f"conectar.{module.name}.settings")
        except ModuleNotFoundError:
            continue
        for value in vars(service_settings).values():
            own = isinstance(value, type) and value.__module__ == service_settings.__name__
            if own and issubclass(value, BaseSettings):
                classes.append(value)
    return classes


def test_every_setting_is_in_env_example() -> None:
    names = documented()
    missing = []
    for cls in settings_classes():
        prefix = str(cls.model_config.get("env_prefix", ""))
        for field in cls.model_fields:
            variable = f"{prefix}{field}".upper()
            if variable not in names:
                missing.append(variable)
    assert not missing, f"document these in .env.example: {missing}"
