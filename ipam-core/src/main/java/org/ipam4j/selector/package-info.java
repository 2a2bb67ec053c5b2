/**
 * Kubernetes label selectors, exactly: {@link org.ipam4j.selector.LabelSelector} with {@code
 * matchLabels} and {@code matchExpressions}, and Kubernetes' rules for label keys and values.
 */
@NullMarked
package org.ipam4j.selector;

import org.jspecify.annotations.NullMarked;
