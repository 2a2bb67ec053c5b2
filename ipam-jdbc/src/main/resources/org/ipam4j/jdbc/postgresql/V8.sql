ALTER TABLE ipam_objects ADD COLUMN waits_on TEXT;
-- ipam4j:backfill-waits-on;
CREATE INDEX ipam_objects_waiting ON ipam_objects (waits_on, pending_since, project, name) WHERE waits_on IS NOT NULL;
