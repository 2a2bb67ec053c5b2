/**
 * IP prefix values: the {@link org.ipam4j.net.Cidr} record and the {@link org.ipam4j.net.IpFamily}
 * enum.
 */
@NullMarked
package org.ipam4j.net;

import org.jspecify.annotations.NullMarked;
