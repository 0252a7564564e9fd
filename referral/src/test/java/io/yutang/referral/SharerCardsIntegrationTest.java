package io.yutang.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The card a page shows for a share token, over the real PostgreSQL: the employee's own with her
 * QR code, the owning advocate's for a prospect's onward link, and none for unknown tokens or
 * ended campaigns.
 */
class SharerCardsIntegrationTest {

    ReferralFixtures referral;
    SharerCards cards;

    @BeforeEach
    void fixtures() {
        referral = ReferralFixtures.onSharedSlice();
        cards = referral.slice().bean(SharerCards.class);
    }

    @Test
    void anEmployeesLinkShowsHerCardWithTheQrCodeOfHerOwnLink() {
        Sharer li = referral.employee("李娜").title("大客户经理").department("华东销售部").create();
        Campaign campaign = referral.campaign("文章推广").forArticle(7).create();
        ShareLink link = referral.shareLink(campaign, li);

        StepVerifier.create(cards.ofShareToken(link.token()))
                .assertNext(card -> {
                    assertThat(card.shown().name()).isEqualTo("李娜");
                    assertThat(card.shown().title()).isEqualTo("大客户经理");
                    assertThat(card.shown().department()).isEqualTo("华东销售部");
                    assertThat(card.qrImage().toString())
                            .startsWith("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=ticket-c");
                })
                .verifyComplete();
    }

    @Test
    void aProspectsOnwardLinkShowsTheCardOfTheRepWhoOwnsTheBranch() {
        Sharer rep = referral.employee("王强").department("华南销售部").create();
        Campaign campaign = referral.campaign("文章转发").forArticle(8).create();
        ShareLink repLink = referral.shareLink(campaign, rep);
        Person prospect = referral.person("张女士");
        prospect.opens(repLink, referral.slice().clock().instant());
        ShareLink onward = referral.shareLinkOf(campaign, prospect);

        SharerCard repCard = ReferralFixtures.await(cards.ofShareToken(repLink.token()));

        StepVerifier.create(cards.ofShareToken(onward.token()))
                .assertNext(card -> {
                    assertThat(card.sharer().kind()).isEqualTo(SharerKind.PROSPECT);
                    assertThat(card.shown().name()).isEqualTo("王强");
                    assertThat(card.shown().department()).isEqualTo("华南销售部");
                    assertThat(card.qrImage()).as("the rep's own code, so a scan credits him").isNotNull()
                            .isEqualTo(repCard.qrImage());
                })
                .verifyComplete();
    }

    @Test
    void unknownTokensAndEndedCampaignsHaveNoCardButReportsStillResolveThem() {
        Sharer rep = referral.employee("赵敏").create();
        Instant now = referral.slice().clock().instant();
        Campaign ended = referral.campaign("已结束").forArticle(9).running(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(1)))
                .create();
        ShareLink link = referral.shareLink(ended, rep);

        StepVerifier.create(cards.ofShareToken(link.token())).verifyComplete();
        StepVerifier.create(cards.ofShareToken("AAAAAAAAAAAAAAAAAAAAAA")).verifyComplete();
        StepVerifier.create(cards.ofShareToken("<script>")).verifyComplete();
        StepVerifier.create(cards.ofShareTokens(List.of(link.token(), "AAAAAAAAAAAAAAAAAAAAAA")).map(card -> card.shown().name()))
                .expectNext("赵敏").verifyComplete();
    }
}
