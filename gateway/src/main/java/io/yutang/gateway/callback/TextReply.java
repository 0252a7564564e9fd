package io.yutang.gateway.callback;

/** A passive text reply to the user who sent the event. */
record TextReply(String content) {
}
