package io.yutang.livestream.page;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.livestream.event.EventStatus;
import io.yutang.livestream.event.LiveEvent;
import io.yutang.livestream.event.LiveEvents;
import io.yutang.livestream.event.RegistrationField;
import io.yutang.livestream.event.UnknownLiveEvent;
import io.yutang.livestream.registration.FormCheck;
import io.yutang.livestream.registration.Registration;
import io.yutang.livestream.registration.RegistrationStatus;
import io.yutang.livestream.registration.Registrations;
import io.yutang.referral.Viewer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The registration page prospects open in WeChat ({@code /live/{id}}, usually with the share
 * token {@code st}): a small server-rendered page with no build step. A visitor not yet signed in
 * is sent through WeChat's silent sign-in first; a known contact finds the form filled from their
 * last registration, so one tap registers them.
 */
@Hidden
@RestController
class RegistrationPage {

    private static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private final LiveEvents events;
    private final Registrations registrations;
    private final FormCheck check;
    private final MessageSource messages;

    RegistrationPage(LiveEvents events, Registrations registrations, FormCheck check, MessageSource messages) {
        this.events = events;
        this.registrations = registrations;
        this.check = check;
        this.messages = messages;
    }

    @GetMapping(path = "/live/{id}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> page(@PathVariable long id, @RequestParam(name = "st", required = false) String shareToken,
            @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        String token = shareToken != null && shareToken.matches("[A-Za-z0-9_-]{16,64}") ? shareToken : null;
        if (viewer == null) {
            return Mono.just(SignInFirst.redirect("/live/" + id + (token == null ? "" : "?st=" + token)));
        }
        return events.find(id)
                .filter(event -> event.status() != EventStatus.DRAFT)
                .switchIfEmpty(Mono.error(UnknownLiveEvent::new))
                .flatMap(event -> Mono.zip(
                        registrations.current(id, viewer.contact()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        registrations.lastAnswers(viewer.contact()).defaultIfEmpty(Map.of()),
                        SignInFirst.csrfToken(exchange))
                        .map(found -> html(event, found.getT1().orElse(null), found.getT2(), found.getT3(), token)))
                .map(html -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noStore()).body(html));
    }

