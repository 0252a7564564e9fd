package io.yutang.content.score;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A new set of scoring rules, replacing the current one as its next version. */
public record ScoreRuleDraft(@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid ScoreRule> rules) {
}
