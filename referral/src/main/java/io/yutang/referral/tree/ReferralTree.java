package io.yutang.referral.tree;

import io.yutang.referral.ContactId;
import io.yutang.referral.csv.Csv;
import io.yutang.referral.campaign.CampaignStore;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.Disclosure;
import io.yutang.referral.sharer.UnknownSharer;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Referral's façade for the referral tree (星空图): a campaign's tree, one sharer's subtree with
 * counts per depth, the path from the root to a contact, and a streamed export of any size.
 */
@Service
public class ReferralTree {

    /** The most edges the tree endpoint returns; the export streams any number. */
    public static final int TREE_LIMIT = 5_000;
    private static final int EXPORT_FETCH = 1_000;
    /** The name each contact last gave on a form in this campaign (a registration), where they gave one. */
    private static final String FORM_NAMES = """
            select distinct on (contact_id) contact_id, prospect_name from referral.conversion
             where campaign_id = :campaign and prospect_name is not null
             order by contact_id, id desc""";
    private static final String FORM_NAMES_JOIN = " left join (" + FORM_NAMES + ") n on n.contact_id = e.contact_id\n";

    private record Row(long contact, Long parent, long advocate, int depth, String channel, Instant at, String nickname) {
    }

    /** One edge of the JSON export, as Jackson writes it. */
    record ExportedEdge(String contact, String from, long advocateSharerId, int depth, String channel, String at,
            String nickname) {
    }

    private final DatabaseClient db;
    private final CampaignStore campaigns;
    private final JsonMapper json;

    ReferralTree(DatabaseClient db, CampaignStore campaigns, JsonMapper json) {
        this.db = db;
        this.campaigns = campaigns;
        this.json = json;
    }

    /** The campaign's tree, shallowest edges first, at most {@link #TREE_LIMIT} edges. */
    public Mono<CampaignTree> tree(long campaignId) {
        return campaigns.find(campaignId)
                .thenMany(db.sql("""
                                select e.contact_id, e.parent_contact_id, e.advocate_sharer_id, e.depth, e.channel, e.created_at,
                                       coalesce(n.prospect_name, c.nickname) as nickname
                                  from referral.tree_edge e join referral.contact c on c.id = e.contact_id
                                """ + FORM_NAMES_JOIN + """
                                 where e.campaign_id = :campaign
                                 order by e.depth, e.created_at, e.contact_id
                                 limit :limit""")
                        .bind("campaign", campaignId)
                        .bind("limit", TREE_LIMIT + 1)
                        .map(ReferralTree::row)
                        .all())
                .collectList()
                .flatMap(rows -> {
                    boolean truncated = rows.size() > TREE_LIMIT;
                    List<Row> kept = truncated ? rows.subList(0, TREE_LIMIT) : rows;
                    return assemble(campaignId, kept, truncated);
                });
    }

    /** Everything a sharer brought in, by depth: an employee's or partner's whole chain, or a prospect's branch. */
    public Mono<Subtree> subtreeOfSharer(long campaignId, long sharerId) {
        return campaigns.find(campaignId)
                .then(db.sql("select kind, contact_id, name from referral.sharer where id = :id")
                        .bind("id", sharerId)
                        .map(row -> new Object[] {row.get("kind", String.class), row.get("contact_id", Long.class)})
                        .one())
                .switchIfEmpty(Mono.error(UnknownSharer::new))
                .flatMap(sharer -> "PROSPECT".equals(sharer[0])
                        ? branch(campaignId, (Long) sharer[1], "s" + sharerId)
                        : levels(campaignId, "s" + sharerId, """
                                select depth, count(*) as n, count(*) filter (where referrer_sharer_id = :sharer) as direct
                                  from referral.tree_edge
                                 where campaign_id = :campaign and advocate_sharer_id = :sharer
                                 group by depth order by depth""", spec -> spec.bind("sharer", sharerId)));
    }

    /** Everything the sharers of one partner company brought in, by depth. */
    public Mono<Subtree> subtreeOfCompany(long campaignId, String company) {
        return campaigns.find(campaignId).then(levels(campaignId, company, """
                select e.depth, count(*) as n, count(*) filter (where e.referrer_sharer_id = e.advocate_sharer_id) as direct
                  from referral.tree_edge e join referral.sharer a on a.id = e.advocate_sharer_id
                 where e.campaign_id = :campaign and a.kind = 'PARTNER' and a.company = :company
                 group by e.depth order by e.depth""", spec -> spec.bind("company", company)));
    }

