/** ipam4j's Kubernetes-style manifests: read, write, explain, CRDs. */
@NullMarked
package org.ipam4j.yaml;

import org.jspecify.annotations.NullMarked;
