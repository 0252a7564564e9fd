package io.yutang.referral;

/**
 * One decision a person made on a page: the purpose, what it is about, the exact text shown, and
 * whether they gave or refused it.
 *
 * @param scope what the consent is about ({@code asset:12}); empty for the person as a whole
 */
public record ConsentDecision(ConsentPurpose purpose, String scope, String text, boolean given) {

    public ConsentDecision {
        scope = scope == null ? "" : scope;
    }
}