    /** The chain from the root advocate down to the contact; empty when the contact is not in the tree. */
    public Mono<TreePath> pathTo(long campaignId, ContactId contact) {
        return db.sql("""
                        select e.advocate_sharer_id, a.kind, a.name, e.path, e.depth from referral.tree_edge e
                          join referral.sharer a on a.id = e.advocate_sharer_id
                         where e.campaign_id = :campaign and e.contact_id = :contact""")
                .bind("campaign", campaignId)
                .bind("contact", contact.value())
                .map(row -> new Object[] {row.get("advocate_sharer_id", Long.class), row.get("kind", String.class),
                        row.get("name", String.class), row.get("path", Long[].class)})
                .one()
                .flatMap(found -> {
                    Long[] path = (Long[]) found[3];
                    List<Long> chain = new ArrayList<>(List.of(path));
                    chain.add(contact.value());
                    List<TreeNode> nodes = new ArrayList<>();
                    boolean prospectRoot = "PROSPECT".equals(found[1]) && path.length > 0;
                    if (!prospectRoot) {
                        nodes.add(new TreeNode("s" + found[0], (String) found[1], (String) found[2], 0, 0, 0));
                    }
                    return db.sql("""
                                    select c.id, coalesce((select v.prospect_name from referral.conversion v
                                                            where v.contact_id = c.id and v.campaign_id = :campaign
                                                              and v.prospect_name is not null
                                                            order by v.id desc limit 1), c.nickname) as nickname
                                      from referral.contact c where c.id = any(:ids)""")
                            .bind("ids", chain.toArray(Long[]::new))
                            .bind("campaign", campaignId)
                            .map(row -> Map.entry(row.get("id", Long.class), String.valueOf(row.get("nickname", String.class))))
                            .all()
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                            .map(names -> {
                                for (int i = 0; i < chain.size(); i++) {
                                    long id = chain.get(i);
                                    int depth = prospectRoot ? i : i + 1;
                                    String role = i == 0 && prospectRoot ? "PROSPECT" : i < chain.size() - 1 ? "SHARER" : "CONTACT";
                                    String name = names.get(id);
                                    nodes.add(new TreeNode("c" + id, role, "null".equals(name) ? null : name, depth, 0, 0));
                                }
                                return new TreePath(campaignId, nodes);
                            });
                });
    }

    /**
     * The whole tree as CSV lines (header first), streamed from the database a page at a time so
     * memory stays flat whatever the tree's size.
     */
    public Flux<String> exportCsv(long campaignId) {
        return exportCsv(campaignId, Disclosure.FULL, null);
    }

    /**
     * The export of {@link #exportCsv(long)} with nicknames as {@code disclosure} may see them,
     * each person counted by {@code tally} (when given) as their line passes.
     */
    public Flux<String> exportCsv(long campaignId, Disclosure disclosure, AuditTrail.Tally tally) {
        return campaigns.find(campaignId).thenMany(Flux.concat(
                Flux.just("contact_id,parent,advocate_sharer_id,depth,channel,brought_in_at,nickname\n"),
                counted(exportRows(campaignId), tally).map(row -> Csv.line(row.contact(), from(row), row.advocate(), row.depth(), row.channel(),
                        DateTimeFormatter.ISO_INSTANT.format(row.at()), disclosure.name(row.nickname())))));
    }

    /** The whole tree as a JSON array of edges, streamed like {@link #exportCsv}. */
    public Flux<String> exportJson(long campaignId) {
        return exportJson(campaignId, Disclosure.FULL, null);
    }

    /** The export of {@link #exportJson(long)} with nicknames as {@code disclosure} may see them, counted as the CSV's. */
    public Flux<String> exportJson(long campaignId, Disclosure disclosure, AuditTrail.Tally tally) {
        return campaigns.find(campaignId).thenMany(Flux.concat(
                Flux.just("["),
                counted(exportRows(campaignId), tally).index().map(indexed -> {
                    Row row = indexed.getT2();
                    return (indexed.getT1() == 0 ? "" : ",") + json.writeValueAsString(new ExportedEdge("c" + row.contact(),
                            from(row), row.advocate(), row.depth(), row.channel(), DateTimeFormatter.ISO_INSTANT.format(row.at()),
                            disclosure.name(row.nickname()))) + "\n";
                }),
                Flux.just("]")));
    }

    private static Flux<Row> counted(Flux<Row> rows, AuditTrail.Tally tally) {
        return tally == null ? rows : tally.count(rows);
    }

    private Flux<Row> exportRows(long campaignId) {
        return db.sql("""
                        select e.contact_id, e.parent_contact_id, e.advocate_sharer_id, e.depth, e.channel, e.created_at,
                                       coalesce(n.prospect_name, c.nickname) as nickname
                          from referral.tree_edge e join referral.contact c on c.id = e.contact_id
                                """ + FORM_NAMES_JOIN + """
                         where e.campaign_id = :campaign""")
                .bind("campaign", campaignId)
                .filter((statement, next) -> next.execute(statement.fetchSize(EXPORT_FETCH)))
                .map(ReferralTree::row)
                .all();
    }

