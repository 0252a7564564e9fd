/** Livestream's share of a person for export and erasure: registrations and their answers, reminders sent, viewings. */
package io.yutang.livestream.privacy;
