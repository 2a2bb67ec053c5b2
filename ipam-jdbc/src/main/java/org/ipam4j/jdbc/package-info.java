/** ipam4j's store on SQLite and PostgreSQL. */
@NullMarked
package org.ipam4j.jdbc;

import org.jspecify.annotations.NullMarked;
