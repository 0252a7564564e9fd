/** Leads: a gate passed, with its answers and consent decisions, credited to whoever brought the prospect. */
package io.yutang.content.lead;
