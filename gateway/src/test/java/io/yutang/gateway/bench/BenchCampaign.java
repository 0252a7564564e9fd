package io.yutang.gateway.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A running follow campaign with its sharers' links, written straight into a benchmark's database
 * (as the API would leave them), and the QR scenes of those links: the scenes WeChat reports in a
 * {@code subscribe} when someone follows through a sharer's code, so the events a harness sends
 * take the credit path (touch through the link, tree edge, decision, leaderboards).
 *
 * @param campaignId the campaign's id
 * @param scenes one scene per sharer, in {@code SceneRefs}' format ({@code c<campaign>_<link>}, base 36)
 */
record BenchCampaign(long campaignId, List<String> scenes) {

    /** Seeds one campaign named {@code name} and {@code sharers} employees (external ids {@code tag-1…}), each with a link. */
    static BenchCampaign seed(Connection jdbc, String tag, String name, int sharers) throws SQLException {
        long campaign;
        try (PreparedStatement insert = jdbc.prepareStatement("""
                insert into referral.campaign (name, target_kind, starts_at, attribution_model, attribution_window_seconds,
                    clawback_seconds, created_at, updated_at)
                values (?, 'FOLLOW', now() - interval '1 hour', 'FIRST_TOUCH', 2592000, 0, now(), now())
                returning id""")) {
            insert.setString(1, name);
            campaign = single(insert);
        }
        try (PreparedStatement insert = jdbc.prepareStatement("""
                insert into referral.sharer (kind, external_id, name, created_at, updated_at)
                select 'EMPLOYEE', ? || '-' || n, '测试员工' || n, now(), now() from generate_series(1, ?) n""")) {
            insert.setString(1, tag);
            insert.setInt(2, sharers);
            insert.executeUpdate();
        }
        List<String> scenes = new ArrayList<>();
        try (PreparedStatement insert = jdbc.prepareStatement("""
                insert into referral.share_link (campaign_id, sharer_id, advocate_sharer_id, token, created_at)
                select ?, s.id, s.id, s.external_id || '-link', now() from referral.sharer s
                 where s.external_id like ? || '-%'
                returning id""")) {
            insert.setLong(1, campaign);
            insert.setString(2, tag);
            try (ResultSet links = insert.executeQuery()) {
                while (links.next()) {
                    scenes.add("c" + Long.toString(campaign, 36) + "_" + Long.toString(links.getLong(1), 36));
                }
            }
        }
        return new BenchCampaign(campaign, List.copyOf(scenes));
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
