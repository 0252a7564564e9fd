/** Registrations: one per event and contact, the waitlist, cancellations, and their credit in referral. */
package io.yutang.livestream.registration;
