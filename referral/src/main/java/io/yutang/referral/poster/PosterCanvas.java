package io.yutang.referral.poster;

import java.awt.image.BufferedImage;

/**
 * What a poster is drawn on: its size, where things go, and the template's decoded background,
 * or none for the built-in poster's drawn gradient.
 */
record PosterCanvas(int width, int height, PosterLayout layout, BufferedImage background) {

    static final PosterCanvas BUILT_IN = new PosterCanvas(750, 1334, PosterLayout.BUILT_IN, null);
}
