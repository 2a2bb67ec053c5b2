CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE ipam_objects (
  kind text NOT NULL,
  project text NOT NULL,
  name text NOT NULL,
  resource_version bigint NOT NULL,
  pool_key text,
  cidr inet,
  pending_since bigint,
  body text NOT NULL,
  PRIMARY KEY (kind, project, name)
);
CREATE INDEX ipam_objects_by_pool ON ipam_objects (pool_key) WHERE pool_key IS NOT NULL;
CREATE INDEX ipam_objects_pending ON ipam_objects (pending_since, project, name) WHERE pending_since IS NOT NULL;
CREATE SEQUENCE ipam_revision;
ALTER TABLE ipam_objects ADD CONSTRAINT ipam_no_overlapping_blocks EXCLUDE USING gist (pool_key WITH =, cidr inet_ops WITH &&) WHERE (kind = 'IPAllocation')