    private String html(LiveEvent event, Registration registration, Map<String, String> last, String csrf, String token) {
        boolean registered = registration != null && registration.status() != RegistrationStatus.CANCELLED;
        Map<String, String> prefill = registered ? registration.answers() : last;
        boolean complete = event.registrationFields().stream()
                .allMatch(field -> !field.required() || !prefill.getOrDefault(field.key(), "").isBlank());
        StringBuilder fields = new StringBuilder();
        for (RegistrationField field : event.registrationFields()) {
            String type = switch (field.key()) {
                case "phone" -> "tel";
                case "email" -> "email";
                default -> "text";
            };
            fields.append("""
                    <label>%s%s<input name="%s" type="%s" value="%s"></label><p class="err" data-for="%s"></p>
                    """.formatted(esc(check.label(field)), field.required() ? " *" : "", esc(field.key()), type,
                    esc(prefill.getOrDefault(field.key(), "")), esc(field.key())));
        }
        if (event.consentText() != null) {
            fields.append("""
                    <label class="consent"><input name="consent" type="checkbox"%s> %s：%s</label><p class="err" data-for="consent"></p>
                    """.formatted(registered ? " checked" : "", text("page.register.consent"), esc(event.consentText())));
        }
        String state = !registered ? ""
                : registration.status() == RegistrationStatus.WAITLISTED ? text("page.register.waitlisted")
                : text("page.register.already");
        boolean open = event.status().takesRegistrations();
        String watch = registered && registration.status() == RegistrationStatus.REGISTERED
                && (event.status() == EventStatus.LIVE || event.status() == EventStatus.ENDED)
                ? "<a class=\"btn\" id=\"watch\" href=\"/live/" + event.id() + "/room\">" + text("page.register.watch") + "</a>" : "";
        return """
                <!doctype html>
                <html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
                <meta name="csrf-token" content="%13$s">
                <title>%1$s</title>
                <style>
                body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f8;color:#1f2329}
                main{max-width:560px;margin:0 auto;padding:20px 16px 40px}
                h1{font-size:22px;margin:4px 0 8px} .meta{color:#646a73;font-size:14px} .desc{white-space:pre-wrap}
                form{background:#fff;border-radius:12px;padding:16px;margin-top:16px}
                label{display:block;margin:10px 0 2px;font-size:14px;color:#646a73}
                input[type=text],input[type=tel],input[type=email]{display:block;width:100%%;box-sizing:border-box;margin-top:4px;
                  padding:10px;border:1px solid #d0d3d6;border-radius:8px;font-size:16px}
                .consent{color:#1f2329} .err{color:#d83931;font-size:13px;margin:2px 0;min-height:0}
                .btn,button{display:block;width:100%%;margin-top:16px;padding:12px;border:0;border-radius:8px;background:#07c160;
                  color:#fff;font-size:17px;text-align:center;text-decoration:none}
                button.secondary{background:#fff;color:#646a73;border:1px solid #d0d3d6}
                #status{margin-top:16px;padding:12px;border-radius:8px;background:#e8f8ee;color:#067a3a}
                #status:empty{display:none} .hint{font-size:13px;color:#646a73}
                </style></head>
                <body><main>
                <h1>%1$s</h1>
                <p class="meta">%2$s：%3$s%4$s</p>
                <p class="desc">%5$s</p>
                <form id="registration" novalidate %6$s>
                %7$s
                %8$s
                <button type="submit" id="register">%9$s</button>
                %10$s
                </form>
                <div id="status" role="status">%11$s</div>
                %12$s
                %20$s
                </main>
                %21$s
                <script>
                (function () {
                  var form = document.getElementById('registration'), status = document.getElementById('status');
                  var csrf = document.querySelector('meta[name=csrf-token]').content, token = %14$s, api = '/my/events/%15$d/registration';
                  var texts = {done: %16$s, waitlisted: %17$s, cancelled: %18$s, error: %19$s};
                  function send(method, body) {
                    return fetch(api, {method: method, credentials: 'same-origin', headers: {'Content-Type': 'application/json',
                      'X-CSRF-TOKEN': csrf, 'Accept': 'application/json'}, body: body ? JSON.stringify(body) : undefined});
                  }
                  form.addEventListener('submit', function (e) {
                    e.preventDefault();
                    Array.prototype.forEach.call(form.querySelectorAll('.err'), function (p) { p.textContent = ''; });
                    var answers = {};
                    Array.prototype.forEach.call(form.querySelectorAll('input[type=text],input[type=tel],input[type=email]'),
                      function (i) { answers[i.name] = i.value; });
                    var consent = form.querySelector('input[name=consent]');
                    send('PUT', {answers: answers, consent: consent ? consent.checked : false, shareToken: token})
                      .then(function (r) { return r.json().then(function (b) { return {ok: r.ok, body: b}; }); })
                      .then(function (r) {
                        if (r.ok) {
                          status.textContent = r.body.status === 'WAITLISTED' ? texts.waitlisted : texts.done;
                          form.querySelector('#register').style.display = 'none';
                          return;
                        }
                        (r.body.errors || []).forEach(function (err) {
                          var p = form.querySelector('.err[data-for="' + err.field + '"]');
                          if (p) { p.textContent = err.reason; }
                        });
                        if (!r.body.errors) { status.textContent = r.body.title || texts.error; }
                      })
                      .catch(function () { status.textContent = texts.error; });
                  });
                  var cancel = document.getElementById('cancel');
                  if (cancel) {
                    cancel.addEventListener('click', function () {
                      send('DELETE').then(function (r) { if (r.ok) { status.textContent = texts.cancelled; cancel.style.display = 'none'; } });
                    });
                  }
                })();
                </script>
                </body></html>
                """.formatted(
                esc(event.title()),
                text("page.register.time"), esc(EventTime.format(event.startsAt())),
                event.capacity() == null ? "" : " · " + text("page.register.capacity") + " " + event.capacity(),
                esc(event.description() == null ? "" : event.description()),
                open ? "" : "hidden",
                !registered && complete && !prefill.isEmpty() ? "<p class=\"hint\">" + text("page.register.prefilled") + "</p>" : "",
                fields,
                !registered && complete && !prefill.isEmpty() ? text("page.register.one-tap") : text("page.register.button"),
                registered ? "<button type=\"button\" class=\"secondary\" id=\"cancel\">" + text("page.register.cancel") + "</button>" : "",
                open ? esc(state) : text("page.register.closed"),
                watch,
                esc(csrf), js(token), event.id(),
                js(text("page.register.done")), js(text("page.register.waitlisted")), js(text("page.register.cancelled")),
                js(text("page.register.error")),
                subscribe(event, registered),
                event.subscribeTemplateId() == null ? "" : WeChatJsSdk.script("'wx-open-subscribe'"));
    }

    /**
     * WeChat's one-time subscription prompt for the event's template: each acceptance arrives as
     * {@code subscribe_msg_popup_event} and becomes a grant one reminder spends.
     */
    private String subscribe(LiveEvent event, boolean registered) {
        if (event.subscribeTemplateId() == null || !registered && !event.status().takesRegistrations()) {
            return "";
        }
        return """
                <wx-open-subscribe template="%s" id="subscribe">
                  <script type="text/wxtag-template"><button style="display:block;width:100%%;margin-top:12px;padding:12px;
                    border:1px solid #07c160;border-radius:8px;background:#fff;color:#07c160;font-size:16px">%s</button></script>
                </wx-open-subscribe>
                """.formatted(esc(event.subscribeTemplateId()), esc(text("page.register.subscribe")));
    }

    private String text(String code) {
        return messages.getMessage(code, null, LOCALE);
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value, "UTF-8");
    }

    /** A JavaScript string literal that cannot close the script element. */
    private static String js(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == ' ' || c > 127 && c != '\u2028' && c != '\u2029') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('\'').toString();
    }
}
