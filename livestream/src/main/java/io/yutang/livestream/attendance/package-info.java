/** Viewing sessions from the live page, the watch redirect and platform logs; watch time and reports. */
package io.yutang.livestream.attendance;
