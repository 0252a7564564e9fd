package io.yutang.gateway.sandbox;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's answer to {@code cgi-bin/user/info/batchget}: every openid asked for is a
 * follower, with the QR scene it followed through when the sandbox played that scan.
 */
final class SandboxUserBatch implements ResponseTransformerV2 {

    static final String NAME = "sandbox-user-batch";

    private final Map<String, String> followScenes = new ConcurrentHashMap<>();

    void remember(String openid, String scene) {
        followScenes.put(openid, scene);
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        Map<?, ?> request = Json.read(serveEvent.getRequest().getBodyAsString(), Map.class);
        List<Map<String, Object>> users = new ArrayList<>();
        Object asked = request == null ? null : request.get("user_list");
        if (asked instanceof List<?> list) {
            long now = System.currentTimeMillis() / 1000;
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> user && user.get("openid") instanceof String openid) {
                    String scene = followScenes.get(openid);
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("subscribe", 1);
                    info.put("openid", openid);
                    info.put("unionid", "union-" + openid);
                    info.put("subscribe_scene", scene == null ? "ADD_SCENE_SEARCH" : "ADD_SCENE_QR_CODE");
                    info.put("qr_scene", 0);
                    info.put("qr_scene_str", scene == null ? "" : scene);
                    info.put("subscribe_time", now);
                    users.add(info);
                }
            }
        }
        return Response.Builder.like(response).but().body(Json.write(Map.of("user_info_list", users))).build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
