"""ConectarProfesionales: a marketplace for verified tradespeople in Argentina."""

__version__ = "0.1.0"
