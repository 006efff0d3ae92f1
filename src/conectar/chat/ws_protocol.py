"""The chat WebSocket's protocol as types — every frame a client may send and every frame the server sends —
and the AsyncAPI 3.0 document built from them (``GET /api/v1/chat/asyncapi.json``, linked from /docs).

The socket handler answers with these shapes; tests/services/test_chat_ws_protocol.py validates every
frame a real session exchanges against this document, so the two cannot drift apart.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from conectar.chat.schemas import MessageRead

FEED_KINDS = ("message", "read", "chat", "oferta", "trabajo", "resena")
Ref = str | int | None
CLOSE_CODES = {
    1008: "Autenticación fallida: falta el token, no es válido o no llegó el primer mensaje `auth` a tiempo.",
    4001: "El token venció sin renovarse (enviá `auth` con uno nuevo antes de que venza).",
    4401: "La sesión terminó: cierre de sesión, baneo, cambio o restablecimiento de contraseña.",
}


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- client → server ------------------------------------------------------------------------------------


class AuthCommand(_Frame):
    """Primer mensaje si no se pasó `?token=`; después, renueva la sesión con un token nuevo de la misma
    persona antes de que venza el actual."""

    type: Literal["auth"]
    token: str
    cursor: int | None = Field(
        default=None, description="Solo en el primer mensaje: ponerse al día desde acá"
    )
    ref: Ref = None


class SendCommand(_Frame):
    """Enviar un mensaje (las mismas reglas que POST /chat/send-message)."""

    type: Literal["send"]
    chat_id: uuid.UUID
    text: str
    ref: Ref = None


class ReadCommand(_Frame):
    """Marcar como leída una conversación."""

    type: Literal["read"]
    chat_id: uuid.UUID
    ref: Ref = None


class PingCommand(_Frame):
    type: Literal["ping"]
    ref: Ref = None


# --- server → client ------------------------------------------------------------------------------------


class HelloFrame(_Frame):
    """Primer mensaje del servidor; `seq` es el último número del feed de la persona."""

    type: Literal["hello"]
    user_id: uuid.UUID
    seq: int


class FeedFrame(_Frame):
    """Un elemento del feed de la persona, en orden estricto de `seq` (sin huecos ni repeticiones; con
    `?cursor=` la conexión empieza por lo que se perdió).

    Con `kind: message`, `data` es el mensaje como lo da la API (`MessageRead`); un archivo enviado con
    `POST /api/v1/chat/{chat_id}/adjuntos` llega así, con `tipo: adjunto`, la leyenda en `text` y
    `adjunto: {id, nombre, content_type, tamano, url, thumbnail_url}` (descargas privadas con el token)."""

    type: Literal["feed"]
    seq: int
    kind: Literal["message", "read", "chat", "oferta", "trabajo", "resena"]
    data: dict[str, Any]


class AckFrame(_Frame):
    """Respuesta a un comando, con su `ref`: `exp` (auth), `message` (send) o `marked` (read)."""

    type: Literal["ack"]
    ref: Ref = None
    exp: int | None = None
    message: MessageRead | None = None
    marked: int | None = None


class PongFrame(_Frame):
    type: Literal["pong"]
    ref: Ref = None


class ErrorFrame(_Frame):
    """Un comando rechazado: el mismo `status` y `detail` que daría la API HTTP.

    Con `status` 503 el chat está saturado y con 429 la persona envía demasiado rápido: el mensaje **no** se
    guardó ni se entregará; `retry_after_ms` dice cuándo volver a enviarlo (el mismo comando, con su `ref`).
    Un mensaje confirmado con `ack` siempre llega a los dispositivos de la conversación."""

    type: Literal["error"]
    ref: Ref = None
    status: int
    detail: str
    retry_after_ms: int | None = Field(
        default=None,
        description="Solo en rechazos por saturación (503) o por ritmo (429): milisegundos antes de reintentar",
    )


CLIENT_FRAMES: tuple[type[_Frame], ...] = (AuthCommand, SendCommand, ReadCommand, PingCommand)
SERVER_FRAMES: tuple[type[_Frame], ...] = (HelloFrame, FeedFrame, AckFrame, PongFrame, ErrorFrame)


def asyncapi_document(server_url: str = "") -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``/api/v1/chat/ws``."""
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for frame in (*CLIENT_FRAMES, *SERVER_FRAMES):
        schema = frame.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[frame.__name__] = schema
        messages[frame.__name__] = {
            "name": frame.model_fields["type"].annotation.__args__[0],  # type: ignore[union-attr]
            "title": frame.__name__,
            "summary": (frame.__doc__ or frame.__name__).strip().splitlines()[0],
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{frame.__name__}"},
        }
    channel_messages = {name: {"$ref": f"#/components/messages/{name}"} for name in messages}
    close_codes = "; ".join(f"{code}: {text}" for code, text in CLOSE_CODES.items())
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "ConectarProfesionales — chat en tiempo real",
            "version": "1.0.0",
            "description": (
                "WebSocket del chat, a través del gateway. Autenticación con `?token=<access token>` o con un "
                "primer mensaje `auth`; `?cursor=<seq>` retoma el feed donde quedó. Cierres: " + close_codes
            ),
        },
        "servers": {
            "gateway": {
                "host": server_url.split("://", 1)[-1] or "localhost:8000",
                "protocol": "wss" if server_url.startswith("https") else "ws",
                "pathname": "/api/v1/chat/ws",
            }
        },
        "channels": {
            "chat": {
                "address": "/api/v1/chat/ws",
                "messages": channel_messages,
                "bindings": {
                    "ws": {
                        "query": {
                            "type": "object",
                            "properties": {
                                "token": {"type": "string", "description": "Access token (o enviar `auth`)"},
                                "cursor": {"type": "integer", "description": "Último `seq` recibido"},
                            },
                        }
                    }
                },
            }
        },
        "operations": {
            "sendCommand": {
                "action": "receive",
                "channel": {"$ref": "#/channels/chat"},
                "summary": "Lo que el cliente envía",
                "messages": [{"$ref": f"#/channels/chat/messages/{f.__name__}"} for f in CLIENT_FRAMES],
            },
            "receiveFrame": {
                "action": "send",
                "channel": {"$ref": "#/channels/chat"},
                "summary": "Lo que el servidor envía",
                "messages": [{"$ref": f"#/channels/chat/messages/{f.__name__}"} for f in SERVER_FRAMES],
            },
        },
        "components": {"schemas": schemas, "messages": messages},
    }
