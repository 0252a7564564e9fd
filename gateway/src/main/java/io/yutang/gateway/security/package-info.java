/**
 * Who may call what: the access rules for WeChat's server, H5 viewers, staff and integrations,
 * with refusals rendered as problem+json.
 */
package io.yutang.gateway.security;
