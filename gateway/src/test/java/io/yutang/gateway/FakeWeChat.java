package io.yutang.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * WeChat's HTTP API for tests: one WireMock server per test JVM, answering like WeChat does.
 * Tests use distinct openids, so they can count their own requests.
 */
public final class FakeWeChat {

    private static WireMockServer server;

    private FakeWeChat() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            stub(server);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-fake-wechat"));
        }
        return server;
    }

    public static String baseUrl() {
        return server().baseUrl();
    }

    private static void stub(WireMockServer wechat) {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).willReturn(json(
                "{\"access_token\":\"test-access-token\",\"expires_in\":7200}")));
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/user/info")).willReturn(json("""
                {"subscribe":1,"openid":"{{request.query.openid}}","unionid":"union-{{request.query.openid}}",
                 "subscribe_scene":"ADD_SCENE_QR_CODE","qr_scene":0,"qr_scene_str":"scene-of-{{request.query.openid}}",
                 "subscribe_time":1700000000}""").withTransformers("response-template")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/user/info/batchget")).willReturn(userBatch()));
        wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).willReturn(json("""
                {"access_token":"test-oauth-token","expires_in":7200,"refresh_token":"r",
                 "openid":"{{regexExtract request.query.code '[^.]+'}}","scope":"snsapi_userinfo"}""")
                .withTransformers("response-template")));
        wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).withQueryParam("code", matching("expired-code[A-Za-z0-9-]*"))
                .atPriority(1)
                .willReturn(json("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));
        wechat.stubFor(get(urlPathEqualTo("/sns/userinfo")).willReturn(json("""
                {"openid":"{{request.query.openid}}","nickname":"张小明","sex":0,
                 "headimgurl":"https://thirdwx.qlogo.cn/test/{{request.query.openid}}/132",
                 "unionid":"union-{{request.query.openid}}","privilege":[]}""").withTransformers("response-template")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/qrcode/create")).willReturn(json("""
                {"ticket":"ticket-{{jsonPath request.body '$.action_info.scene.scene_str'}}",
                 "expire_seconds":{{jsonPath request.body '$.expire_seconds'}},
                 "url":"http://weixin.qq.com/q/test-{{jsonPath request.body '$.action_info.scene.scene_str'}}"}""")
                .withTransformers("response-template")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/custom/send")).willReturn(json(
                "{\"errcode\":0,\"errmsg\":\"ok\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/template/send")).willReturn(json(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/message/subscribe/bizsend")).willReturn(json(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228333}")));
        wechat.stubFor(get(urlPathEqualTo("/cgi-bin/ticket/getticket")).willReturn(json(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"test-jsapi-ticket\",\"expires_in\":7200}")));
    }

    /**
     * WeChat's answer to {@code user/info/batchget}: every openid asked for follows, with union id
     * {@code union-<openid>} and QR scene {@code scene-of-<openid>}, as {@code user/info} answers.
     */
    public static ResponseDefinitionBuilder userBatch() {
        return json("""
                {"user_info_list":[{{#each (jsonPath request.body '$.user_list') as |user|}}
                 {"subscribe":1,"openid":"{{user.openid}}","unionid":"union-{{user.openid}}",
                  "subscribe_scene":"ADD_SCENE_QR_CODE","qr_scene":0,"qr_scene_str":"scene-of-{{user.openid}}",
                  "subscribe_time":1700000000}{{#unless @last}},{{/unless}}{{/each}}]}""").withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
