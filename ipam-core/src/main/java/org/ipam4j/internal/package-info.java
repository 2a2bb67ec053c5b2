/**
 * Not API: helpers the core's packages share. The module does not export this package; its types
 * may change in any release.
 */
@NullMarked
package org.ipam4j.internal;

import org.jspecify.annotations.NullMarked;
