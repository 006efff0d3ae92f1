"""Request and response models of the payments service's public API (ARS decimals, Spanish field names)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conectar.contracts.payments import Money, PositiveMoney

Motivo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Balance(BaseModel):
    disponible: Money = Field(description="Liberado y todavía no retirado: lo que podés retirar.")
    pendiente: Money = Field(description="Pagado por clientes y en garantía, a liberar al terminar.")
    total_ganado: Money = Field(description="Todo lo liberado a tu favor (neto de comisiones).")
    total_comisiones: Money = Field(description="Comisiones de la plataforma sobre tus trabajos.")
    trabajos_completados: int
    en_transito: Money = Field(description="Retiros solicitados o en camino a tu cuenta.")
    retirado: Money = Field(description="Retiros ya acreditados en tu cuenta.")


class TipoMovimiento(StrEnum):
    PAGO = "PAGO"
    LIBERACION = "LIBERACION"
    REEMBOLSO = "REEMBOLSO"
    CONTRACARGO = "CONTRACARGO"
    REVERSION = "REVERSION"
    RETIRO_SOLICITADO = "RETIRO_SOLICITADO"
    RETIRO = "RETIRO"
    RETIRO_REVERTIDO = "RETIRO_REVERTIDO"


class Movimiento(BaseModel):
    id: uuid.UUID
    tipo: TipoMovimiento
    monto: Money
    comision: Money
    neto: Money
    trabajo_id: uuid.UUID | None
    retiro_id: uuid.UUID | None
    referencia: str | None
    descripcion: str
    fecha: datetime


class ResumenTipo(BaseModel):
    cantidad: int
    monto: Money


class ResumenHistorial(BaseModel):
    cantidad: int
    total_monto: Money
    total_comision: Money
    total_neto: Money
    por_tipo: dict[str, ResumenTipo]


class Historial(BaseModel):
    movimientos: list[Movimiento]
    total: int
    page: int
    limit: int
    totalPages: int
    resumen: ResumenHistorial


class Financials(BaseModel):
    total_facturado: Money = Field(
        description="Lo facturado: el precio de los trabajos liberados (ni lo retenido en garantía ni lo "
        "reintegrado a clientes)."
    )
    comision_total: Money = Field(description="Ingresos de la plataforma por comisiones.")
    trabajos_completados: int = Field(description="Trabajos con el dinero liberado.")
    dinero_en_escrow: Money = Field(description="Dinero en garantía, pendiente de liberar o reembolsar.")


class CantidadMonto(BaseModel):
    cantidad: int
    monto: Money


class Dashboard(BaseModel):
    financials: Financials
    pagos_por_estado: dict[str, int]
    total_reembolsado: Money
    perdidas: Money = Field(description="Reembolsos o contracargos posteriores a la liberación.")
    saldo_profesionales: Money = Field(description="Liberado y no retirado, sumando a todos.")
    retiros_por_estado: dict[str, CantidadMonto]
    en_transito: Money
    total_retirado: Money
    notificaciones: dict[str, int]
    proveedor_pagos: str
    proveedor_retiros: str
    ultima_conciliacion: datetime | None
    ultimos_movimientos: list[Movimiento]


class RetiroCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    monto: PositiveMoney | None = Field(default=None, description="Por defecto, todo el saldo disponible.")


class RetiroRead(BaseModel):
    id: uuid.UUID
    profesional_id: uuid.UUID
    monto: Money
    cuenta: str
    estado: str
    proveedor: str | None
    lote_id: uuid.UUID | None
    referencia: str | None
    motivo: str | None
    enviado_at: datetime | None
    pagado_at: datetime | None
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class RetiroPage(BaseModel):
    retiros: list[RetiroRead]
    total: int
    page: int
    limit: int
    totalPages: int


class MotivoBody(BaseModel):
    motivo: Motivo


class LoteCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    retiro_ids: list[uuid.UUID] | None = Field(
        default=None,
        description="Retiros SOLICITADOS a incluir. Sin lista: todos los solicitados, más un retiro por cada "
        "profesional con saldo disponible y cuenta de cobro conocida.",
        max_length=1000,
    )


class LotePago(BaseModel):
    referencia_bancaria: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)
    ]


class LoteRead(BaseModel):
    id: uuid.UUID
    estado: str
    total: Money
    cantidad: int
    referencia_bancaria: str | None
    pagado_at: datetime | None
    fecha_creacion: datetime
    retiros: list[RetiroRead]


class LotePage(BaseModel):
    lotes: list[LoteRead]
    total: int
    page: int
    limit: int
    totalPages: int


class ConciliacionResultado(BaseModel):
    pendientes_revisados: int
    acreditados: int
    reembolsos_reintentados: int
    garantias_revisadas: int
    retiros_revisados: int
    errores: int


def total_pages(total: int, limit: int) -> int:
    return max(1, -(-total // limit)) if limit else 1
