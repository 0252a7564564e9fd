/** Live events as marketing creates, edits, reschedules and ends them. */
package io.yutang.livestream.event;
