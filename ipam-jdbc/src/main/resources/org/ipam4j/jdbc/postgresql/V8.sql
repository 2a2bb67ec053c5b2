ALTER TABLE ipam_objects ADD COLUMN waits_on TEXT;
-- ipam4j:backfill-waits-on;
CREATE INDEX ipam_objects_waiting ON ipam_objects (waits_on, pending_since, project, name) WHERE waits_on IS NOT NULL;
CREATE OR REPLACE FUNCTION ipam_lock_pool(lock_wait text, pool_key text, pool_project text, pool_name text) RETURNS TABLE (resource_version bigint, body text) LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('lock_timeout', lock_wait, true); PERFORM pg_advisory_xact_lock(4275022, hashtext(pool_key)); RETURN QUERY SELECT o.resource_version, o.body FROM ipam_objects o WHERE o.kind = 'IPPool' AND o.project = pool_project AND o.name = pool_name; END $$;
