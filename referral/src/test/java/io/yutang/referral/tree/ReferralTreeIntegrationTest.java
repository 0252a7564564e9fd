package io.yutang.referral.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.referral.Sharer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import io.yutang.referral.testing.ReferralSlice;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The referral tree a marketer sees, built from real follows: an employee brings in two prospects,
 * one of them shares onwards to two more, and one of those to a fifth.
 *
 * <pre>
 *   王销售 ─┬─ 张三 ─┬─ 王五 ── 钱七
 *           │        └─ 赵六
 *           └─ 李四
 * </pre>
 */
class ReferralTreeIntegrationTest {

    static final Instant NOW = ReferralSlice.START;

    ReferralFixtures referral;
    Campaign campaign;
    Sharer wang;
    Person zhang;
    Person li;
    Person wangWu;
    Person zhao;
    Person qian;

    @BeforeEach
    void aChainFiveDeep() {
        referral = ReferralFixtures.onSharedSlice();
        campaign = referral.campaign("关注有礼").create();
        wang = referral.employee("王销售").department("华东大区").create();
        zhang = referral.person("张三");
        li = referral.person("李四");
        wangWu = referral.person("王五");
        zhao = referral.person("赵六");
        qian = referral.person("钱七");
        zhang.followsThrough(referral.shareLink(campaign, wang), NOW.minus(Duration.ofDays(5)));
        li.followsThrough(referral.shareLink(campaign, wang), NOW.minus(Duration.ofDays(4)));
        wangWu.followsThrough(referral.shareLinkOf(campaign, zhang), NOW.minus(Duration.ofDays(3)));
        zhao.followsThrough(referral.shareLinkOf(campaign, zhang), NOW.minus(Duration.ofDays(2)));
        qian.followsThrough(referral.shareLinkOf(campaign, wangWu), NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void anAdvocatesSubtreeCountsEveryDepthBelowThem() {
        StepVerifier.create(referral.tree().subtreeOfSharer(campaign.id(), wang.id()))
                .assertNext(subtree -> {
                    assertThat(subtree.owner()).isEqualTo("s" + wang.id());
                    assertThat(subtree.total()).isEqualTo(5);
                    assertThat(subtree.direct()).isEqualTo(2);
                    assertThat(subtree.byDepth()).extracting(Subtree.Level::depth, Subtree.Level::contacts)
                            .containsExactly(tuple(1, 2L), tuple(2, 2L), tuple(3, 1L));
                })
                .verifyComplete();
    }

    @Test
    void aSharingProspectsSubtreeIsTheirBranchCountedFromThem() {
        Sharer zhangAsSharer = referral.sharerOf(zhang);

        StepVerifier.create(referral.tree().subtreeOfSharer(campaign.id(), zhangAsSharer.id()))
                .assertNext(subtree -> {
                    assertThat(subtree.total()).isEqualTo(3);
                    assertThat(subtree.direct()).isEqualTo(2);
                    assertThat(subtree.byDepth()).extracting(Subtree.Level::depth, Subtree.Level::contacts)
                            .containsExactly(tuple(1, 2L), tuple(2, 1L));
                })
                .verifyComplete();
    }

    @Test
    void thePathRunsFromTheRootAdvocateDownToTheContact() {
        StepVerifier.create(referral.tree().pathTo(campaign.id(), qian.contact()))
                .assertNext(path -> assertThat(path.nodes())
                        .extracting(TreeNode::id, TreeNode::role, TreeNode::label, TreeNode::depth)
                        .containsExactly(
                                tuple("s" + wang.id(), "EMPLOYEE", "王销售", 0),
                                tuple(zhang.node(), "SHARER", null, 1),
                                tuple(wangWu.node(), "SHARER", null, 2),
                                tuple(qian.node(), "CONTACT", null, 3)))
                .verifyComplete();
    }

    @Test
    void aProspectSharingOnwardsIsTheParentOfThoseTheyBringOneLevelDeeper() {
        StepVerifier.create(referral.tree().tree(campaign.id()))
                .assertNext(tree -> {
                    assertThat(tree.truncated()).isFalse();
                    assertThat(tree.edges()).extracting(TreeEdge::from, TreeEdge::to).containsExactly(
                            tuple("s" + wang.id(), zhang.node()),
                            tuple("s" + wang.id(), li.node()),
                            tuple(zhang.node(), wangWu.node()),
                            tuple(zhang.node(), zhao.node()),
                            tuple(wangWu.node(), qian.node()));
                    assertThat(tree.nodes()).filteredOn(node -> node.id().equals(zhang.node())).singleElement()
                            .satisfies(node -> {
                                assertThat(node.depth()).isEqualTo(1);
                                assertThat(node.children()).isEqualTo(2);
                                assertThat(node.descendants()).isEqualTo(3);
                            });
                    assertThat(tree.nodes()).filteredOn(node -> node.id().equals(qian.node()))
                            .extracting(TreeNode::depth, TreeNode::role).containsExactly(tuple(3, "CONTACT"));
                })
                .verifyComplete();
        assertThat(qian.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.referrerSharerId()).as("the prospect who shared").isEqualTo(referral.sharerOf(wangWu).id());
            assertThat(decision.advocateSharerId()).as("the employee at the root").isEqualTo(wang.id());
        });
    }

    @Test
    void aContactStaysWhereTheyWereFirstBroughtIn() {
        Sharer li2 = referral.employee("李销售").create();
        zhao.opens(referral.shareLink(campaign, li2), NOW);
        zhang.opens(referral.shareLinkOf(campaign, qian), NOW);

        StepVerifier.create(referral.tree().pathTo(campaign.id(), zhao.contact()))
                .assertNext(path -> assertThat(path.nodes()).extracting(TreeNode::id)
                        .containsExactly("s" + wang.id(), zhang.node(), zhao.node()))
                .verifyComplete();
        StepVerifier.create(referral.tree().pathTo(campaign.id(), zhang.contact()))
                .as("someone above a sharer is never hung below them")
                .assertNext(path -> assertThat(path.nodes()).extracting(TreeNode::id)
                        .containsExactly("s" + wang.id(), zhang.node()))
                .verifyComplete();
        StepVerifier.create(referral.tree().subtreeOfSharer(campaign.id(), li2.id()))
                .assertNext(subtree -> assertThat(subtree.total()).isZero())
                .verifyComplete();
    }

    @Test
    void aProspectWhoGaveTheirNameOnAFormIsShownByThatNameInTheTreeThePathAndTheExport() {
        Campaign webinar = referral.campaign("直播报名").forALiveEvent().create();
        Person sun = referral.person("微信昵称");
        sun.followsThrough(referral.shareLink(webinar, wang), NOW.minus(Duration.ofHours(2)));
        sun.registersFor(webinar, NOW.minus(Duration.ofHours(1)), "孙先生", "星海科技");

        StepVerifier.create(referral.tree().tree(webinar.id()))
                .assertNext(tree -> assertThat(tree.nodes()).filteredOn(node -> node.id().equals(sun.node()))
                        .extracting(TreeNode::label).containsExactly("孙先生"))
                .verifyComplete();
        StepVerifier.create(referral.tree().pathTo(webinar.id(), sun.contact()))
                .assertNext(path -> assertThat(path.nodes()).last().extracting(TreeNode::label).isEqualTo("孙先生"))
                .verifyComplete();
        StepVerifier.create(referral.tree().exportCsv(webinar.id()).collectList())
                .assertNext(lines -> assertThat(String.join("", lines)).contains("\"孙先生\"").doesNotContain("微信昵称"))
                .verifyComplete();
    }
}
