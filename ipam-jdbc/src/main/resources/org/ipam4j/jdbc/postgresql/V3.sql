ALTER TABLE ipam_objects ADD COLUMN block_lo text, ADD COLUMN block_hi text;
-- ipam4j:backfill-blocks;
ALTER TABLE ipam_objects ADD CONSTRAINT ipam_allocation_has_block CHECK (kind <> 'IPAllocation' OR (block_lo IS NOT NULL AND block_hi IS NOT NULL));
ALTER TABLE ipam_objects DROP CONSTRAINT ipam_no_overlapping_blocks;
CREATE INDEX ipam_objects_blocks ON ipam_objects (pool_key, block_lo) WHERE kind = 'IPAllocation';
CREATE FUNCTION ipam_no_overlapping_blocks() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE prev_hi text; BEGIN PERFORM pg_advisory_xact_lock(4275023, hashtext(NEW.pool_key)); SELECT block_hi INTO prev_hi FROM ipam_objects WHERE kind = 'IPAllocation' AND pool_key = NEW.pool_key AND block_lo <= NEW.block_hi AND NOT (project = NEW.project AND name = NEW.name) ORDER BY block_lo DESC LIMIT 1; IF prev_hi IS NOT NULL AND prev_hi >= NEW.block_lo THEN RAISE EXCEPTION USING ERRCODE = '23P01', MESSAGE = 'ipam_no_overlapping_blocks: ' || NEW.pool_key || ' ' || NEW.cidr; END IF; RETURN NEW; END $$;
CREATE TRIGGER ipam_no_overlapping_blocks BEFORE INSERT OR UPDATE OF pool_key, block_lo, block_hi ON ipam_objects FOR EACH ROW WHEN (NEW.kind = 'IPAllocation') EXECUTE FUNCTION ipam_no_overlapping_blocks()
