/**
 * The sandbox: with no real service account configured, an in-process fake of WeChat's HTTP API
 * and a player that acts as WeChat's server, so the whole flow runs on one machine.
 */
package io.yutang.gateway.sandbox;
