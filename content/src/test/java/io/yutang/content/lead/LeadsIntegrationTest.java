package io.yutang.content.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.content.asset.Asset;
import io.yutang.content.asset.UnknownAsset;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.Disclosure;
import io.yutang.referral.ConsentPurpose;
import io.yutang.referral.ConsentRecord;
import io.yutang.referral.Consents;
import io.yutang.referral.ConversionKind;
import io.yutang.referral.Sharer;
import io.yutang.referral.Viewer;
import io.yutang.referral.campaign.Campaign;
import io.yutang.referral.consent.ConsentLedger;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.testing.Person;
import io.yutang.referral.testing.ReferralFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

/**
 * Passing a gated asset's gate over the real PostgreSQL: one lead per (asset, contact), each
 * consent box its own decision in referral's ledger with the exact text, errors in the prospect's
 * words, and the lead credited to the sharer whose link brought the prospect, with the rep told.
 */
class LeadsIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Map<String, String> ANSWERS = Map.of("name", "李女士", "company", "鱼塘科技", "phone", "13800138000");

    ContentFixtures content;

    @BeforeEach
    void fixtures() {
        content = ContentFixtures.onSharedSlice();
    }

    @Test
    void theSameFormTwiceIsOneLeadAndItsConsentsAreRecordedOnce() {
        Asset asset = content.whitepaper("数字化营销白皮书");
        Person li = content.referral().person("李女士");
        Viewer viewer = new Viewer(li.contact(), li.user());
        LeadForm form = new LeadForm(ANSWERS, true, false, true, null);

        LeadReceipt first = ReferralFixtures.await(content.leads().submit(asset.id(), viewer, form));
        LeadReceipt again = ReferralFixtures.await(content.leads().submit(asset.id(), viewer, form));

        assertThat(again.leadId()).isEqualTo(first.leadId());
        assertThat(content.leads().ofAsset(asset.id(), Disclosure.MASKED).collectList().block(WAIT))
                .singleElement()
                .satisfies(lead -> assertThat(lead.answers()).containsEntry("name", "李女士").containsEntry("phone", "138****8000"));
        List<ConsentRecord> ledger = content.bean(Consents.class).history(li.contact()).collectList().block(WAIT);
        assertThat(ledger).extracting(ConsentRecord::purpose, ConsentRecord::scope, ConsentRecord::text, ConsentRecord::given,
                        ConsentRecord::source)
                .containsExactly(
                        tuple(ConsentPurpose.CONTENT_DELIVERY, "asset:" + asset.id(), "同意就本资料与我联系", true, "page:/c/assets/" + asset.id()),
                        tuple(ConsentPurpose.MARKETING, "", "同意接收营销信息", false, "page:/c/assets/" + asset.id()),
                        tuple(ConsentPurpose.CRM_SHARING, "", "同意将我的信息分享给推荐我的伙伴及 CRM", true, "page:/c/assets/" + asset.id()));
        assertThat(ledger.get(0).textHash()).isEqualTo(ConsentLedger.sha256("同意就本资料与我联系"));
    }

    @Test
    void aChangedMindIsANewDecisionAndTheLatestCounts() {
        Asset asset = content.whitepaper("私域运营手册");
        Person wang = content.referral().person("王先生");
        Viewer viewer = new Viewer(wang.contact(), wang.user());
        Consents consents = content.bean(Consents.class);

        ReferralFixtures.await(content.leads().submit(asset.id(), viewer, new LeadForm(ANSWERS, true, true, false, null)));
        assertThat(ReferralFixtures.await(consents.given(wang.contact(), ConsentPurpose.MARKETING, ""))).isTrue();
        ReferralFixtures.await(content.leads().submit(asset.id(), viewer, new LeadForm(ANSWERS, true, false, false, null)));

        assertThat(ReferralFixtures.await(consents.given(wang.contact(), ConsentPurpose.MARKETING, ""))).isFalse();
        assertThat(ReferralFixtures.await(consents.given(wang.contact(), ConsentPurpose.CRM_SHARING, ""))).isFalse();
        assertThat(consents.history(wang.contact()).filter(r -> r.purpose() == ConsentPurpose.MARKETING)
                .map(ConsentRecord::given).collectList().block(WAIT)).containsExactly(true, false);
    }

    @Test
    void missingAnswersAndTheRequiredConsentAreRefusedInTheProspectsWords() {
        Asset asset = content.whitepaper("客户案例集");
        Person zhao = content.referral().person("赵女士");

        assertThatThrownBy(() -> ReferralFixtures.await(content.leads().submit(asset.id(), new Viewer(zhao.contact(), zhao.user()),
                new LeadForm(Map.of("name", "赵女士", "phone", "12345"), false, true, true, null))))
                .isInstanceOfSatisfying(InvalidLead.class, invalid -> assertThat(invalid.getBody().getProperties().get("errors"))
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .extracting("field", "reason")
                        .containsExactly(tuple("company", "请填写公司"), tuple("phone", "请填写11位手机号"),
                                tuple("delivery", "请先阅读并同意隐私说明")));
        assertThat(content.leads().ofAsset(asset.id(), Disclosure.MASKED).count().block(WAIT)).isZero();
        assertThat(content.bean(Consents.class).history(zhao.contact()).count().block(WAIT))
                .as("nothing recorded for a refused form").isZero();
    }

    @Test
    void aDraftAssetHasNoGate() {
        Asset draft = ReferralFixtures.await(content.assets().create(ContentFixtures.draft("草稿", io.yutang.content.asset.AssetStatus.DRAFT)));
        Person qian = content.referral().person("钱先生");

        assertThatThrownBy(() -> ReferralFixtures.await(content.leads().submit(draft.id(), new Viewer(qian.contact(), qian.user()),
                new LeadForm(ANSWERS, true, false, false, null))))
                .isInstanceOf(UnknownAsset.class)
                .extracting(failure -> ((ErrorResponseException) failure).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void theLeadIsCreditedToTheSharerWhoseLinkBroughtTheProspectAndTheRepIsTold() {
        Asset asset = content.whitepaper("增长白皮书");
        ReferralFixtures referral = content.referral();
        Person repPerson = referral.person("王销售");
        Sharer rep = referral.employee("王销售").boundTo(repPerson).create();
        Campaign campaign = referral.campaign("白皮书推广").forAsset(asset.id()).create();
        ShareLink link = referral.shareLink(campaign, rep);
        Person prospect = referral.person("孙女士");
        prospect.opens(link, content.clock().instant());

        ReferralFixtures.await(content.leads().submit(asset.id(), new Viewer(prospect.contact(), prospect.user()),
                new LeadForm(Map.of("name", "孙女士", "company", "星河制造", "phone", "13900139000"), true, false, false, link.token())));

        assertThat(prospect.decisions()).filteredOn(decision -> decision.kind() == ConversionKind.LEAD)
                .singleElement()
                .satisfies(decision -> {
                    assertThat(decision.credited()).isTrue();
                    assertThat(decision.referrerSharerId()).isEqualTo(rep.id());
                    assertThat(decision.referrer().name()).isEqualTo("王销售");
                });
        assertThat(content.db().sql("select count(*) as n from referral.rep_signal where sharer_id = :rep")
                .bind("rep", rep.id()).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5)))
                .as("the rep's digest hears of the lead").isEqualTo(1L);
        assertThat(content.leads().ofAsset(asset.id(), Disclosure.MASKED).blockFirst(WAIT).credited()).isTrue();
    }
}
