package io.yutang.gateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.wechat.WeChatAccount;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/** The sandbox page ({@code templates/gateway/sandbox.html}): a person plays prospects and WeChat's server from the browser. */
@Hidden
@Controller
@Conditional(SandboxMode.class)
class SandboxPage {

    private final WeChatAccount account;

    SandboxPage(WeChatAccount account) {
        this.account = account;
    }

    @GetMapping(path = "/sandbox", produces = MediaType.TEXT_HTML_VALUE)
    Rendering page() {
        return Rendering.view("gateway/sandbox").modelAttribute("appId", account.appId()).build();
    }
}
