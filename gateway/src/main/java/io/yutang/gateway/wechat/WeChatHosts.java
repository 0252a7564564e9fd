package io.yutang.gateway.wechat;

import java.net.URI;

/** Where WeChat's API, open and mp hosts are: WeChat's own, or the sandbox's fake. */
public record WeChatHosts(URI api, URI open, URI mp) {
}
