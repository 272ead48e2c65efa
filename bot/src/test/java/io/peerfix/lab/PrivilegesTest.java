package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
  @Test
  void rootsFullCapabilitySetMayBuildALab() {
    assertThat(Privileges.hasLabCapabilities(new BigInteger("000001ffffffffff", 16))).isTrue();
  }

  @Test
  void netAdminAloneIsNotEnoughToCreateNamespaces() {
    assertThat(Privileges.hasLabCapabilities(BigInteger.ONE.shiftLeft(12))).isFalse();
  }

  @Test
  void anUnprivilegedProcessMayNot() {
    assertThat(Privileges.hasLabCapabilities(BigInteger.ZERO)).isFalse();
  }
}
