/**
 * Staff and integrations: console users (ADMIN, MARKETER) with encoder-hashed passwords, and API
 * tokens for integrations such as a CRM, stored as hashes and revocable.
 */
package io.yutang.gateway.staff;
