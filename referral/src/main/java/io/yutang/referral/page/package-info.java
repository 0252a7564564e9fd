/**
 * Shared mechanics, not referral's domain: what every module's H5 page does for a visitor (WeChat's
 * silent sign-in first, the session's CSRF token for the page's script, no caching). The page
 * templates' shared layout and JS-SDK fragment are beside it, in {@code templates/shared/}.
 * Declared as the named interface {@code page}; the README lists it among the shared mechanics.
 */
@NamedInterface("page")
package io.yutang.referral.page;

import org.springframework.modulith.NamedInterface;
