package io.yutang.content.page;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.content.ContentProperties;
import io.yutang.content.article.Article;
import io.yutang.content.article.Articles;
import io.yutang.content.article.UnknownArticle;
import io.yutang.content.read.ArticleReads;
import io.yutang.content.storage.ObjectStore;
import io.yutang.referral.ReferralProperties;
import io.yutang.referral.SharerCards;
import io.yutang.referral.TargetKind;
import io.yutang.referral.Viewer;
import io.yutang.referral.page.H5Pages;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * An article's page ({@code /c/articles/{id}}, usually with the share token {@code st}), the
 * template {@code templates/content/article.html}: cover, the sanitised body, the call to action
 * (carrying {@code st}) and, at the foot, the card of the sharer whose link it is (the owning
 * advocate's for a prospect's onward link), or the company's default card. A visitor not yet signed
 * in goes through WeChat's silent sign-in first. Each opening is recorded; the page's script
 * reports reading through {@code POST /c/articles/{id}/reads}. Also serves the article's images.
 */
@Hidden
@Controller
class ArticlePage {

    private static final String TOKEN = "[A-Za-z0-9_-]{16,64}";
    /** Image names are random and never reused, so a browser may keep them long. */
    private static final CacheControl IMAGES = CacheControl.maxAge(Duration.ofDays(30)).cachePublic().immutable();
    private static final Duration REDIRECT_LIFETIME = Duration.ofHours(1);

    private final Articles articles;
    private final SharerCards cards;
    private final ObjectStore store;
    private final ContentProperties properties;
    private final URI publicBase;
    private final ArticleReads reads;

    ArticlePage(Articles articles, SharerCards cards, ObjectStore store, ContentProperties properties,
            ReferralProperties referral, ArticleReads reads) {
        this.articles = articles;
        this.cards = cards;
        this.store = store;
        this.properties = properties;
        this.publicBase = referral.publicBaseUrl();
        this.reads = reads;
    }

    @GetMapping(path = "/c/articles/{id}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<Rendering> page(@PathVariable long id, @RequestParam(name = "st", required = false) String shareToken,
            @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        String token = shareToken != null && shareToken.matches(TOKEN) ? shareToken : null;
        if (viewer == null) {
            return Mono.just(H5Pages.signIn("/c/articles/" + id + (token == null ? "" : "?st=" + token)));
        }
        return articles.published(id)
                .switchIfEmpty(Mono.error(UnknownArticle::new))
                .flatMap(article -> reads.opened(article.id(), viewer.contact(), token).then(Mono.zip(card(token), H5Pages.csrfToken(exchange)))
                        .map(found -> render(article, found.getT1(), found.getT2(), token)));
    }

    @GetMapping("/c/articles/{id}/images/{name}")
    @ResponseBody
    Mono<ResponseEntity<Resource>> image(@PathVariable long id, @PathVariable String name) {
        if (!name.matches("[A-Za-z0-9_-]{8,64}\\.(png|jpg|gif|webp)")) {
            return Mono.error(UnknownArticle::new);
        }
        return articles.imageObject(id, name)
                .switchIfEmpty(Mono.error(UnknownArticle::new))
                .flatMap(object -> store.presigned(object.getKey(), REDIRECT_LIFETIME, "inline")
                        .map(url -> Mono.just(ResponseEntity.status(HttpStatus.FOUND).location(url)
                                .cacheControl(CacheControl.maxAge(REDIRECT_LIFETIME.dividedBy(2)).cachePublic()).<Resource>build()))
                        .orElseGet(() -> store.local(object.getKey())
                                .switchIfEmpty(Mono.error(UnknownArticle::new))
                                .map(resource -> ResponseEntity.ok().cacheControl(IMAGES)
                                        .contentType(MediaType.parseMediaType(object.getValue())).body(resource))));
    }

    /** The sharer's card for the token, or the company's default card for none, an unknown one or an ended campaign's. */
    private Mono<SharerCardView> card(String token) {
        SharerCardView fallback = SharerCardView.of(properties.defaultCard());
        return token == null ? Mono.just(fallback) : cards.ofShareToken(token).map(SharerCardView::of).defaultIfEmpty(fallback);
    }

    private Rendering render(Article article, SharerCardView card, String csrf, String token) {
        String cover = article.coverUrl();
        String shareImage = cover == null ? null
                : cover.startsWith("/") ? UriComponentsBuilder.fromUri(publicBase).path(cover).toUriString() : cover;
        return H5Pages.page("content/article")
                .modelAttribute("articleId", article.id())
                .modelAttribute("title", article.title())
                .modelAttribute("summary", article.summary())
                .modelAttribute("cover", cover)
                .modelAttribute("body", article.html())
                .modelAttribute("cta", article.callToAction() == null ? null : article.callToAction().path(token))
                .modelAttribute("ctaLabel", article.callToAction() == null ? null : article.callToAction().label())
                .modelAttribute("card", card)
                .modelAttribute("csrf", csrf)
                .modelAttribute("token", token)
                .modelAttribute("openTags", List.of())
                .modelAttribute("share", H5Pages.share(article.title(), article.summary(), shareImage, token, TargetKind.CONTENT,
                        Article.targetRef(article.id())))
                .build();
    }
}
