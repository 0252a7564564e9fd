package io.yutang.referral;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Port for modules that follow what contacts do (content's lead scoring): told, at least once and
 * on one instance at a time per contact, which contacts' behaviour changed. A listener reads the
 * history it needs from {@link Behaviours#historyOf}, so being told twice changes nothing; failing
 * makes referral tell it again later.
 */
public interface BehaviourListener {

    /** These contacts' behaviour changed (or everyone's is to be read again, after {@link Behaviours#reviewAll}). */
    Mono<Void> changed(List<ContactId> contacts);
}
