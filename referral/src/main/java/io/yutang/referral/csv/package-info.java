/**
 * Shared mechanics, not referral's domain: the CSV that every module's imports and exports read
 * and write, through Apache Commons CSV, with yutang's one rule on top (cells a spreadsheet would
 * run as a formula are defused). Declared as the named interface {@code csv}, so the other
 * modules may use it; the README lists it among the shared mechanics.
 */
@NamedInterface("csv")
package io.yutang.referral.csv;

import org.springframework.modulith.NamedInterface;
