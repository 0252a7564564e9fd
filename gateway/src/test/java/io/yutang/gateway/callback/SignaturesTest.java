package io.yutang.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    // SHA-1 of the sorted parts, computed independently (Python hashlib) for WeChat's sample values.
    static final String SAMPLE_SIGNATURE = "76480565cbe296026c53aaacd1ad523a1ddba24f";
    static final String SAMPLE_MSG_SIGNATURE = "82c962d39941aa48552f90ef55aa323dc620cc10";

    @Test
    void signsTheSortedTokenTimestampAndNonce() {
        assertThat(Signatures.sign("pamtest", "1409304348", "xxxxxx")).isEqualTo(SAMPLE_SIGNATURE);
        assertThat(Signatures.sign("xxxxxx", "pamtest", "1409304348")).isEqualTo(SAMPLE_SIGNATURE);
    }

    @Test
    void signsTheCiphertextIntoTheMessageSignature() {
        assertThat(Signatures.sign("pamtest", "1409304348", "xxxxxx", MessageCipherTest.SAMPLE_CIPHERTEXT))
                .isEqualTo(SAMPLE_MSG_SIGNATURE);
    }

    @Test
    void acceptsOnlyTheRightSignature() {
        assertThat(Signatures.matches(SAMPLE_SIGNATURE, "pamtest", "1409304348", "xxxxxx")).isTrue();
        assertThat(Signatures.matches(SAMPLE_SIGNATURE.toUpperCase(), "pamtest", "1409304348", "xxxxxx")).isTrue();
        assertThat(Signatures.matches(SAMPLE_SIGNATURE, "pamtest", "1409304349", "xxxxxx")).isFalse();
        assertThat(Signatures.matches(SAMPLE_SIGNATURE.substring(1), "pamtest", "1409304348", "xxxxxx")).isFalse();
        assertThat(Signatures.matches(null, "pamtest", "1409304348", "xxxxxx")).isFalse();
        assertThat(Signatures.matches(SAMPLE_SIGNATURE, "pamtest", null, "xxxxxx")).isFalse();
    }
}
