/**
 * Shared mechanics, not referral's domain: the one way every module runs durable work on every
 * instance. Declared as the named interface {@code work}, so the other modules may use it; the
 * README lists it among the shared mechanics.
 */
@NamedInterface("work")
package io.yutang.referral.work;

import org.springframework.modulith.NamedInterface;
