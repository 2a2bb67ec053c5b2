CREATE TABLE ipam_changes (revision bigint NOT NULL, seq integer NOT NULL, type text NOT NULL, kind text, project text, name text, body text, committed_at bigint, PRIMARY KEY (revision, seq));
CREATE TABLE ipam_change_floor (id integer PRIMARY KEY CHECK (id = 1), floor bigint NOT NULL);
INSERT INTO ipam_change_floor (id, floor) SELECT 1, CASE WHEN is_called THEN last_value ELSE 0 END + 1 FROM ipam_revision;
CREATE FUNCTION ipam_notify_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('ipam4j_changes', NEW.revision::text); RETURN NULL; END $$;
CREATE TRIGGER ipam_notify_commit AFTER INSERT ON ipam_changes FOR EACH ROW WHEN (NEW.seq = 0 AND NEW.type = 'COMMIT') EXECUTE FUNCTION ipam_notify_commit();
