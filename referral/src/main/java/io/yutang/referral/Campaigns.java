package io.yutang.referral;

import io.yutang.referral.campaign.CampaignWelcomes;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Referral's façade for campaigns as other modules need them: the welcome reply of a scanned code. */
@Service
public class Campaigns {

    private final CampaignWelcomes welcomes;

    Campaigns(CampaignWelcomes welcomes) {
        this.welcomes = welcomes;
    }

    /**
     * The welcome reply of the campaign whose QR code reported {@code scene}, from memory (no I/O,
     * for WeChat's passive reply); empty for the default reply.
     */
    public Optional<String> welcomeReplyFor(String scene) {
        return welcomes.forScene(scene);
    }
}
