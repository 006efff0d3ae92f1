"""Request and response models of the professionals service (field names as SPEC §2, §3, §7 say)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from conectar.platform.dates import BoundedDateTime
from conectar.professionals import disponibilidad
from conectar.professionals.domain import Nivel, SortBy, normalise_payout_account

# Money and rates travel as JSON numbers written from exact decimals (never computed as floats).
Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
Rate = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
MoneyIn = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), max_digits=10, decimal_places=2)]
PositiveMoneyIn = Annotated[Decimal, Field(gt=0, le=Decimal("10000000"), max_digits=10, decimal_places=2)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
PayoutAccount = Annotated[str, Field(max_length=64), AfterValidator(normalise_payout_account)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=100)]


class Message(BaseModel):
    status: str = "ok"
    message: str


# --- catalog ----------------------------------------------------------------------------------------


class OficioRead(BaseModel):
    id: uuid.UUID
    nombre: str
    descripcion: str
    activo: bool = True
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class OficioCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Text100
    descripcion: Annotated[str | None, Field(max_length=1000)] = None


class OficioUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Text100 | None = None
    descripcion: Annotated[str | None, Field(max_length=1000)] = None
    activo: bool | None = None


class ServicioInstantCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    descripcion: Annotated[str | None, Field(max_length=2000)] = None
    oficio_id: uuid.UUID


class ServicioInstantUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Annotated[str | None, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)] = (
        None
    )
    descripcion: Annotated[str | None, Field(max_length=2000)] = None
    activo: bool | None = None


class ServicioInstantRead(BaseModel):
    id: uuid.UUID
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    activo: bool
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class OfertaInstantRead(BaseModel):
    """A professional's instant service: the catalog entry and their fixed price (null until set)."""

    id: uuid.UUID
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    activo: bool
    precio_fijo: Money | None


ServicioNombre = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
ServicioDescripcion = Annotated[str | None, Field(max_length=2000)]


class ServicioPublicadoCreate(BaseModel):
    """A service of your own: its name, what it includes, its fixed price and the oficio it belongs to."""

    model_config = ConfigDict(extra="ignore")

    nombre: ServicioNombre
    descripcion: ServicioDescripcion = None
    precio_fijo: PositiveMoneyIn
    oficio_id: uuid.UUID = Field(description="Uno de tus oficios")
    activo: bool = Field(default=True, description="Si los clientes lo ven y lo pueden contratar")


class ServicioPublicadoUpdate(BaseModel):
    """Partial: only the fields sent change (`descripcion` may be set to null: no description)."""

    model_config = ConfigDict(extra="ignore")

    nombre: ServicioNombre | None = None
    descripcion: ServicioDescripcion = None
    precio_fijo: PositiveMoneyIn | None = None
    oficio_id: uuid.UUID | None = Field(default=None, description="Uno de tus oficios")
    activo: bool | None = None


class ServicioPublicadoRead(BaseModel):
    """A service a professional published (`/professional/servicios`)."""

    id: uuid.UUID
    profesional_id: uuid.UUID = Field(description="El id de perfil del profesional")
    oficio_id: uuid.UUID
    oficio_nombre: str
    nombre: str
    descripcion: str
    precio_fijo: Money
    activo: bool
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class OficioIds(BaseModel):
    oficio_ids: Annotated[list[uuid.UUID], Field(max_length=50)]


class ServicioIds(BaseModel):
    servicio_ids: Annotated[list[uuid.UUID], Field(max_length=100)]


class PrecioFijo(BaseModel):
    precio_fijo: PositiveMoneyIn


# --- the profile ------------------------------------------------------------------------------------


