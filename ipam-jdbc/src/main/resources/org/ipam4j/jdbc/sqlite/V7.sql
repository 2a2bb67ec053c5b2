CREATE TABLE ipam_changes (revision INTEGER NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, kind TEXT, project TEXT, name TEXT, body TEXT, committed_at INTEGER, PRIMARY KEY (revision, seq)) WITHOUT ROWID;
CREATE TABLE ipam_change_floor (id INTEGER PRIMARY KEY CHECK (id = 1), floor INTEGER NOT NULL);
INSERT INTO ipam_change_floor (id, floor) SELECT 1, revision + 1 FROM ipam_revision;
