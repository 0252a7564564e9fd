package io.yutang.gateway.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * WeChat's API as the fault suite's instances use it (their {@code api-host}): access token,
 * jsapi ticket, user info (batch and single), the OAuth code exchange, template messages, and
 * {@code errcode 0} for anything else. It can be told to answer 45009 (daily quota reached) to
 * profile lookups and template messages, or to answer them nothing at all (a timeout), for a while;
 * it counts the token and ticket calls, how often each openid's profile was actually handed out,
 * and which template messages reached whom (like WeChat, a repeated {@code client_msg_id} to the
 * same openid is answered but delivered once).
 */
final class FaultWeChatApi implements AutoCloseable {

    enum Mode { NORMAL, QUOTA_REACHED, SILENT }

    private static final Pattern OPENID = Pattern.compile("\"openid\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TO_USER = Pattern.compile("\"touser\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final String QUOTA = "{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}";

    private final DisposableServer server;
    private volatile Mode mode = Mode.NORMAL;
    private final AtomicLong tokenCalls = new AtomicLong();
    private final AtomicLong ticketCalls = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final Map<String, AtomicLong> profilesGiven = new ConcurrentHashMap<>();
    private final AtomicLong templateCalls = new AtomicLong();
    /** Delivered template messages by openid: their {@code client_msg_id}s. */
    private final Map<String, Set<String>> templatesDelivered = new ConcurrentHashMap<>();

    FaultWeChatApi() {
        this(0);
    }

    /** On {@code port} (0: any free one), so a peer started beforehand can be pointed at it. */
    FaultWeChatApi(int port) {
        server = HttpServer.create().host("127.0.0.1").port(port)
                .handle((request, response) -> answer(request)
                        .flatMap(body -> response.header("Content-Type", "application/json").sendString(Mono.just(body))
                                .then().thenReturn(true))
                        .switchIfEmpty(Mono.never())
                        .then())
                .bindNow();
    }

    private Mono<String> answer(HttpServerRequest request) {
        String path = request.fullPath();
        return request.receive().aggregate().asString().defaultIfEmpty("").map(body -> switch (path) {
            case "/cgi-bin/stable_token", "/cgi-bin/token" -> {
                tokenCalls.incrementAndGet();
                yield "{\"access_token\":\"fault-token\",\"expires_in\":7200}";
            }
            case "/cgi-bin/ticket/getticket" -> {
                ticketCalls.incrementAndGet();
                yield "{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"fault-ticket\",\"expires_in\":7200}";
            }
            case "/cgi-bin/user/info/batchget" -> profiles(body);
            case "/cgi-bin/message/template/send" -> template(body);
            case "/cgi-bin/user/info" -> profiles("\"openid\":\"" + query(request.uri(), "openid") + "\"")
                    .replaceFirst("^\\{\"user_info_list\":\\[", "").replaceFirst("]}$", "");
            case "/sns/oauth2/access_token" -> """
                    {"access_token":"fault-oauth","expires_in":7200,"refresh_token":"r","openid":"%s",\
                    "scope":"snsapi_base"}""".formatted(query(request.uri(), "code").replaceFirst("\\..*", ""));
            case "/sns/userinfo" -> """
                    {"openid":"%s","nickname":"张小明","sex":0,"headimgurl":"","privilege":[]}"""
                    .formatted(query(request.uri(), "openid"));
            default -> "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":1}";
        }).flatMap(answer -> answer.isEmpty() ? Mono.empty() : Mono.just(answer))
                .switchIfEmpty(Mono.<String>fromRunnable(unanswered::incrementAndGet));
    }

    /** The profiles asked for, or the refusal or silence the API is set to; an empty string means silence. */
    private String profiles(String body) {
        String heldOff = heldOff();
        if (heldOff != null) {
            return heldOff;
        }
        StringBuilder users = new StringBuilder("{\"user_info_list\":[");
        Matcher openid = OPENID.matcher(body);
        boolean first = true;
        while (openid.find()) {
            profilesGiven.computeIfAbsent(openid.group(1), o -> new AtomicLong()).incrementAndGet();
            users.append(first ? "" : ",").append("""
                    {"subscribe":1,"openid":"%1$s","unionid":"union-%1$s","subscribe_scene":"ADD_SCENE_QR_CODE",\
                    "qr_scene":0,"qr_scene_str":"fault","subscribe_time":1700000000}""".formatted(openid.group(1)));
            first = false;
        }
        return users.append("]}").toString();
    }

    /** The 45009 refusal or the silence ({@code ""}) the API is set to, or {@code null} when it answers. */
    private String heldOff() {
        Mode now = mode;
        if (now == Mode.QUOTA_REACHED) {
            refused.incrementAndGet();
            return QUOTA;
        }
        return now == Mode.SILENT ? "" : null;
    }

    /** A template message sent, or the refusal or silence the API is set to. */
    private String template(String body) {
        templateCalls.incrementAndGet();
        String heldOff = heldOff();
        if (heldOff != null) {
            return heldOff;
        }
        Matcher to = TO_USER.matcher(body);
        Matcher key = CLIENT_MSG_ID.matcher(body);
        if (to.find()) {
            templatesDelivered.computeIfAbsent(to.group(1), user -> ConcurrentHashMap.newKeySet())
                    .add(key.find() ? key.group(1) : "call-" + templateCalls.get());
        }
        return "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + templateCalls.get() + "}";
    }

    private static String query(String uri, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(uri);
        return value.find() ? java.net.URLDecoder.decode(value.group(1), java.nio.charset.StandardCharsets.UTF_8) : "";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    long tokenCalls() {
        return tokenCalls.get();
    }

    long ticketCalls() {
        return ticketCalls.get();
    }

    long refused() {
        return refused.get();
    }

    long unanswered() {
        return unanswered.get();
    }

    /** How many of the openids starting with {@code prefix} were handed out more than once. */
    long profilesGivenTwice(String prefix) {
        return profilesGiven.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue().get() > 1).count();
    }

    long templateCalls() {
        return templateCalls.get();
    }

    /** How many of the openids starting with {@code prefix} received a template message. */
    long remindedPeople(String prefix) {
        return templatesDelivered.keySet().stream().filter(openid -> openid.startsWith(prefix)).count();
    }

    /** How many of the openids starting with {@code prefix} received more than one distinct template message. */
    long remindedTwice(String prefix) {
        return templatesDelivered.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue().size() > 1).count();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
    }
}
