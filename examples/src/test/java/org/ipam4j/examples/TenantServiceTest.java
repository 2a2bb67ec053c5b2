package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testing.IpamTest;
import org.junit.jupiter.api.Test;

/**
 * How a service that embeds ipam4j tests itself: each test gets a fresh engine holding the YAML
 * fixtures on the test class path ({@code @IpamTest}, from ipam-testing), closed after it, and the
 * next block is predictable.
 */
@IpamTest(fixtures = "ipam/pools.yaml")
class TenantServiceTest {

  /** The service under test: gives each new tenant a /24 from the tenants pool. */
  static final class TenantService {
    private final IpamEngine ipam;

    TenantService(IpamEngine ipam) {
      this.ipam = ipam;
    }

    Cidr onboard(String tenant) {
      return ipam.applyClaim(
              IPClaim.of(
                  "default",
                  "tenant-" + tenant,
                  IPClaimSpec.fromSelector(
                      IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "tenants")))))
          .object()
          .status()
          .allocatedCIDR()
          .orElseThrow();
    }
  }

  @Test
  void eachTenantGetsTheNextBlock(IpamEngine ipam) {
    TenantService service = new TenantService(ipam);
    assertThat(service.onboard("acme")).isEqualTo(Cidr.parse("10.20.0.0/24"));
    assertThat(service.onboard("globex")).isEqualTo(Cidr.parse("10.20.1.0/24"));
    assertThat(service.onboard("acme")).isEqualTo(Cidr.parse("10.20.0.0/24"));
  }

  @Test
  void thePoolsBoundsAreEnforced(IpamEngine ipam) {
    assertThatThrownBy(
            () ->
                ipam.applyClaim(
                    IPClaim.of(
                        "default", "too-big", IPClaimSpec.fromPool(IpFamily.IPv4, 20, "tenants"))))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("outside IPPool tenants's allowed range /24-/28");
  }
}
