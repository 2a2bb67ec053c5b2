/**
 * The {@code ipam.miloapis.com/v1alpha1} objects as immutable records: {@link
 * org.ipam4j.model.IPPool}, {@link org.ipam4j.model.IPClaim} and {@link
 * org.ipam4j.model.IPAllocation}, with their specs, statuses, references and enums.
 */
@NullMarked
package org.ipam4j.model;

import org.jspecify.annotations.NullMarked;
