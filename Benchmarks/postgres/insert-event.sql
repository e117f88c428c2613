-- One event per transaction, as a client of an event table in PostgreSQL would write it:
-- a new stream (a subject), its type, the data as jsonb, the time it was recorded.
\set n random(1, 1000000000)
INSERT INTO events (stream, type, occurred_at, data)
VALUES ('P-' || :n, 'subject.registered', now(),
        jsonb_build_object('kind', 'person', 'name', 'Bench Person ' || :n, 'dateOfBirth', '1980-01-01'));
