package io.yutang.content;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Content's settings ({@code yutang.content.*}).
 *
 * @param downloadLinkLifetime how long a gated asset's download link works once the gate is passed
 * @param qualifiedLeadScore the lead score at which a prospect is handed to sales
 * @param largestFile the largest asset file an upload may bring
 * @param filesDir where asset files are kept when no object store is configured; empty: {@code <data dir>/content}
 * @param s3 the S3-compatible object store; files stay on local disk while its bucket is empty. Downloads
 *     from it go to a pre-signed URL of the store, which serves ranges itself
 * @param defaultCard the card an article shows when it was opened without a share link (or an unknown or ended one)
 */
@Validated
@ConfigurationProperties("yutang.content")
public record ContentProperties(
        @NotNull @DefaultValue("15m") Duration downloadLinkLifetime,
        @Positive @DefaultValue("60") int qualifiedLeadScore,
        @NotNull @DefaultValue("100MB") DataSize largestFile,
        Path filesDir,
        @Valid @NotNull @DefaultValue S3 s3,
        @Valid @NotNull @DefaultValue DefaultCard defaultCard) {

    /**
     * The company's own card at the foot of an article opened without a sharer.
     *
     * @param avatarUrl the logo or avatar shown, or none
     * @param qrUrl the image of the service account's QR code, or none
     */
    public record DefaultCard(@NotBlank @DefaultValue("鱼塘") String name, @DefaultValue("") String title,
            @DefaultValue("") String company, URI avatarUrl, URI qrUrl) {
    }

    /**
     * An S3-compatible object store: AWS S3, MinIO, Aliyun OSS or Tencent COS in their S3 modes.
     *
     * @param endpoint the service's address; empty for AWS's own
     * @param pathStyle bucket in the path ({@code https://host/bucket/key}, MinIO) rather than the host name (OSS, COS)
     */
    public record S3(URI endpoint, @NotBlank @DefaultValue("us-east-1") String region, String bucket, String accessKey,
            String secretKey, @DefaultValue("true") boolean pathStyle) {

        /** Whether an object store is configured at all. */
        public boolean configured() {
            return bucket != null && !bucket.isBlank();
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                    + (accessKey == null ? null : "***") + ", secretKey=" + (secretKey == null ? null : "***")
                    + ", pathStyle=" + pathStyle + "]";
        }
    }
}
