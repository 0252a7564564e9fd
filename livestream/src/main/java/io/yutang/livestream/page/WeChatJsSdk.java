package io.yutang.livestream.page;

/**
 * The JS-SDK wiring a page needs for WeChat's open tags: loads {@code jweixin}, asks the gateway to
 * sign the page's address ({@code /wechat/jssdk/config}) and calls {@code wx.config}. Outside
 * WeChat, or when the script cannot load, the page works on without the tags.
 */
final class WeChatJsSdk {

    private static final String SDK = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

    private WeChatJsSdk() {
    }

    /** Script elements that configure the JS-SDK for the given open tags (e.g. {@code wx-open-subscribe}). */
    static String script(String openTags) {
        return """
                <script>
                function yutangWeChat() {
                  fetch('/wechat/jssdk/config?url=' + encodeURIComponent(location.href.split('#')[0]), {credentials: 'same-origin'})
                    .then(function (r) { return r.ok ? r.json() : null; })
                    .then(function (c) {
                      if (c && window.wx) {
                        wx.config({debug: false, appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr,
                          signature: c.signature, jsApiList: ['updateAppMessageShareData'], openTagList: [%s]});
                      }
                    })
                    .catch(function () { });
                }
                </script>
                <script src="%s" async onload="yutangWeChat()"></script>
                """.formatted(openTags, SDK);
    }
}
