package io.yutang.gateway.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.gateway.StaffClients;
import io.yutang.gateway.ThroughPgBouncer;
import io.yutang.gateway.YutangIntegrationTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Poster templates through PgBouncer in transaction mode: each upload under a name takes the
 * name's transaction-scoped advisory lock before it numbers its version, so uploads racing under
 * one name still get one version each, 1 to n, although each transaction may run on another of
 * PgBouncer's server connections.
 */
@ThroughPgBouncer
@YutangIntegrationTest
class PosterTemplateVersionsThroughPgBouncerIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;

    @Test
    void sixUploadsRacingUnderOneNameGetVersionsOneToSix() {
        String name = "并发上传 " + UUID.randomUUID().toString().substring(0, 8);
        byte[] background = solid();

        List<Object> versions = Flux.range(0, 6)
                .flatMap(i -> Mono.fromCallable(() -> upload(name, background)).subscribeOn(Schedulers.boundedElastic()))
                .map(template -> template.get("version"))
                .collectList().block(Duration.ofSeconds(60));

        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    private Map<String, Object> upload(String name, byte[] background) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("background", new ByteArrayResource(background) {
            @Override
            public String getFilename() {
                return "background.png";
            }
        }).contentType(MediaType.IMAGE_PNG);
        parts.part("layout", PosterIntegrationTest.LAYOUT.formatted(name), MediaType.APPLICATION_JSON);
        return StaffClients.admin(web).post().uri("/api/poster-templates").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    private static byte[] solid() {
        BufferedImage image = new BufferedImage(600, 800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 800);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
