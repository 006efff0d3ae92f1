"""The files the professionals service stores, and the rows that name them (the kernel sweeps the rest)."""

from __future__ import annotations

from conectar.platform.orphan_files import StoredFiles, named_by
from conectar.professionals.models import KycDocumento, PortfolioImagen

FILES = (
    StoredFiles(
        "portfolio",
        public=True,
        referenced=named_by(PortfolioImagen.imagen_key, PortfolioImagen.thumbnail_key),
    ),
    StoredFiles("kyc", public=False, referenced=named_by(KycDocumento.storage_key)),
)
