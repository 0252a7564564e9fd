package io.yutang.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may never reach without an allow-list. */
class OutboundAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::"})
    void refusesInternalAddresses(String address) throws UnknownHostException {
        assertThat(OutboundAddresses.internal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "101.226.103.106", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void letsPublicAddressesThrough(String address) throws UnknownHostException {
        assertThat(OutboundAddresses.internal(InetAddress.getByName(address))).isFalse();
    }
}
