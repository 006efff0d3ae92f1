"""Benchmark: the event pipeline, outbox → relay → RabbitMQ → inbox consumer (issue 14).

The chat service writes ``MessageSent`` to its outbox with every chat message; the professionals service
consumes it into its response-time read model (``professionals.service.response_time``). That is the
busiest flow of events in the platform, and this script runs it on this machine's PostgreSQL and RabbitMQ:

- a **producer** process is a chat replica: ``create_service_app(chat)`` with its lifespan (the kernel's
  outbox relay wired from the settings as in production, the chat database migrated with chat's own
  revisions), whose "use cases" each write one ``MessageSent`` through ``ctx.outbox`` in their own
  transaction, open-loop at ``--rate`` events per second;
- ``--consumers`` **consumer** processes are professionals replicas: ``create_service_app(professionals)``
  with its lifespan, so each one consumes with the kernel's RabbitMQ bus, prefetch and ``InboxConsumer``
  and calls the service's real ``MessageSent`` handler in the professionals database (the profiles and
  conversations exist, as in production). The only addition is a wrapper around the bus's handler that
  notes the time once the inbox transaction has committed.

Why not the whole platform behind the gateway: a chat message costs a few milliseconds of CPU in the
gateway and chat replicas (bench/chat.py), so HTTP or WebSocket traffic cannot write 2,000 events per
second on two cores, and what this script measures is the pipeline after the producer's commit. The
producer's transaction therefore holds the outbox row alone (a real message's transaction also inserts the
message, which is bench/chat.py's subject). The processes run without uvicorn (nothing calls their HTTP
routes), but with everything else their lifespan starts: relay, periodic jobs, work queues, dependency
watch. The RabbitMQ topology is cut to the professionals queue: in production notifications also consumes
``MessageSent`` from its own queue, which is another consumer, not this pipeline.

For each number of consumers (``--consumers 1,2``) and each rate (``--rates``) a run uses fresh databases
(``conectar_bench_<run>_chat`` and ``_professionals``, dropped afterwards) and a fresh RabbitMQ namespace:
``--warmup`` seconds unmeasured, then ``--seconds`` measured, then it waits until every event written has
its effect. Per run it prints the offered and consumed rates, the lag from the event's ``occurred_at``
(set by ``Outbox.add`` in the producer's transaction) to the consumer's committed inbox transaction — p50,
p99 and max over the events written in the measured window — the events lost (written to the outbox and
never handled once the pipeline drained), redeliveries that the inbox dropped, and the CPU milliseconds per
event of the producer, the consumers, PostgreSQL and RabbitMQ (their CPU time from the first write until
the last effect, divided by the events written). Consumed
events/s is the number of effects committed during the measured window divided by its length. The best run
is the one with the most events/s among those that lost nothing and kept lag p99 ≤ 500 ms (the one with
the most events/s otherwise); the last line is exactly::

    events consumers=<n> events_per_s=<x> lag_p50_ms=<a> lag_p99_ms=<b> lost=<k>

    python bench/events.py [--consumers 1,2] [--rates 2000] [--seconds 20] [--warmup 3]
                           [--handler response-time|inbox] [--per-tx 1] [--set NAME=VALUE] [--py-spy DIR]

``--handler inbox`` replaces the professionals handler with one that does nothing, so the inbox row is
the only effect (the kernel's own cost); ``--per-tx N`` makes each producer transaction write N events
(the producer's own writes are the use case's cost, not the pipeline's). ``--set`` passes a ``CONECTAR_`` setting to the producer and consumers (``--set consumer_prefetch=200``);
``--py-spy DIR`` records every process's stacks over the measured window (py-spy's collapsed format).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conectar import devstack
from conectar.contracts.events import EventEnvelope, MessageSent
from conectar.contracts.topology import SUBSCRIPTIONS
from conectar.platform.db import Database, utcnow
from conectar.platform.handlers import EventHandlers
from conectar.platform.migrations import upgrade
from conectar.platform.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu import CpuMeter, record_stacks
from stack import delete_queues

POSTGRES = os.environ.get("CONECTAR_BENCH_POSTGRES", "postgresql+asyncpg://postgres@localhost:5432")
BROKER = os.environ.get("CONECTAR_BENCH_BROKER_URL", "amqp://guest:guest@localhost:5672/")
PRODUCER = "chat"
CONSUMER = "professionals"
MARK = "@@events "
LAG_TARGET_MS = 500.0


# --- the processes ---------------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(message) + "\n")
    sys.stdout.flush()


async def _command() -> str:
    return (await asyncio.to_thread(sys.stdin.readline)).strip()


def _install_loop() -> None:
    # `conectar serve` runs under uvicorn, whose default loop is uvloop when it is installed.
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()


def _infrastructure() -> Any:
    from conectar.platform.infra import build_infrastructure
    from conectar.platform.observability import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    infra = build_infrastructure(settings, in_process=False)
    # Only the consumer under test gets a queue bound to the events (see the module's docstring).
    infra.bus.topology = {CONSUMER: SUBSCRIPTIONS[CONSUMER]}
    return infra


async def _producer(plan_path: Path, rate: float, warmup: float, seconds: float, per_tx: int) -> None:
    from conectar.chat.app import DEFINITION
    from conectar.platform.app import create_service_app

    plan = json.loads(plan_path.read_text())
    chats: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = [
        (uuid.UUID(c), uuid.UUID(a), uuid.UUID(b)) for c, a, b in plan["chats"]
    ]
    infra = _infrastructure()
    app = create_service_app(DEFINITION, infra)
    ctx = app.state.ctx
    rng = random.Random(7)
    errors = 0
    written = 0
    limit = asyncio.Semaphore(ctx.settings.database_pool_size + ctx.settings.database_max_overflow)

    def message() -> MessageSent:
        chat_id, cliente, profesional = rng.choice(chats)
        sender, recipient = (cliente, profesional) if rng.random() < 0.5 else (profesional, cliente)
        return MessageSent(
            message_id=uuid.uuid4(),
            chat_id=chat_id,
            sender_id=sender,
            recipient_id=recipient,
            sender_nombre="Ana",
            preview="Hola, ¿podés pasar el jueves a la mañana a ver la pérdida del calefón?",
            recipient_connected=rng.random() < 0.5,
        )

    async def send() -> None:
        nonlocal errors, written
        events = [message() for _ in range(per_tx)]
        async with limit:
            try:
                async with ctx.db.session() as session:
                    for event in events:
                        await ctx.outbox.add(session, event)
                written += len(events)
            except Exception:
                errors += len(events)

    async with app.router.lifespan_context(app):
        _emit({"ready": True})
        await _command()
        tasks: set[asyncio.Task[None]] = set()
        start = time.time()
        total = rate / per_tx * (warmup + seconds)
        launched = 0
        while launched < total:
            due = min(total, int((time.time() - start) * rate / per_tx))
            while launched < due:
                task = asyncio.create_task(send())
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                launched += 1
            await asyncio.sleep(0.002)
        end = time.time()
        while tasks:
            await asyncio.gather(*list(tasks))
        _emit(
            {
                "written": written,
                "errors": errors,
                "start": start,
                "measure_from": start + warmup,
                "measure_to": end,
                "behind_s": time.time() - end,
            }
        )
        await _command()


INBOX_ONLY: EventHandlers[Any] = EventHandlers()


@INBOX_ONLY.on(MessageSent)
async def _inbox_only(_ctx: Any, _session: Any, _event: MessageSent, _envelope: EventEnvelope) -> None:
    """The kernel's part alone (the inbox row and the payload's parse) is the only effect."""


async def _consumer(records_path: Path, handler: str) -> None:
    from conectar.platform.app import create_service_app
    from conectar.professionals.app import DEFINITION

    definition = DEFINITION
    if handler == "inbox":
        definition = dataclasses.replace(DEFINITION, handlers=INBOX_ONLY)

    infra = _infrastructure()
    records: list[tuple[str, float, float]] = []
    subscribe = infra.bus.subscribe

    async def measured_subscribe(service: str, handler: Callable[[EventEnvelope], Awaitable[None]]) -> None:
        async def measured(envelope: EventEnvelope) -> None:
            await handler(envelope)
            records.append((envelope.id.hex, envelope.occurred_at.timestamp(), time.time()))

        await subscribe(service, measured)

    infra.bus.subscribe = measured_subscribe
    app = create_service_app(definition, infra)
    async with app.router.lifespan_context(app):
        _emit({"ready": True})
        await _command()
    records_path.write_text(json.dumps(records))
    _emit({"records": str(records_path)})


# --- the run ----------------------------------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    process: asyncio.subprocess.Process
    messages: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    noise: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    async def read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            line = raw.decode(errors="replace").rstrip()
            if line.startswith(MARK):
                await self.messages.put(json.loads(line[len(MARK) :]))
            elif line:
                self.noise.append(line)

    async def expect(self, timeout: float = 120) -> dict[str, Any]:
        try:
            return await asyncio.wait_for(self.messages.get(), timeout)
        except TimeoutError:
            tail = "\n".join(self.noise[-20:])
            raise RuntimeError(f"{self.name} did not answer in {timeout}s; its output:\n{tail}") from None

    async def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command.encode() + b"\n")
        await self.process.stdin.drain()


async def _spawn(name: str, args: list[str], env: dict[str, str]) -> Proc:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).resolve()),
        *args,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    proc = Proc(name, process)
    proc.reader = asyncio.create_task(proc.read())
    return proc


def _environment(run: str, data_dir: str, settings: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CONECTAR_")}
    base.update(
        {
            "CONECTAR_DATA_DIR": data_dir,
            "CONECTAR_NAMESPACE": f"bench{run}",
            "CONECTAR_LOG_LEVEL": "WARNING",
            "CONECTAR_BROKER_URL": BROKER,
            **{f"CONECTAR_{k.upper()}": v for k, v in settings.items()},
        }
    )
    for service in (PRODUCER, CONSUMER):
        base[f"CONECTAR_{service.upper()}_DATABASE_URL"] = f"{POSTGRES}/conectar_bench_{run}_{service}"
    return devstack.stack_environment(base)


async def _seed(url: str, chats: int, pros: int) -> list[tuple[str, str, str]]:
    """Professional profiles (as their UserRegistered made them) and conversations between them and clients."""
    from conectar.professionals.service import profiles

    db = Database(url)
    professionals = [uuid.uuid4() for _ in range(pros)]
    try:
        async with db.session() as session:
            for index, usuario_id in enumerate(professionals):
                await profiles.create_profile(
                    session,
                    usuario_id=usuario_id,
                    email=f"pro{index}@bench.example",
                    nombre="Pro",
                    apellido=str(index),
                    is_active=True,
                    fecha_creacion=utcnow(),
                )
    finally:
        await db.dispose()
    rng = random.Random(11)
    return [(str(uuid.uuid4()), str(uuid.uuid4()), str(rng.choice(professionals))) for _ in range(chats)]


async def _count(url: str, query: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        return int(await conn.fetchval(query))
    finally:
        await conn.close()


async def _ids(url: str, query: str) -> set[str]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        return {row[0].hex for row in await conn.fetch(query)}
    finally:
        await conn.close()


async def _floats(url: str, query: str) -> list[float]:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        return [float(row[0]) for row in await conn.fetch(query) if row[0] is not None]
    finally:
        await conn.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass
class RunResult:
    consumers: int
    rate: float
    written: int
    events_per_s: float
    lag_p50_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    lost: int
    redelivered: int
    cpu_ms_per_event: dict[str, float]

    def ok(self) -> bool:
        return self.lost == 0 and self.lag_p99_ms <= LAG_TARGET_MS

    def line(self) -> str:
        return (
            f"events consumers={self.consumers} events_per_s={self.events_per_s:.0f} "
            f"lag_p50_ms={self.lag_p50_ms:.1f} lag_p99_ms={self.lag_p99_ms:.1f} lost={self.lost}"
        )


async def run_once(args: argparse.Namespace, consumers: int, rate: float) -> RunResult:
    run = uuid.uuid4().hex[:8]
    data_dir = tempfile.mkdtemp(prefix="conectar-bench-events-")
    env = _environment(run, data_dir, dict(s.split("=", 1) for s in args.set))
    producer_url = env[f"CONECTAR_{PRODUCER.upper()}_DATABASE_URL"]
    consumer_url = env[f"CONECTAR_{CONSUMER.upper()}_DATABASE_URL"]
    procs: list[Proc] = []
    try:
        from conectar.services import SERVICES

        await asyncio.to_thread(devstack.ensure_databases, env, [PRODUCER, CONSUMER])
        for service, url in ((PRODUCER, producer_url), (CONSUMER, consumer_url)):
            await asyncio.to_thread(upgrade, SERVICES[service].migrations, url)
        _say("databases migrated")
        chats = await _seed(consumer_url, args.chats, args.pros)
        _say("profiles seeded")
        plan = Path(data_dir) / "plan.json"
        plan.write_text(json.dumps({"chats": chats}))
        for index in range(consumers):
            records = Path(data_dir) / f"records-{index}.json"
            procs.append(
                await _spawn(
                    f"consumer#{index}",
                    ["--role", "consumer", "--out", str(records), "--handler", args.handler],
                    env,
                )
            )
        for proc in procs:
            await proc.expect()
        producer = await _spawn(
            "producer",
            ["--role", "producer", "--out", str(plan), "--rates", str(rate),
             "--warmup", str(args.warmup), "--seconds", str(args.seconds), "--per-tx", str(args.per_tx)],
            env,
        )  # fmt: skip
        procs.append(producer)
        await producer.expect()
        _say("processes ready")
        meter = CpuMeter({proc.name: proc.process.pid for proc in procs}, [producer_url, consumer_url])
        cpu_before = await meter.snapshot()
        await producer.send("go")
        await asyncio.sleep(args.warmup)
        spies = []
        if args.py_spy:
            Path(args.py_spy).mkdir(parents=True, exist_ok=True)
            for proc in procs:
                name = f"{consumers}c-{int(rate)}-{proc.name.replace('#', '')}.txt"
                spies.append(record_stacks(proc.process.pid, Path(args.py_spy) / name, args.seconds))
        summary = await producer.expect(timeout=args.warmup + args.seconds + args.drain_timeout)
        written = int(summary["written"])
        _say(f"written {written}")
        deadline = time.monotonic() + args.drain_timeout
        handled = 0
        while time.monotonic() < deadline:
            handled = await _count(
                consumer_url, "SELECT count(*) FROM inbox_events WHERE type = 'MessageSent'"
            )
            if handled >= written:
                break
            await asyncio.sleep(0.25)
        cpu_after = await meter.snapshot()
        await meter.close()
        _say(f"drained {handled}")
        for spy in spies:
            spy.wait(timeout=60)
        for proc in procs:
            await proc.send("stop")
        records: list[tuple[str, float, float]] = []
        for proc in procs:
            if proc is producer:
                continue
            answer = await proc.expect()
            records.extend(json.loads(Path(answer["records"]).read_text()))
        for proc in procs:
            await asyncio.wait_for(proc.process.wait(), 30)
        in_outbox = await _ids(producer_url, "SELECT id FROM outbox_events")
        relay_delays = await _floats(
            producer_url,
            "SELECT extract(epoch FROM sent_at - occurred_at) * 1000 FROM outbox_events "
            f"WHERE occurred_at >= to_timestamp({float(summary['measure_from'])}) "
            f"AND occurred_at < to_timestamp({float(summary['measure_to'])})",
        )
        in_inbox = await _ids(consumer_url, "SELECT event_id FROM inbox_events WHERE type = 'MessageSent'")
        not_sent = await _count(producer_url, "SELECT count(*) FROM outbox_events WHERE status <> 'sent'")
    finally:
        for proc in procs:
            if proc.process.returncode is None:
                proc.process.kill()
                await proc.process.wait()
        await asyncio.to_thread(devstack.drop_databases, env, [PRODUCER, CONSUMER])
        await delete_queues(env["CONECTAR_NAMESPACE"], BROKER)
        shutil.rmtree(data_dir, ignore_errors=True)

    first: dict[str, tuple[float, float]] = {}
    for event_id, occurred, committed in records:
        if event_id not in first or committed < first[event_id][1]:
            first[event_id] = (occurred, committed)
    lo, hi = float(summary["measure_from"]), float(summary["measure_to"])
    lags = [(c - o) * 1000 for o, c in first.values() if lo <= o < hi]
    committed_in_window = sum(1 for _, c in first.values() if lo <= c < hi)
    lost = len(in_outbox - in_inbox)
    spent = CpuMeter.spent(cpu_before, cpu_after)
    groups = {
        "producer": spent.pop(producer.name),
        "consumers": sum(spent.pop(proc.name) for proc in procs if proc is not producer),
        "postgres": spent["postgres"],
        "rabbitmq": spent["rabbitmq"],
    }
    cpu = {k: seconds * 1000 / max(1, written) for k, seconds in groups.items()}
    result = RunResult(
        consumers=consumers,
        rate=rate,
        written=written,
        events_per_s=committed_in_window / (hi - lo),
        lag_p50_ms=_percentile(lags, 0.50),
        lag_p99_ms=_percentile(lags, 0.99),
        lag_max_ms=max(lags, default=math.nan),
        lost=lost,
        redelivered=len(records) - len(first),
        cpu_ms_per_event=cpu,
    )
    noise = [line for proc in procs for line in proc.noise if '"level": "debug"' not in line]
    print(
        f"consumers={consumers} handler={args.handler} per_tx={args.per_tx} offered={rate:.0f}/s written={written} write_errors={summary['errors']} "
        f"producer_behind_s={summary['behind_s']:.2f} handled={len(first)} not_sent={not_sent} "
        f"redelivered={result.redelivered} lost={lost}",
        flush=True,
    )
    print(
        f"  consumed_per_s={result.events_per_s:.0f} lag_p50_ms={result.lag_p50_ms:.1f} "
        f"lag_p99_ms={result.lag_p99_ms:.1f} lag_max_ms={result.lag_max_ms:.1f} "
        f"(of which outbox→confirm p50_ms={_percentile(relay_delays, 0.5):.1f} "
        f"p99_ms={_percentile(relay_delays, 0.99):.1f})  cpu ms/event: "
        + " ".join(f"{k}={v:.2f}" for k, v in cpu.items()),
        flush=True,
    )
    for line in noise[:10]:
        print(f"  | {line[:300]}", flush=True)
    return result


async def main(args: argparse.Namespace) -> int:
    results: list[RunResult] = []
    for consumers in (int(c) for c in args.consumers.split(",")):
        for rate in (float(r) for r in args.rates.split(",")):
            results.append(await run_once(args, consumers, rate))
    good = [r for r in results if r.ok()]
    best = max(good or results, key=lambda r: r.events_per_s)
    print(best.line(), flush=True)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--consumers", default="1,2", help="consumer replicas per run, comma-separated")
    parser.add_argument("--rates", default="2000", help="offered events per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds before")
    parser.add_argument("--chats", type=int, default=2000, help="conversations the messages fall in")
    parser.add_argument("--pros", type=int, default=500, help="professionals with a profile")
    parser.add_argument(
        "--handler",
        choices=["response-time", "inbox"],
        default="response-time",
        help="the professionals service's MessageSent handler, or none (the inbox row is the only effect)",
    )
    parser.add_argument("--per-tx", type=int, default=1, help="events each producer transaction writes")
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--py-spy", metavar="DIR", help="record every process over the measured window")
    parser.add_argument(
        "--role", choices=["main", "producer", "consumer"], default="main", help=argparse.SUPPRESS
    )
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.role == "producer":
        _install_loop()
        asyncio.run(
            _producer(
                Path(arguments.out),
                float(arguments.rates),
                arguments.warmup,
                arguments.seconds,
                arguments.per_tx,
            )
        )
    elif arguments.role == "consumer":
        _install_loop()
        asyncio.run(_consumer(Path(arguments.out), arguments.handler))
    else:
        sys.exit(asyncio.run(main(arguments)))
