DROP INDEX ipam_objects_by_pool;
DROP INDEX ipam_objects_by_pool_version;
CREATE INDEX ipam_objects_allocations_by_version ON ipam_objects (pool_key, resource_version) WHERE kind = 'IPAllocation'
