package io.yutang.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class DisclosureTest {

    @Test
    void anAdminSeesEverythingAndAnyoneElseTheMaskedForm() {
        var admin = new UsernamePasswordAuthenticationToken("admin", null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
        var marketer = new UsernamePasswordAuthenticationToken("han", null, List.of(new SimpleGrantedAuthority("ROLE_MARKETER")));
        assertThat(Disclosure.of(admin)).isEqualTo(Disclosure.FULL);
        assertThat(Disclosure.of(marketer)).isEqualTo(Disclosure.MASKED);
        assertThat(Disclosure.of(null)).isEqualTo(Disclosure.MASKED);
    }

    @Test
    void masksPhonesEmailsAndTheFormAnswersThatHoldThem() {
        assertThat(Disclosure.MASKED.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Disclosure.MASKED.phone("12345")).isEqualTo("****");
        assertThat(Disclosure.MASKED.email("zhang.san@example.com")).isEqualTo("z***@example.com");
        assertThat(Disclosure.MASKED.email("not-an-address")).isEqualTo("***");
        assertThat(Disclosure.MASKED.email(null)).isNull();
        assertThat(Disclosure.MASKED.answers(Map.of("name", "李女士", "phone", "13812345678", "email", "li@example.com")))
                .containsEntry("name", "李女士").containsEntry("phone", "138****5678").containsEntry("email", "l***@example.com");
        assertThat(Disclosure.FULL.answers(Map.of("phone", "13812345678"))).containsEntry("phone", "13812345678");
    }
}
