/**
 * The ipam4j Spring Boot starter: {@link org.ipam4j.spring.IpamAutoConfiguration} and the {@code
 * ipam4j.*} properties ({@link org.ipam4j.spring.IpamProperties}).
 */
@NullMarked
package org.ipam4j.spring;

import org.jspecify.annotations.NullMarked;
