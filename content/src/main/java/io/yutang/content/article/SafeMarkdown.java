package io.yutang.content.article;

import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * An article's Markdown as pages show it: rendered by CommonMark (raw HTML allowed through, link
 * addresses sanitised), then cleaned by jsoup's relaxed safelist, so no script, style, event
 * handler, frame or {@code javascript:} address survives, links open with {@code rel="nofollow noopener"},
 * and images come only from the article's own uploads or an https address.
 */
final class SafeMarkdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().sanitizeUrls(true).build();
    /** Relative addresses are resolved against this only to be checked; they stay relative in the result. */
    private static final String BASE = "https://article.invalid/";

    private SafeMarkdown() {
    }

    /** The sanitised HTML of {@code markdown}, for the article {@code articleId}. */
    static String render(long articleId, String markdown) {
        String html = RENDERER.render(PARSER.parse(markdown));
        Safelist safelist = Safelist.relaxed()
                .removeProtocols("img", "src", "http")
                .addAttributes("a", "rel")
                .preserveRelativeLinks(true);
        Document dirty = Jsoup.parseBodyFragment(html, BASE);
        Document clean = new Cleaner(safelist).clean(dirty);
        Pattern own = ownImages(articleId);
        for (Element image : clean.select("img")) {
            String src = image.attr("src");
            if (!(src.startsWith("https://") || own.matcher(src).matches())) {
                image.remove();
            }
        }
        clean.select("a[href]").attr("rel", "nofollow noopener");
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /** Whether {@code url} may be an article's cover: one of its images, or an https address. */
    static boolean coverAllowed(long articleId, String url) {
        return ownImages(articleId).matcher(url).matches() || url.startsWith("https://") && !url.contains("\"");
    }

    private static Pattern ownImages(long articleId) {
        return Pattern.compile("/c/articles/" + articleId + "/images/[A-Za-z0-9_-]{8,64}\\.(png|jpg|gif|webp)");
    }
}
