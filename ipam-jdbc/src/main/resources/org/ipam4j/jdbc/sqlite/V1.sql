CREATE TABLE ipam_objects (
  kind TEXT NOT NULL,
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  pool_key TEXT,
  cidr TEXT,
  pending_since INTEGER,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, project, name)
);
CREATE INDEX ipam_objects_by_pool ON ipam_objects (pool_key) WHERE pool_key IS NOT NULL;
CREATE INDEX ipam_objects_pending ON ipam_objects (pending_since, project, name) WHERE pending_since IS NOT NULL;
CREATE TABLE ipam_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
INSERT INTO ipam_revision (id, revision) VALUES (1, 0);
