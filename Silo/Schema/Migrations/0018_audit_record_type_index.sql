-- No audit lookup filters by record type: a case's audit goes by record id alone
-- (audit_log_record_id, migration 0014). The first index on (record_type, record_id, at) only cost
-- every audited request one more btree insert, so it goes.
DROP INDEX IF EXISTS audit_log_record;
