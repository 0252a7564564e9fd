/**
 * The gateway boots yutang and is its only door to WeChat: it owns the callback, H5 sign-in, the
 * WxJava adapter behind the domain modules' ports, the sandbox, security and the stores' start-up.
 */
package io.yutang.gateway;
