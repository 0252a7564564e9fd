package io.yutang.livestream;

/**
 * Which WeChat channels may reach a person right now, as the WeChat side knows it.
 *
 * @param follower they follow the service account (template messages reach them)
 * @param subscriptionGrant they accepted the event's one-time subscription template and have not used it
 * @param customerServiceWindow they interacted with the account within the last 48 hours
 */
public record Reach(boolean follower, boolean subscriptionGrant, boolean customerServiceWindow) {

    /** Whether {@code channel} may be tried for this person. */
    public boolean allows(Channel channel) {
        return switch (channel) {
            case TEMPLATE -> follower;
            case SUBSCRIPTION -> subscriptionGrant;
            case CUSTOMER_SERVICE -> customerServiceWindow;
            case SMS -> false;
        };
    }
}
