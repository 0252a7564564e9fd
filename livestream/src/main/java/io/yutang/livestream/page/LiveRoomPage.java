package io.yutang.livestream.page;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.livestream.LivestreamProperties;
import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.event.UnknownLiveEvent;
import io.yutang.referral.Viewer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * yutang's own live room ({@code /live/{id}/room}): the platform's player embedded, and a script
 * that reports the viewer's join, a heartbeat every {@code heartbeatInterval} and the leave, so
 * watch time is measured without the platform's log.
 */
@Hidden
@RestController
class LiveRoomPage {

    private static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private final LiveEvents events;
    private final MessageSource messages;
    private final LivestreamProperties properties;

    LiveRoomPage(LiveEvents events, MessageSource messages, LivestreamProperties properties) {
        this.events = events;
        this.messages = messages;
        this.properties = properties;
    }

    @GetMapping(path = "/live/{id}/room", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> room(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        if (viewer == null) {
            return Mono.just(SignInFirst.redirect("/live/" + id + "/room"));
        }
        return events.find(id)
                .filter(event -> event.status() != EventStatus.DRAFT)
                .switchIfEmpty(Mono.error(UnknownLiveEvent::new))
                .zipWith(SignInFirst.csrfToken(exchange))
                .map(found -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noStore()).body(html(found.getT1(), found.getT2())));
    }

    private String html(LiveEvent event, String csrf) {
        URI player = event.status() == EventStatus.ENDED && event.replayUrl() != null ? event.replayUrl() : event.watchUrl();
        String stage = player == null ? "<p class=\"wait\">" + esc(text("page.room.waiting")) + "</p>"
                : "<iframe src=\"" + esc(player.toString()) + "\" allow=\"autoplay; fullscreen\" allowfullscreen></iframe>";
        return """
                <!doctype html>
                <html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
                <meta name="csrf-token" content="%1$s">
                <title>%2$s</title>
                <style>
                body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#111;color:#eee}
                main{max-width:760px;margin:0 auto} h1{font-size:18px;margin:12px 16px}
                .stage{position:relative;width:100%%;padding-top:56.25%%;background:#000}
                .stage iframe,.stage .wait{position:absolute;inset:0;width:100%%;height:100%%;border:0;margin:0;
                  display:flex;align-items:center;justify-content:center}
                .meta{color:#aaa;font-size:14px;margin:8px 16px}
                </style></head>
                <body><main>
                <div class="stage">%3$s</div>
                <h1>%2$s</h1>
                <p class="meta">%4$s</p>
                <p class="meta" id="watching" data-state="starting"></p>
                </main>
                <script>
                (function () {
                  var csrf = document.querySelector('meta[name=csrf-token]').content;
                  var api = '/my/events/%5$d/viewings', every = %6$d, state = document.getElementById('watching');
                  var bytes = new Uint8Array(12); crypto.getRandomValues(bytes);
                  var key = Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
                  function post(path, body, keepalive) {
                    return fetch(api + path, {method: 'POST', credentials: 'same-origin', keepalive: !!keepalive,
                      headers: {'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf},
                      body: body ? JSON.stringify(body) : undefined});
                  }
                  post('', {sessionKey: key}).then(function (r) {
                    if (!r.ok) { return; }
                    state.dataset.state = 'watching';
                    var beat = setInterval(function () { post('/' + key + '/heartbeat'); }, every * 1000);
                    var left = false;
                    function leave() {
                      if (left) { return; }
                      left = true; clearInterval(beat); post('/' + key + '/leave', null, true);
                    }
                    window.addEventListener('pagehide', leave);
                  });
                })();
                </script>
                %7$s
                </body></html>
                """.formatted(esc(csrf), esc(event.title()), stage, esc(EventTime.format(event.startsAt())), event.id(),
                Math.max(5, properties.heartbeatInterval().toSeconds()), WeChatJsSdk.script(""));
    }

    private String text(String code) {
        return messages.getMessage(code, null, LOCALE);
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
