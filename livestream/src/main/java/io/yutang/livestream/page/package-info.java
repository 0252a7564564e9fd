/**
 * The H5 pages prospects open in WeChat's browser: registration and the live room. Thymeleaf
 * templates under {@code templates/livestream/} with a little inline script, no build step; the
 * shared head and the JS-SDK wiring come from referral's {@code templates/shared/}, texts from the
 * message bundle.
 */
package io.yutang.livestream.page;
