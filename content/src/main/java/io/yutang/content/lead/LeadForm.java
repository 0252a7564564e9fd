package io.yutang.content.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * What an asset's gate submits.
 *
 * @param answers field key → value, for the fields the gate asks
 * @param delivery the required box: contact me about this download
 * @param marketing the optional box for marketing messages (ignored when the asset does not ask)
 * @param sharing the optional box for sharing the lead with the CRM or the partner (likewise)
 * @param shareToken the share link's token the page was opened with ({@code st}), if any
 */
public record LeadForm(@Size(max = 20) Map<String, String> answers, boolean delivery, boolean marketing, boolean sharing,
        @Size(max = 64) String shareToken) {

    /** A box the page did not send is not ticked. */
    @JsonCreator
    static LeadForm of(@JsonProperty("answers") Map<String, String> answers, @JsonProperty("delivery") Boolean delivery,
            @JsonProperty("marketing") Boolean marketing, @JsonProperty("sharing") Boolean sharing,
            @JsonProperty("shareToken") String shareToken) {
        return new LeadForm(answers, Boolean.TRUE.equals(delivery), Boolean.TRUE.equals(marketing), Boolean.TRUE.equals(sharing),
                shareToken);
    }

    @Override
    public String toString() {
        return "LeadForm[fields=" + (answers == null ? 0 : answers.size()) + ", delivery=" + delivery + ", marketing="
                + marketing + ", sharing=" + sharing + "]";
    }
}
