CREATE INDEX ipam_changes_bodyless ON ipam_changes (kind, project, name) WHERE body IS NULL AND kind IS NOT NULL;
CREATE TRIGGER ipam_changes_body_on_update AFTER UPDATE ON ipam_objects WHEN OLD.kind <> 'IPPool' AND (OLD.resource_version IS NOT NEW.resource_version OR OLD.body IS NOT NEW.body) BEGIN UPDATE ipam_changes SET body = OLD.body WHERE body IS NULL AND kind = OLD.kind AND project = OLD.project AND name = OLD.name AND +revision = OLD.resource_version; END
;
CREATE TRIGGER ipam_changes_body_on_delete AFTER DELETE ON ipam_objects WHEN OLD.kind <> 'IPPool' BEGIN UPDATE ipam_changes SET body = OLD.body WHERE body IS NULL AND kind = OLD.kind AND project = OLD.project AND name = OLD.name AND +revision = OLD.resource_version; END
