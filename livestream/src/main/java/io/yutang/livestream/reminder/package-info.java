/**
 * Every message to a registrant as a durable row (confirmation, reminders, notices, replay,
 * survey) and the dispatcher that sends each exactly once through the channel that reaches them.
 */
package io.yutang.livestream.reminder;
