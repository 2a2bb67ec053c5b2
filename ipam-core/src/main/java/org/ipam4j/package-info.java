/**
 * The ipam4j front door and its error types: every failure is an {@link org.ipam4j.IpamException}
 * subtype that says what went wrong and carries the reference server's HTTP status code.
 */
@NullMarked
package org.ipam4j;

import org.jspecify.annotations.NullMarked;
