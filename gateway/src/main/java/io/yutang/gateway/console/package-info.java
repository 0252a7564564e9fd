/**
 * The marketing console (/console): the sign-in page and the pages marketing and admins work in.
 * Pages are templates; their data comes from the same JSON API scripts use, with the console's session.
 */
package io.yutang.gateway.console;
