/**
 * Shared mechanics, not referral's domain: the forms prospects fill on H5 pages (a live event's
 * registration, a gated asset's gate). One check of the well-known fields (name, company, title,
 * a mainland mobile number, an e-mail address) and of custom ones, with errors worded for the
 * person filling the form, and the inputs a page's template draws. Declared as the named
 * interface {@code form}; the README lists it among the shared mechanics.
 */
@NamedInterface("form")
package io.yutang.referral.form;

import org.springframework.modulith.NamedInterface;
