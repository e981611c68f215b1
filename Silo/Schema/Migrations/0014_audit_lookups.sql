-- Audit lookups go by record id (a case's audit, whatever the record type), by actor, or by time,
-- newest first: an index for each, so that none scans the whole log.
CREATE INDEX audit_log_record_id ON audit_log (record_id, at DESC) WHERE record_id IS NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at DESC);
