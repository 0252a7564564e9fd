package io.yutang.referral;

import java.util.List;
import java.util.Map;

/**
 * One part of what yutang holds about a person: named tables of rows, each row its columns'
 * values in order, as the export's JSON file and its CSV files show them.
 *
 * @param part the module it comes from ({@code livestream})
 * @param tables table name ({@code registrations}) to its rows
 */
public record PersonalData(String part, Map<String, List<Map<String, Object>>> tables) {
}
