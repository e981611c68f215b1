-- Which API process holds a key in flight: a process that knows it is no longer running a request
-- (its answer could not be stored, say because PostgreSQL went away) lets a retry take the key over
-- at once, instead of after the time an abandoned attempt of a dead process is given.
ALTER TABLE api_idempotency ADD COLUMN claimed_by text NULL;
