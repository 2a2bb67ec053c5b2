/** Micrometer metrics for an ipam4j engine: see {@link org.ipam4j.micrometer.IpamMetrics}. */
@NullMarked
package org.ipam4j.micrometer;

import org.jspecify.annotations.NullMarked;
