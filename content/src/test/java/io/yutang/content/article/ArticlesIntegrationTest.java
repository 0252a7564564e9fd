package io.yutang.content.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.yutang.content.storage.ObjectStore;
import io.yutang.content.testing.ContentFixtures;
import io.yutang.referral.testing.ReferralFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Articles over the real PostgreSQL: marketing's mistakes named field by field, the Markdown
 * rendered once and sanitised so nothing executable reaches a page, and images taken only when
 * they are the images they claim to be.
 */
class ArticlesIntegrationTest {

    /** A real (tiny) PNG: an article image must decode, not just start like one. */
    static final byte[] PNG = png();
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1};

    ContentFixtures content;
    Articles articles;

    @BeforeEach
    void fixtures() {
        content = ContentFixtures.onSharedSlice();
        articles = content.articles();
    }

    @Test
    void aPublishedArticleKeepsItsMarkdownAndShowsItRenderedWithItsCallToAction() {
        Article article = content.article("销售如何做私域", "## 三个步骤\n\n先**加好友**，再分享[案例](https://example.com/case)。");

        assertThat(article.status()).isEqualTo(ArticleStatus.PUBLISHED);
        assertThat(article.body()).startsWith("## 三个步骤");
        assertThat(article.html()).contains("<h2>三个步骤</h2>").contains("<strong>加好友</strong>")
                .contains("<a rel=\"nofollow noopener\" href=\"https://example.com/case\">案例</a>");
        assertThat(article.callToAction().path("TOKEN123456789012")).isEqualTo("/live/42?st=TOKEN123456789012");
        assertThat(article.pageUrl()).hasToString("https://yutang.example.com/c/articles/" + article.id());
        assertThat(ReferralFixtures.await(articles.find(article.id())).html()).isEqualTo(article.html());
    }

    @Test
    void scriptsEventHandlersAndJavascriptLinksNeverReachTheBody() {
        Article article = content.article("安全测试", """
                正文<script>alert('x')</script>

                <img src="https://cdn.example.com/a.png" onerror="alert(1)" alt="图">
                <img src="http://insecure.example.com/b.png">
                <img src="/c/articles/999/images/abcdef123456.png">

                [点我](javascript:alert(2)) <a href="JaVaScRiPt:alert(3)" onclick="alert(4)">也点我</a>

                <style>body{display:none}</style><iframe src="https://evil.example"></iframe>
                <div onmouseover="alert(5)" style="background:url(javascript:alert(6))">悬停</div>
                """);

        assertThat(article.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onerror")
                .doesNotContainIgnoringCase("javascript:").doesNotContainIgnoringCase("onclick")
                .doesNotContainIgnoringCase("<style").doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("onmouseover").doesNotContain("insecure.example.com")
                .as("another article's image").doesNotContain("/c/articles/999/")
                .contains("<img src=\"https://cdn.example.com/a.png\" alt=\"图\">").contains("正文").contains("悬停");
    }

    @Test
    void theArticlesOwnImagesAreShownAndStoredAsUploaded() {
        Article draft = ReferralFixtures.await(articles.create(ContentFixtures.articleDraft("带图文章", "文字", null)));
        ArticleImage image = ReferralFixtures.await(articles.upload(draft.id(), "图表.png", "Image/PNG", body(PNG)));

        assertThat(image.path()).matches("/c/articles/" + draft.id() + "/images/[0-9a-f]{32}\\.png");
        assertThat(image.url()).hasToString("https://yutang.example.com" + image.path());
        assertThat(image.contentType()).isEqualTo("image/png");
        Article article = ReferralFixtures.await(articles.update(draft.id(), new ArticleDraft("带图文章", null, image.path(),
                "![图表](" + image.path() + ")", "PUBLISHED", null)));
        assertThat(article.html()).contains("<img src=\"" + image.path() + "\" alt=\"图表\">");
        assertThat(article.coverUrl()).isEqualTo(image.path());
        assertThat(article.callToAction()).isNull();
        var stored = ReferralFixtures.await(articles.imageObject(draft.id(), image.name()));
        assertThat(stored.getValue()).isEqualTo("image/png");
        assertThat(ReferralFixtures.await(content.bean(ObjectStore.class).read(stored.getKey()))).isEqualTo(PNG);
    }

    @Test
    void anUploadThatIsNotTheImageItClaimsIsRefused() {
        Article draft = ReferralFixtures.await(articles.create(ContentFixtures.articleDraft("拒绝非图片", "文字", null)));

        assertThatThrownBy(() -> ReferralFixtures.await(articles.upload(draft.id(), "a.txt", "text/plain", body(PNG))))
                .isInstanceOfSatisfying(InvalidArticle.class, invalid -> assertThat(invalid.getBody().getDetail())
                        .isEqualTo("contentType: not-png-jpeg-gif-or-webp"));
        assertThatThrownBy(() -> ReferralFixtures.await(articles.upload(draft.id(), "a.png", "image/png", body(JPEG))))
                .isInstanceOfSatisfying(InvalidArticle.class, invalid -> assertThat(invalid.getBody().getDetail())
                        .isEqualTo("body: not-a-png-image"));
        assertThatThrownBy(() -> ReferralFixtures.await(articles.upload(draft.id(), "a.png", "image/svg+xml",
                body("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)))))
                .isInstanceOf(InvalidArticle.class);
        assertThatThrownBy(() -> ReferralFixtures.await(articles.upload(draft.id(), "a.png", "not a type", body(PNG))))
                .isInstanceOf(InvalidArticle.class);
        assertThatThrownBy(() -> ReferralFixtures.await(articles.upload(0, "a.png", "image/png", body(PNG))))
                .isInstanceOf(UnknownArticle.class);
    }

    @Test
    void marketingsMistakesAreEachNamedWithTheFieldAndTheReason() {
        ArticleDraft bad = new ArticleDraft("坏\u0007标题" + "长".repeat(100), null, "http://insecure.example.com/c.png", " ", "LIVE",
                new CallToAction("WEBINAR", null, "报名"));

        assertThatThrownBy(() -> ReferralFixtures.await(articles.create(bad)))
                .isInstanceOfSatisfying(InvalidArticle.class, invalid -> {
                    assertThat(invalid.getStatusCode().value()).isEqualTo(400);
                    assertThat(invalid.getBody().getProperties().get("errors")).asInstanceOf(InstanceOfAssertFactories.LIST)
                            .extracting("field", "reason")
                            .containsExactly(tuple("title", "control-character"), tuple("title", "too-long (at most 100)"),
                                    tuple("body", "missing"), tuple("coverUrl", "not-an-image-of-this-article-or-https"),
                                    tuple("status", "unknown (DRAFT, PUBLISHED or ARCHIVED)"),
                                    tuple("callToAction.kind", "unknown (LIVE_EVENT or ASSET)"),
                                    tuple("callToAction.id", "missing"));
                    assertThat(invalid.getBody().getDetail()).startsWith("title: control-character; title: too-long");
                });
        assertThatThrownBy(() -> ReferralFixtures.await(articles.create(new ArticleDraft("资料按钮", null, null, "正文", null,
                new CallToAction("ASSET", 999_999L, "下载")))))
                .isInstanceOfSatisfying(InvalidArticle.class, invalid -> assertThat(invalid.getBody().getDetail())
                        .isEqualTo("callToAction.id: no-such-asset"));
        assertThatThrownBy(() -> ReferralFixtures.await(articles.update(999_999, ContentFixtures.articleDraft("无此文", "正文", null))))
                .isInstanceOfSatisfying(UnknownArticle.class, unknown -> assertThat(unknown.getStatusCode().value()).isEqualTo(404));
        Article draft = ReferralFixtures.await(articles.create(ContentFixtures.articleDraft("草稿", "正文", null)));
        assertThat(draft.status()).as("a new article without a status is a draft").isEqualTo(ArticleStatus.DRAFT);
        assertThat(ReferralFixtures.await(articles.published(draft.id()).hasElement())).isFalse();
    }

    private static Flux<org.springframework.core.io.buffer.DataBuffer> body(byte[] bytes) {
        return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOf(bytes, bytes.length)));
    }

    private static byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
