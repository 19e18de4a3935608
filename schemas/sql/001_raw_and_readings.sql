-- Raw layer: every WAQI response, good or bad, as received (the token redacted from the
-- request target). Append-only: it is the audit log that stage and backfills read from.
CREATE TABLE IF NOT EXISTS raw_responses (
  id              bigserial PRIMARY KEY,
  run_id          text        NOT NULL,
  interval_start  timestamptz NOT NULL,
  interval_end    timestamptz NOT NULL,
  endpoint        text        NOT NULL CHECK (endpoint IN ('feed', 'map_bounds', 'search')),
  station_ref     text,                 -- '@1234', a city name, or the bounds box
  request_target  text        NOT NULL, -- path and query, token redacted
  attempt         int         NOT NULL,
  http_status     int,                  -- null when no HTTP response arrived
  body            jsonb,                -- the body when it was JSON
  body_text       text,                 -- the body when it was not storable as jsonb (truncated unless JSON)
  error           text,                 -- transport error or WAQI error text
  -- What fetch did after this attempt: 'answer' (a definitive response, good or bad),
  -- 'retried' (another attempt followed) or 'gave_up' (a retryable fault outlived its
  -- retries; a resumed run fetches the station again).
  fetch_outcome   text        NOT NULL CHECK (fetch_outcome IN ('answer', 'retried', 'gave_up')),
  fetched_at      timestamptz NOT NULL,
  duration_ms     int         NOT NULL
);
-- Stage walks an interval in id order; resume and supersession look up a station's attempts in a run.
CREATE INDEX IF NOT EXISTS raw_responses_interval ON raw_responses (interval_start, interval_end, id);
CREATE INDEX IF NOT EXISTS raw_responses_run_ref ON raw_responses (run_id, station_ref, id);

-- One row per fetch of an interval, so a rerun knows what is already done.
CREATE TABLE IF NOT EXISTS fetch_runs (
  run_id          text        PRIMARY KEY,
  interval_start  timestamptz NOT NULL,
  interval_end    timestamptz NOT NULL,
  status          text        NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  summary         jsonb
);

-- Typed layer: one row per (station, observation time). Upserted by stage; the
-- published_at column makes it the outbox that publish drains.
CREATE TABLE IF NOT EXISTS readings (
  station_id          int         NOT NULL,
  observed_at         timestamptz NOT NULL,
  station_name        text        NOT NULL,
  station_url         text,
  city                text,
  country             text,
  lat                 double precision,
  lon                 double precision,
  source_tz           text        NOT NULL,  -- the station's UTC offset, e.g. '+02:00'
  aqi                 int,                   -- null when WAQI reports '-'
  dominant_pollutant  text,
  pm25 double precision, pm10 double precision, o3 double precision, no2 double precision,
  so2  double precision, co   double precision, neph double precision,
  temperature_c double precision, humidity_pct double precision, pressure_hpa double precision,
  wind_ms double precision, wind_gust_ms double precision, dew_c double precision,
  attributions        jsonb       NOT NULL DEFAULT '[]',
  raw_id              bigint      NOT NULL REFERENCES raw_responses (id),
  interval_start      timestamptz NOT NULL,  -- the data interval that last changed it, so the
  interval_end        timestamptz NOT NULL,  -- publish run of that interval picks up a correction
  content_hash        text        NOT NULL,  -- a rerun that brings nothing new changes nothing
  staged_at           timestamptz NOT NULL,
  published_at        timestamptz,
  PRIMARY KEY (station_id, observed_at)
);
CREATE INDEX IF NOT EXISTS readings_interval ON readings (interval_start, interval_end);
CREATE INDEX IF NOT EXISTS readings_outbox ON readings (interval_start) WHERE published_at IS NULL;

-- What stage made of every raw row: a reading, a reject with its reason, or a row that
-- is not an observation (a map listing, a retried attempt, a repeat of a known reading).
-- Raw rows = sum of outcomes, which is how tests prove nothing was dropped.
CREATE TABLE IF NOT EXISTS stage_outcomes (
  raw_id       bigint      PRIMARY KEY REFERENCES raw_responses (id),
  outcome      text        NOT NULL CHECK (outcome IN ('reading', 'duplicate', 'reject', 'listing', 'superseded')),
  reason       text,       -- set for rejects: a stable code such as 'aqi_not_numeric'
  detail       text,
  station_id   int,
  observed_at  timestamptz,
  staged_at    timestamptz NOT NULL
);
CREATE OR REPLACE VIEW stage_rejects AS
  SELECT raw_id, reason, detail, staged_at FROM stage_outcomes WHERE outcome = 'reject';
