-- Stage bulk-loads readings and outcomes (tens of thousands of rows per page). The foreign
-- keys to raw_responses cost one index probe and one trigger call per row, about a quarter
-- of stage's time, and protect nothing: raw_responses is append-only (no code deletes or
-- updates it), and every raw_id written comes from the raw row stage just read.
ALTER TABLE readings DROP CONSTRAINT IF EXISTS readings_raw_id_fkey;
ALTER TABLE stage_outcomes DROP CONSTRAINT IF EXISTS stage_outcomes_raw_id_fkey;