    private Mono<Subtree> branch(long campaignId, Long contactId, String owner) {
        if (contactId == null) {
            return Mono.just(new Subtree(campaignId, owner, 0, 0, List.of()));
        }
        return levels(campaignId, owner, """
                select e.depth - coalesce((select depth from referral.tree_edge o
                                            where o.campaign_id = :campaign and o.contact_id = :contact), 0) as depth,
                       count(*) as n, count(*) filter (where e.parent_contact_id = :contact) as direct
                  from referral.tree_edge e
                 where e.campaign_id = :campaign and e.path @> array[:contact]::bigint[]
                 group by e.depth order by e.depth""", spec -> spec.bind("contact", contactId));
    }

    private Mono<Subtree> levels(long campaignId, String owner, String sql,
            java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> binder) {
        return binder.apply(db.sql(sql).bind("campaign", campaignId))
                .map(row -> new Object[] {row.get("depth", Integer.class), row.get("n", Long.class), row.get("direct", Long.class)})
                .all()
                .collectList()
                .map(rows -> {
                    List<Subtree.Level> levels = new ArrayList<>();
                    long total = 0;
                    long direct = 0;
                    for (Object[] r : rows) {
                        levels.add(new Subtree.Level((Integer) r[0], (Long) r[1]));
                        total += (Long) r[1];
                        direct += (Long) r[2];
                    }
                    return new Subtree(campaignId, owner, total, direct, levels);
                });
    }

    private Mono<CampaignTree> assemble(long campaignId, List<Row> rows, boolean truncated) {
        Long[] contacts = rows.stream().map(Row::contact).toArray(Long[]::new);
        Mono<Map<Long, Long>> descendants = db.sql("""
                        select p, count(*) as n from referral.tree_edge e, unnest(e.path) p
                         where e.campaign_id = :campaign group by p""")
                .bind("campaign", campaignId)
                .map(row -> Map.entry(row.get("p", Long.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<Long, Object[]>> advocates = db.sql("""
                        select a.id, a.kind, a.name, count(*) as n, count(*) filter (where e.parent_contact_id is null) as direct
                          from referral.tree_edge e join referral.sharer a on a.id = e.advocate_sharer_id
                         where e.campaign_id = :campaign group by a.id, a.kind, a.name""")
                .bind("campaign", campaignId)
                .map(row -> Map.entry(row.get("id", Long.class), new Object[] {row.get("kind", String.class),
                        row.get("name", String.class), row.get("n", Long.class), row.get("direct", Long.class)}))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(descendants, advocates).map(counts -> {
            Map<Long, Long> below = counts.getT1();
            Map<Long, Long> children = new HashMap<>();
            rows.forEach(r -> {
                if (r.parent() != null) {
                    children.merge(r.parent(), 1L, Long::sum);
                }
            });
            Map<String, TreeNode> nodes = new LinkedHashMap<>();
            List<TreeEdge> edges = new ArrayList<>();
            java.util.Set<Long> inTree = new java.util.HashSet<>(List.of(contacts));
            for (Row r : rows) {
                if (r.parent() == null) {
                    Object[] a = counts.getT2().get(r.advocate());
                    nodes.computeIfAbsent("s" + r.advocate(), id -> new TreeNode(id, (String) a[0], (String) a[1], 0,
                            (Long) a[3], (Long) a[2]));
                } else if (!inTree.contains(r.parent())) {
                    nodes.computeIfAbsent("c" + r.parent(), id -> new TreeNode(id, "PROSPECT", null, 0,
                            children.getOrDefault(r.parent(), 0L), below.getOrDefault(r.parent(), 0L)));
                }
                long kids = children.getOrDefault(r.contact(), 0L);
                nodes.put("c" + r.contact(), new TreeNode("c" + r.contact(), kids > 0 ? "SHARER" : "CONTACT", r.nickname(),
                        r.depth(), kids, below.getOrDefault(r.contact(), 0L)));
                edges.add(new TreeEdge(from(r), "c" + r.contact(), r.at(), r.channel()));
            }
            return new CampaignTree(campaignId, List.copyOf(nodes.values()), edges, truncated);
        });
    }

    private static String from(Row row) {
        return row.parent() == null ? "s" + row.advocate() : "c" + row.parent();
    }

    private static Row row(Readable row) {
        return new Row(row.get("contact_id", Long.class), row.get("parent_contact_id", Long.class),
                row.get("advocate_sharer_id", Long.class), row.get("depth", Integer.class), row.get("channel", String.class),
                row.get("created_at", Instant.class), row.get("nickname", String.class));
    }

}
