/**
 * The one door to WeChat's HTTP API: the configured service account, WxJava's {@code WxMpService}
 * run on {@code boundedElastic} with timeouts and error handling, and the implementations of the
 * domain modules' ports.
 */
package io.yutang.gateway.wechat;
