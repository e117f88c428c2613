-- The PostgreSQL peer of caselog's log for scripts/bench-server: an append-only jsonb event
-- table with an index on (stream, position), committed synchronously.
CREATE TABLE events (
    position    bigserial PRIMARY KEY,
    stream      text        NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    data        jsonb       NOT NULL
);
CREATE INDEX events_stream ON events (stream, position);
