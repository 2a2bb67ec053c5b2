ALTER TABLE ipam_objects ADD COLUMN block_lo TEXT;
ALTER TABLE ipam_objects ADD COLUMN block_hi TEXT;
-- ipam4j:backfill-blocks;
CREATE INDEX ipam_objects_blocks ON ipam_objects (pool_key, block_lo) WHERE kind = 'IPAllocation';
CREATE TRIGGER ipam_no_overlapping_blocks BEFORE INSERT ON ipam_objects WHEN NEW.kind = 'IPAllocation' BEGIN SELECT RAISE(ABORT, 'ipam_no_overlapping_blocks') WHERE NEW.block_lo IS NULL OR EXISTS (SELECT 1 FROM (SELECT block_hi FROM ipam_objects WHERE kind = 'IPAllocation' AND pool_key = NEW.pool_key AND block_lo <= NEW.block_hi AND NOT (project = NEW.project AND name = NEW.name) ORDER BY block_lo DESC LIMIT 1) WHERE block_hi >= NEW.block_lo); END
;
CREATE TRIGGER ipam_no_overlapping_blocks_on_update BEFORE UPDATE OF pool_key, block_lo, block_hi ON ipam_objects WHEN NEW.kind = 'IPAllocation' BEGIN SELECT RAISE(ABORT, 'ipam_no_overlapping_blocks') WHERE NEW.block_lo IS NULL OR EXISTS (SELECT 1 FROM (SELECT block_hi FROM ipam_objects WHERE kind = 'IPAllocation' AND pool_key = NEW.pool_key AND block_lo <= NEW.block_hi AND NOT (project = NEW.project AND name = NEW.name) ORDER BY block_lo DESC LIMIT 1) WHERE block_hi >= NEW.block_lo); END
