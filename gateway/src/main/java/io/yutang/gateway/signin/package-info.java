/**
 * H5 sign-in through WeChat's OAuth (snsapi_base, snsapi_userinfo): a CSRF-safe state, one use per
 * code, the contact recorded, a session in Redis, and a redirect to an allowed path only.
 */
package io.yutang.gateway.signin;
