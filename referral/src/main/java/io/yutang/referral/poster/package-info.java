/**
 * Posters: templates marketing uploads (versioned), rendered per sharer to PNG on the server with
 * the share link's QR code, cached in Redis, and zipped per department.
 */
package io.yutang.referral.poster;
