package io.yutang.livestream;

/**
 * How a message reaches a registrant. WeChat's rules decide which one may: template messages reach
 * followers only, a one-time subscription message needs an unused grant, a customer-service
 * message needs an interaction within 48 hours, SMS a phone number given with consent.
 */
public enum Channel {
    TEMPLATE,
    SUBSCRIPTION,
    CUSTOMER_SERVICE,
    SMS
}
