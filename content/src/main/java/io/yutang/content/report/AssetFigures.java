package io.yutang.content.report;

/**
 * A gated asset's figures, for all its views or one group of them.
 *
 * @param leads gates passed (one per contact)
 * @param downloads whole-file downloads (range requests of players not counted)
 * @param qualifiedLeads leads whose contact became a qualified lead (under any rule version)
 */
public record AssetFigures(long views, long viewers, long leads, long downloads, long qualifiedLeads) {
}
