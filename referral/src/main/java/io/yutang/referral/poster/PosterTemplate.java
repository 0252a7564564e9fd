package io.yutang.referral.poster;

import java.time.Instant;

/** One immutable version of an uploaded template (its background is kept apart, in PostgreSQL). */
record PosterTemplate(long id, String name, int version, int width, int height, PosterLayout placements,
        Instant createdAt) {
}
