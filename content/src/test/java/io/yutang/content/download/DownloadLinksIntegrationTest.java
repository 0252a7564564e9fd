package io.yutang.content.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yutang.content.asset.Asset;
import io.yutang.content.asset.AssetVersion;
import io.yutang.content.lead.LeadForm;
import io.yutang.content.lead.LeadReceipt;
import io.yutang.content.storage.FileTooLarge;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.Viewer;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * Download links and versions over the real PostgreSQL: a link names the version it was issued
 * for, a forged or tampered link is refused (403), an expired one is gone (410), and an upload over
 * the limit is refused (413) without a version.
 */
class DownloadLinksIntegrationTest {

    ContentFixtures content;

    @BeforeEach
    void fixtures() {
        content = ContentFixtures.onSharedSlice();
    }

    @Test
    void aLinkKeepsItsVersionAfterANewUploadAndNewLinksGetTheNewOne() {
        Asset asset = content.whitepaper("年度报告");
        LeadReceipt before = pass(asset, "周女士");
        AssetVersion second = content.upload(asset, "年度报告-修订版.pdf", "%PDF-1.7 v2");

        DownloadLinks.Grant old = ReferralFixtures.await(content.links().verify(token(before)));
        LeadReceipt after = ReferralFixtures.await(content.leads().again(asset.id(), person("周女士").contact()));
        DownloadLinks.Grant fresh = ReferralFixtures.await(content.links().verify(token(after)));

        assertThat(old.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(fresh.version()).isEqualTo(2);
        assertThat(content.assets().versions(asset.id()).map(AssetVersion::fileName).collectList().block(Duration.ofSeconds(5)))
                .containsExactly("年度报告-修订版.pdf", "白皮书.pdf");
    }

    @Test
    void aTamperedLinkIsRefusedAndAnExpiredOneIsGone() {
        Asset asset = content.whitepaper("产品手册");
        LeadReceipt receipt = pass(asset, "吴先生");
        String token = token(receipt);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String otherLead = payload.replaceFirst("\\.(\\d+)\\.(\\d+)$", ".99999.$2");
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(otherLead.getBytes())
                + token.substring(token.indexOf('.'));

        assertThat(status(tampered)).isEqualTo(403);
        assertThat(status("not-a-link")).isEqualTo(403);
        assertThat(status(token.substring(0, token.length() - 2) + "AA")).isEqualTo(403);
        content.clock().advance(Duration.ofMinutes(16));
        assertThat(status(token)).as("past the 15-minute lifetime").isEqualTo(410);
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndMakesNoVersion() {
        Asset asset = content.whitepaper("大文件");

        assertThatThrownBy(() -> ReferralFixtures.await(content.assets().upload(asset.id(), "视频.mp4", "video/mp4",
                ContentFixtures.body(DataSize.ofBytes(DataSize.ofMegabytes(2).toBytes() + 1)))))
                .isInstanceOfSatisfying(FileTooLarge.class, refused -> assertThat(refused.getStatusCode().value()).isEqualTo(413));
        assertThat(content.assets().versions(asset.id()).count().block(Duration.ofSeconds(5))).isEqualTo(1L);
    }

    @Test
    void anUploadIsHashedAndSizedAsItStreams() {
        Asset asset = content.whitepaper("两兆");
        AssetVersion version = ReferralFixtures.await(content.assets().upload(asset.id(), "a/b/../两兆.bin", null,
                ContentFixtures.body(DataSize.ofMegabytes(2))));

        assertThat(version.sizeBytes()).isEqualTo(DataSize.ofMegabytes(2).toBytes());
        assertThat(version.fileName()).isEqualTo("两兆.bin");
        assertThat(version.contentType()).isEqualTo("application/octet-stream");
        assertThat(version.sha256()).isEqualTo(sha256Of(ContentFixtures.body(DataSize.ofMegabytes(2))));
    }

    @Test
    void theDispositionCarriesTheChineseNameAndAnAsciiFallback() {
        assertThat(DownloadEndpoint.disposition("数字化营销白皮书 2026.pdf"))
                .isEqualTo("attachment; filename=\"________ 2026.pdf\"; filename*=UTF-8''"
                        + "%E6%95%B0%E5%AD%97%E5%8C%96%E8%90%A5%E9%94%80%E7%99%BD%E7%9A%AE%E4%B9%A6%202026.pdf");
    }

    private LeadReceipt pass(Asset asset, String name) {
        Person person = person(name);
        return ReferralFixtures.await(content.leads().submit(asset.id(), new Viewer(person.contact(), person.user()),
                new LeadForm(Map.of("name", name, "company", "鱼塘科技", "phone", "13700137000"), true, false, false, null)));
    }

    private final Map<String, Person> people = new java.util.HashMap<>();

    private Person person(String name) {
        return people.computeIfAbsent(name, n -> content.referral().person(n));
    }

    private static String token(LeadReceipt receipt) {
        String path = receipt.download().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private int status(String token) {
        try {
            ReferralFixtures.await(content.links().verify(token));
            return 200;
        } catch (ErrorResponseException refused) {
            return refused.getStatusCode().value();
        }
    }

    private static String sha256Of(reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> body) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            body.doOnNext(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                digest.update(bytes);
            }).blockLast();
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
