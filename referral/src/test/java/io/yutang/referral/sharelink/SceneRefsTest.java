package io.yutang.referral.sharelink;

import static org.assertj.core.api.Assertions.assertThat;

import io.yutang.referral.sharelink.SceneRefs.Ref;
import org.junit.jupiter.api.Test;

class SceneRefsTest {

    @Test
    void aSceneNamesItsCampaignAndLinkWhateverLettersTheirIdsHold() {
        // 21 is "l" in base 36, 757 is "l1": the letter that separated the ids in the earlier format.
        assertThat(SceneRefs.of(2, 757)).isEqualTo("c2_l1");
        assertThat(SceneRefs.candidates(SceneRefs.of(2, 757))).containsExactly(new Ref(2, 757));
        assertThat(SceneRefs.candidates(SceneRefs.of(21, 21))).containsExactly(new Ref(21, 21));
        assertThat(SceneRefs.candidates(SceneRefs.of(1, 1))).containsExactly(new Ref(1, 1));
    }

    @Test
    void anEarlierFormatSceneYieldsEveryReadingWhenAnIdHeldAnL() {
        assertThat(SceneRefs.candidates("c1l5")).containsExactly(new Ref(1, 5));
        assertThat(SceneRefs.candidates("c2ll1")).containsExactly(new Ref(2, 757), new Ref(2 * 36 + 21, 1));
    }

    @Test
    void scenesOfOtherCodesNameNothing() {
        assertThat(SceneRefs.candidates(null)).isEmpty();
        assertThat(SceneRefs.candidates("c1-r42")).isEmpty();
        assertThat(SceneRefs.candidates("trade-show-booth")).isEmpty();
        assertThat(SceneRefs.candidates("c0_1")).as("no id has a leading zero").isEmpty();
        assertThat(SceneRefs.candidates("cl")).isEmpty();
        assertThat(SceneRefs.candidates("c" + "z".repeat(13) + "_1")).as("more than a long holds").isEmpty();
    }
}
