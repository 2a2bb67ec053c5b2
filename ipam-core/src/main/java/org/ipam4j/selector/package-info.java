/**
 * Kubernetes label selectors, exactly: {@link org.ipam4j.selector.LabelSelector} with {@code
 * matchLabels} and {@code matchExpressions}, and the {@link org.ipam4j.selector.Labels} rules.
 */
@NullMarked
package org.ipam4j.selector;

import org.jspecify.annotations.NullMarked;
