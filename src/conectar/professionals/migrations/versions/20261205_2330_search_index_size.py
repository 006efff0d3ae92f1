"""search indexes no larger than the table

Revision ID: 22073867aef9
Revises: 9d41c6e2b7a8
Create Date: 2026-12-05 23:30:00.000000+00:00

PostgreSQL only (SQLite keeps its R*Tree). The search read model's five indexes (a covering GiST on
``(oficio_key, cobertura)``, a KNN GiST on ``(oficio_key, location)`` and three covering sort b-trees: about
900 MB for a 327 MB table at 1,000,000 professionals) become:

- a GiST on ``cobertura`` alone (104 MB; the boxes' GiST carried the circle check, the filters and the sort
  keys, 344 MB): the probe counts from it alone, the few-boxes page and the total read the rows it finds
  (``CLUSTER`` on it keeps those rows together);
- an SP-GiST on ``lugar`` (the location as a plain ``point``, 54 MB where a GiST takes 84 MB and the
  geography KNN GiST 113 MB): nearest-first pages read growing boxes around the point (see
  ``search_index``);
- b-trees in each sort's order with no ``INCLUDE``; rating and level without the profile id: equal keys
  collapse into posting lists (about 10 MB each) and PostgreSQL sorts each short run of equal keys by
  profile id. Price keeps it (56 MB): prices are round numbers, so a run of equal prices is a thousand
  rows across the country, each read from the table.

Both spatial columns move to a per-oficio band of the plane (longitude + 400° × oficio key) so that one
single-column index serves every oficio; ``location`` (geography) is dropped with its index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "22073867aef9"
down_revision: str | None = "9d41c6e2b7a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


UP = (
    "DROP INDEX IF EXISTS ix_professional_search_oficio_cobertura",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_location",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_rating",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_nivel",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_precio",
    "ALTER TABLE professional_search DROP COLUMN location, DROP COLUMN cobertura, "
    "ADD COLUMN cobertura box GENERATED ALWAYS AS "
    "(box(point(min_lng + 400 * oficio_key, min_lat), point(max_lng + 400 * oficio_key, max_lat))) STORED, "
    "ADD COLUMN lugar point GENERATED ALWAYS AS (point(lng + 400 * oficio_key, lat)) STORED",
    # Which coverage boxes contain a point: the probe (index-only), the few-boxes page and the total.
    "CREATE INDEX ix_professional_search_cobertura ON professional_search USING gist (cobertura) "
    "WITH (fillfactor = 100)",
    # Nearest first: the locations in a box around the point.
    "CREATE INDEX ix_professional_search_lugar ON professional_search USING spgist (lugar) "
    "WITH (fillfactor = 100)",
    # Walks in each sort's order where many circles contain the point.
    "CREATE INDEX ix_professional_search_oficio_rating ON professional_search "
    "(oficio_key, rating_x100 DESC, total_resenas DESC) WITH (fillfactor = 100)",
    "CREATE INDEX ix_professional_search_oficio_nivel ON professional_search "
    "(oficio_key, nivel_rank DESC, rating_x100 DESC) WITH (fillfactor = 100)",
    "CREATE INDEX ix_professional_search_oficio_precio ON professional_search "
    "(oficio_key, tarifa_centavos ASC NULLS LAST, profesional_id) WITH (fillfactor = 100)",
)

_CARRIED = "id, x, y, z, cos_radio, nivel_rank, acepta_instant, rating_x100, total_resenas, tarifa_centavos"
DOWN = (
    "DROP INDEX IF EXISTS ix_professional_search_oficio_precio",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_nivel",
    "DROP INDEX IF EXISTS ix_professional_search_oficio_rating",
    "DROP INDEX IF EXISTS ix_professional_search_lugar",
    "DROP INDEX IF EXISTS ix_professional_search_cobertura",
    "ALTER TABLE professional_search DROP COLUMN lugar, DROP COLUMN cobertura, "
    "ADD COLUMN location geography(Point, 4326) "
    "GENERATED ALWAYS AS ((st_setsrid(st_makepoint(lng, lat), 4326))::geography) STORED, "
    "ADD COLUMN cobertura box "
    "GENERATED ALWAYS AS (box(point(min_lng, min_lat), point(max_lng, max_lat))) STORED",
    "CREATE INDEX ix_professional_search_oficio_cobertura ON professional_search "
    f"USING gist (oficio_key, cobertura) INCLUDE (profesional_id, {_CARRIED})",
    "CREATE INDEX ix_professional_search_oficio_location ON professional_search USING gist (oficio_key, location)",
    "CREATE INDEX ix_professional_search_oficio_rating ON professional_search "
    "(oficio_key, rating_x100 DESC, total_resenas DESC, profesional_id) "
    "INCLUDE (id, x, y, z, cos_radio, nivel_rank, acepta_instant, tarifa_centavos)",
    "CREATE INDEX ix_professional_search_oficio_nivel ON professional_search "
    "(oficio_key, nivel_rank DESC, rating_x100 DESC, profesional_id) "
    "INCLUDE (id, x, y, z, cos_radio, acepta_instant, total_resenas, tarifa_centavos)",
    "CREATE INDEX ix_professional_search_oficio_precio ON professional_search "
    "(oficio_key, tarifa_centavos ASC NULLS LAST, profesional_id) "
    "INCLUDE (id, x, y, z, cos_radio, nivel_rank, acepta_instant, rating_x100, total_resenas)",
)


def _run(statements: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in statements:
            op.execute(statement)


def upgrade() -> None:
    _run(UP)


def downgrade() -> None:
    _run(DOWN)
