package io.yutang.gateway.jssdk;

/** What an H5 page passes to {@code wx.config}. */
record JsSdkConfig(String appId, long timestamp, String nonceStr, String signature) {
}
