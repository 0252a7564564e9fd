package io.yutang.gateway.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.yutang.gateway.wechat.WeChatHosts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import javax.imageio.ImageIO;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * WeChat's HTTP API, faked in-process with WireMock for sandbox mode: it issues access tokens,
 * jsapi tickets, QR codes (and their images, one sandbox code for every ticket), OAuth tokens and user info (one by one and in batches), accepts template, subscription and
 * customer-service messages, and keeps every message sent for inspection.
 */
@Component
@Conditional(SandboxMode.class)
public class FakeWeChatApi implements DisposableBean {

    static final List<String> MESSAGE_PATHS = List.of("/cgi-bin/message/template/send",
            "/cgi-bin/message/subscribe/bizsend", "/cgi-bin/message/custom/send");

    private final SandboxUserBatch userBatch = new SandboxUserBatch();
    private final WireMockServer server;

    FakeWeChatApi() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .maxRequestJournalEntries(5000).extensions(userBatch));
        server.start();
        stubApi();
    }

    /**
     * Where WxJava should call: the API and mp hosts are this fake; the open host (OAuth's
     * authorize page, opened by the user's browser) is the sandbox's own page on this app.
     */
    public WeChatHosts hosts() {
        URI base = URI.create(server.baseUrl());
        return new WeChatHosts(base, URI.create(SandboxAuthorizePage.PATH_PREFIX), base);
    }

    /** The last requests the app sent to WeChat's message APIs, newest first. */
    List<LoggedRequest> sentMessages() {
        return server.findAll(postRequestedFor(
                urlPathMatching("/cgi-bin/message/.*")));
    }

    /** Makes user info (alone and in batches) for {@code openid} report the QR scene they followed through. */
    void rememberFollowScene(String openid, String scene) {
        userBatch.remember(openid, scene);
        server.stubFor(get(urlPathEqualTo("/cgi-bin/user/info"))
                .withQueryParam("openid", equalTo(openid))
                .atPriority(1)
                .willReturn(json("""
                        {"subscribe":1,"openid":"%s","unionid":"union-%s","subscribe_scene":"ADD_SCENE_QR_CODE",
                         "qr_scene":0,"qr_scene_str":"%s","subscribe_time":%d}""".formatted(openid, openid, scene,
                        System.currentTimeMillis() / 1000))));
    }

    private void stubApi() {
        server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(json("{\"access_token\":\"sandbox-access-token\",\"expires_in\":7200}")));
        server.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
                .willReturn(json("{\"access_token\":\"sandbox-access-token\",\"expires_in\":7200}")));
        server.stubFor(get(urlPathEqualTo("/cgi-bin/ticket/getticket"))
                .willReturn(json("{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"sandbox-jsapi-ticket\",\"expires_in\":7200}")));
        server.stubFor(templated(get(urlPathEqualTo("/cgi-bin/user/info")).atPriority(5), """
                {"subscribe":1,"openid":"{{request.query.openid}}","unionid":"union-{{request.query.openid}}",
                 "subscribe_scene":"ADD_SCENE_SEARCH","qr_scene":0,"qr_scene_str":"","subscribe_time":{{now format='unix'}} }"""));
        server.stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget"))
                .willReturn(json("{}").withTransformers(SandboxUserBatch.NAME)));
        server.stubFor(templated(post(urlPathEqualTo("/cgi-bin/qrcode/create")), """
                {"ticket":"sandbox-{{randomValue length=24 type='ALPHANUMERIC'}}",
                 "expire_seconds":{{jsonPath request.body '$.expire_seconds'}},
                 "url":"http://weixin.qq.com/q/sandbox-{{jsonPath request.body '$.action_info.scene.scene_str'}}"}"""));
        server.stubFor(get(urlPathEqualTo("/cgi-bin/showqrcode"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(sandboxQr())));
        server.stubFor(templated(get(urlPathEqualTo("/sns/oauth2/access_token")), """
                {"access_token":"sandbox-oauth-token","expires_in":7200,"refresh_token":"sandbox-refresh",
                 "openid":"{{regexExtract request.query.code '[^.]+'}}","scope":"snsapi_userinfo"}"""));
        server.stubFor(templated(get(urlPathEqualTo("/sns/userinfo")), """
                {"openid":"{{request.query.openid}}","nickname":"沙箱用户 {{request.query.openid}}","sex":0,
                 "headimgurl":"https://thirdwx.qlogo.cn/sandbox/{{request.query.openid}}/132",
                 "unionid":"union-{{request.query.openid}}","privilege":[]}"""));
        for (String path : MESSAGE_PATHS) {
            server.stubFor(post(urlPathEqualTo(path))
                    .willReturn(json("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":{{randomValue length=9 type='NUMERIC'}} }")
                            .withTransformers("response-template")));
        }
        server.stubFor(any(urlPathMatching("/.*")).atPriority(10)
                .willReturn(json("{\"errcode\":40001,\"errmsg\":\"sandbox does not fake this API\"}")));
    }

    /** The image {@code showqrcode} answers with in the sandbox: a QR code of the sandbox's own. */
    private static byte[] sandboxQr() {
        try (ByteArrayOutputStream png = new ByteArrayOutputStream()) {
            BitMatrix matrix = new QRCodeWriter().encode("http://weixin.qq.com/q/sandbox", BarcodeFormat.QR_CODE, 258, 258);
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xffffff);
                }
            }
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (WriterException | IOException impossible) {
            throw new UncheckedIOException(new IOException("cannot draw the sandbox's QR code", impossible));
        }
    }

    private static MappingBuilder templated(MappingBuilder request, String body) {
        return request.willReturn(json(body).withTransformers("response-template"));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @Override
    public void destroy() {
        server.stop();
    }
}