class ProfileRead(BaseModel):
    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    email: str
    avatar_url: str | None
    estado_verificacion: str
    nivel: str
    puntos_experiencia: int
    tasa_comision_actual: Rate
    radio_cobertura_km: int
    acepta_instant: bool
    tarifa_por_hora: Money | None
    rating_promedio: float
    total_resenas: int
    trabajos_completados: int
    latitude: float | None
    longitude: float | None
    payout_account: str | None
    descripcion: str | None
    oficios: list[OficioRead]
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class ProfileUpdate(BaseModel):
    """Partial: only the fields sent change (`tarifa_por_hora` and `descripcion` may be set to null)."""

    model_config = ConfigDict(extra="ignore")

    radio_cobertura_km: Annotated[int | None, Field(ge=1, le=500)] = None
    acepta_instant: bool | None = None
    tarifa_por_hora: MoneyIn | None = None
    descripcion: Annotated[str | None, Field(max_length=2000)] = None


class MeUpdate(ProfileUpdate):
    """`PUT /professional/me`: the profile fields plus location and payout account."""

    latitude: Latitude | None = None
    longitude: Longitude | None = None
    payout_account: PayoutAccount | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> MeUpdate:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude y longitude van juntas")
        return self


class LocationUpdate(BaseModel):
    latitude: Latitude
    longitude: Longitude


class PayoutUpdate(BaseModel):
    payout_account: PayoutAccount


# --- KYC --------------------------------------------------------------------------------------------


class KycDocumentRead(BaseModel):
    id: uuid.UUID
    nombre_archivo: str
    content_type: str
    tamano_bytes: int
    sha256: str
    envio: int
    fecha_creacion: datetime


class KycUploadResult(BaseModel):
    status: Literal["ok"] = "ok"
    message: str
    estado_verificacion: str
    documentos: int


class KycStatus(BaseModel):
    estado_verificacion: str
    motivo_rechazo: str | None
    fecha_envio: datetime | None
    fecha_revision: datetime | None
    documentos: list[KycDocumentRead]


class KycPendiente(BaseModel):
    id: uuid.UUID
    usuario_id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    fecha_creacion: datetime
    estado_verificacion: str
    fecha_envio: datetime | None
    documentos: list[KycDocumentRead]


class KycReject(BaseModel):
    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]


class KycDecision(BaseModel):
    status: Literal["ok"] = "ok"
    message: str
    id: uuid.UUID
    estado_verificacion: str


# --- portfolio --------------------------------------------------------------------------------------


class PortfolioCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    titulo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    descripcion: Annotated[str | None, Field(max_length=1000)] = None


class PortfolioUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    titulo: Annotated[str | None, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = (
        None
    )
    descripcion: Annotated[str | None, Field(max_length=1000)] = None


class PortfolioImageRead(BaseModel):
    id: uuid.UUID
    imagen_url: str
    thumbnail_url: str
    orden: int


class PortfolioItemRead(BaseModel):
    id: uuid.UUID
    profesional_id: uuid.UUID
    titulo: str
    descripcion: str
    fecha_creacion: datetime
    fecha_actualizacion: datetime
    imagenes: list[PortfolioImageRead]


# --- public profile, reviews, gamification ----------------------------------------------------------


class ResenaRead(BaseModel):
    id: uuid.UUID
    rating: int
    texto_resena: str
    nombre_cliente: str
    fecha_creacion: datetime
    respuesta: str | None = None
    fecha_respuesta: datetime | None = None


class ResenaPage(BaseModel):
    resenas: list[ResenaRead]
    total: int
    page: int
    limit: int
    totalPages: int


# --- availability (SPEC §11) ------------------------------------------------------------------------


def _hhmm(value: str) -> str:
    try:
        disponibilidad.parse_hhmm(value)
    except ValueError as exc:
        raise PydanticCustomError("hora_invalida", str(exc)) from None
    return value


def _dia(value: int) -> int:
    if not 0 <= value <= 6:
        raise PydanticCustomError("dia_invalido", "El día debe ser un número de 0 (lunes) a 6 (domingo)")
    return value


def _at_most(limit: int, message: str) -> Any:
    """A list's length checked before its items are (an es-AR message, and no work on a huge list)."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise PydanticCustomError("demasiados", message)
        return value

    return BeforeValidator(check)


Hora = Annotated[
    str,
    AfterValidator(_hhmm),
    WithJsonSchema(
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$", "example": "09:00"}
    ),
]
Dia = Annotated[
    int,
    AfterValidator(_dia),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = lunes … 6 = domingo"}),
]


class FranjaSemanal(BaseModel):
    """A range of weekly hours, in Argentina time (UTC−3)."""

    model_config = ConfigDict(extra="ignore")

    dia: Dia = Field(description="0 = lunes, 1 = martes … 6 = domingo")
    desde: Hora = Field(description="HH:MM, hora de Argentina")
    hasta: Hora = Field(description="HH:MM, hora de Argentina; 24:00 es el fin del día")

    @model_validator(mode="after")
    def _ordered(self) -> FranjaSemanal:
        problem = disponibilidad.franja_problem(
            self.dia, disponibilidad.parse_hhmm(self.desde), disponibilidad.parse_hhmm(self.hasta)
        )
        if problem is not None:
            raise PydanticCustomError("franja_invalida", problem)
        return self

    def franja(self) -> disponibilidad.Franja:
        return disponibilidad.Franja(
            self.dia, disponibilidad.parse_hhmm(self.desde), disponibilidad.parse_hhmm(self.hasta)
        )


class Bloqueo(BaseModel):
    """A period without availability (vacaciones, un día bloqueado): from ``desde`` to ``hasta``."""

    model_config = ConfigDict(extra="ignore")

    desde: BoundedDateTime
    hasta: BoundedDateTime

    @model_validator(mode="after")
    def _ordered(self) -> Bloqueo:
        problem = disponibilidad.bloqueo_problem(self.desde, self.hasta)
        if problem is not None:
            raise PydanticCustomError("bloqueo_invalido", problem)
        return self


class DisponibilidadUpdate(BaseModel):
    """What a professional sends: each field sent replaces that whole list; a field not sent stays."""

    model_config = ConfigDict(extra="ignore")

    semanal: Annotated[
        list[FranjaSemanal],
        _at_most(
            disponibilidad.MAX_FRANJAS,
            f"Podés cargar hasta {disponibilidad.MAX_FRANJAS} franjas horarias por semana",
        ),
    ] = Field(default_factory=list, description="Tus horarios de cada semana (hora de Argentina)")
    bloqueos: Annotated[
        list[Bloqueo],
        _at_most(disponibilidad.MAX_BLOQUEOS, f"Podés cargar hasta {disponibilidad.MAX_BLOQUEOS} bloqueos"),
    ] = Field(
        default_factory=list, description="Períodos sin disponibilidad (los ya terminados no se guardan)"
    )

    @model_validator(mode="after")
    def _week(self) -> DisponibilidadUpdate:
        problem = disponibilidad.semana_problem([f.franja() for f in self.semanal])
        if problem is not None:
            raise PydanticCustomError("semana_invalida", problem)
        return self


class BloqueoRead(BaseModel):
    id: uuid.UUID
    desde: datetime
    hasta: datetime


class DisponibilidadRead(BaseModel):
    semanal: list[FranjaSemanal] = Field(description="Por día (0 = lunes) y hora de inicio")
    bloqueos: list[BloqueoRead] = Field(
        description="Los que no terminaron todavía, del más próximo al último"
    )
    zona_horaria: str = Field(
        default=disponibilidad.ZONA_HORARIA, description="Los horarios semanales son en hora de Argentina"
    )


class PublicOferta(BaseModel):
    id: uuid.UUID
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    precio_fijo: Money


class PublicProfile(BaseModel):
    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None
    descripcion: str | None
    nivel: str
    radio_cobertura_km: int
    acepta_instant: bool
    tarifa_por_hora: Money | None
    rating_promedio: float
    total_resenas: int
    trabajos_completados: int
    oficios: list[OficioRead]
    portfolio: list[PortfolioItemRead]
    servicios_instant: list[PublicOferta]
    servicios_publicados: list[PublicOferta] = Field(
        default_factory=list,
        description="Servicios que el profesional publicó él mismo, activos (se contratan sin cuerpo)",
    )
    resenas: list[ResenaRead]
    fecha_creacion: datetime
    tiempo_respuesta_mediano_min: int | None = Field(
        default=None,
        description="Mediana de minutos hasta la primera respuesta (90 días; null con menos de 3)",
    )
    cancelaciones_90d: int = Field(
        default=0, description="Trabajos que el profesional canceló en los últimos 90 días"
    )
    disponibilidad_semanal: list[FranjaSemanal] = Field(
        default_factory=list,
        description="Horarios de atención de cada semana, hora de Argentina (vacío si no los cargó)",
    )


class NivelRead(BaseModel):
    nivel: Nivel
    puntos_experiencia: int
    siguiente_nivel: Nivel | None
    puntos_faltantes: int
    progreso_porcentaje: float
    tasa_comision_actual: Rate


class LeaderboardEntry(BaseModel):
    posicion: int
    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None
    nivel: str
    puntos_experiencia: int
    rating_promedio: float
    total_resenas: int
    trabajos_completados: int


# --- search -----------------------------------------------------------------------------------------


class SearchResult(BaseModel):
    id: uuid.UUID = Field(
        description="El id del perfil público del profesional (`/public/professional/{id}`)"
    )
    usuario_id: uuid.UUID | None = Field(
        default=None,
        description="El id de usuario del profesional: el que piden `POST /chat/create` (`profesional_id`) "
        "y la contratación inmediata",
    )
    nombre: str
    apellido: str
    avatar_url: str | None
    nivel: str
    radio_cobertura_km: int
    acepta_instant: bool
    tarifa_por_hora: Money | None
    rating_promedio: float
    total_resenas: int
    distancia_km: float | None = Field(
        description="Distancia al punto buscado (0,1 km); null en los favoritos consultados sin punto"
    )
    tiempo_respuesta_mediano_min: int | None = Field(
        default=None,
        description="Mediana de minutos hasta la primera respuesta (90 días; null con menos de 3)",
    )


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    latitude: Latitude
    longitude: Longitude
    oficio: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = Field(
        description="El id del oficio o su nombre (sin distinguir mayúsculas)"
    )
    radio_km: Annotated[float | None, Field(gt=0, le=500)] = Field(
        default=None, description="Sólo profesionales a esta distancia como máximo"
    )
    ordenar_por: SortBy = SortBy.DISTANCIA
    skip: Annotated[int, Field(ge=0, le=10000)] = 0
    limit: Annotated[int, Field(ge=1, le=50)] = 20
    nivel: Nivel | None = None
    acepta_instant: bool | None = None
    rating_minimo: Annotated[float | None, Field(ge=0, le=5)] = None
    precio_maximo: MoneyIn | None = None


class SearchResponse(BaseModel):
    total: int
    resultados: list[SearchResult]
    pagina: int
    total_paginas: int


class ServicioDisponible(BaseModel):
    """A service a client can hire now from one professional (GET /servicios): an instant service of the
    catalog at the professional's price, or one the professional published."""

    tipo: Literal["catalogo", "publicado"] = Field(
        description="`catalogo`: un servicio instantáneo del catálogo al precio del profesional (se contrata "
        "con `{profesional_id}`); `publicado`: uno que el profesional publicó él mismo (se contrata sin cuerpo)"
    )
    servicio_id: uuid.UUID = Field(
        description="El id a contratar en `POST /cliente/servicios/{servicio_id}/contratar`"
    )
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    precio_fijo: Money
    profesional_id: uuid.UUID
    usuario_id: uuid.UUID
    profesional_nombre: str
    profesional_apellido: str
    avatar_url: str | None
    nivel: str
    rating_promedio: float
    total_resenas: int
    distancia_km: float | None
