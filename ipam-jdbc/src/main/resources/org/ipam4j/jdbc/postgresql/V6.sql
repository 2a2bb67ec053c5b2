-- Nothing for PostgreSQL: SQLite's V6 rewrote its root-pool triggers for older SQLite readers.
SELECT 1
