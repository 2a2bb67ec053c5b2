CREATE INDEX ipam_objects_by_pool_version ON ipam_objects (pool_key, resource_version) WHERE pool_key IS NOT NULL
