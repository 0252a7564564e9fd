/**
 * Where PostgreSQL and Redis come from (configured URLs, or embedded real servers when none is
 * set) and the per-module Flyway migrations that run before the app serves.
 */
package io.yutang.gateway.stores;
