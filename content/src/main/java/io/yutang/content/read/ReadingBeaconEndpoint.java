package io.yutang.content.read;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.content.article.Articles;
import io.yutang.content.article.UnknownArticle;
import io.yutang.referral.Viewer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /c/articles/{id}/reads}: the article page's beacon ({@code navigator.sendBeacon},
 * form-encoded: {@code visit}, {@code dwell}, {@code scroll}, {@code st} and the session's
 * {@code _csrf}), sent when the page is hidden or left.
 */
@Hidden
@RestController
class ReadingBeaconEndpoint {

    private final Articles articles;
    private final ArticleReads reads;

    ReadingBeaconEndpoint(Articles articles, ArticleReads reads) {
        this.articles = articles;
        this.reads = reads;
    }

    @PostMapping(path = "/c/articles/{id}/reads", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> read(@PathVariable long id, @AuthenticationPrincipal Viewer viewer, ServerWebExchange exchange) {
        return exchange.getFormData()
                .map(form -> new ReadingBeacon(form.getFirst("visit"), number(form, "dwell"), number(form, "scroll"),
                        form.getFirst("st")))
                .flatMap(beacon -> articles.published(id).switchIfEmpty(Mono.error(UnknownArticle::new))
                        .flatMap(article -> reads.merge(id, viewer.contact(), beacon)))
                .then();
    }

    private static int number(MultiValueMap<String, String> form, String field) {
        String value = form.getFirst(field);
        if (value == null || !value.matches("\\d{1,6}")) {
            throw new InvalidBeacon(field, "a whole number");
        }
        return Integer.parseInt(value);
    }
}
