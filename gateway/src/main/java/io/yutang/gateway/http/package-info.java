/**
 * Cross-cutting HTTP behaviour: request ids carried into logs, and every error rendered as
 * RFC 9457 problem+json.
 */
package io.yutang.gateway.http;
