package io.yutang.content.article;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marketing's API for articles (roles: ADMIN, MARKETER). Images are uploaded as the request's raw
 * body ({@code curl --data-binary @chart.png -H 'Content-Type: image/png'}); the answer's
 * {@code path} goes into the Markdown.
 */
@Tag(name = "articles", description = "Articles with the sharer's card: Markdown body, images, call to action")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/articles")
class ArticleEndpoints {

    private final Articles articles;

    ArticleEndpoints(Articles articles) {
        this.articles = articles;
    }

    @Operation(summary = "Create an article (a draft unless status says otherwise)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Article> create(@RequestBody ArticleDraft draft) {
        return articles.create(draft);
    }

    @Operation(summary = "Edit an article; the body is rendered and sanitised again")
    @PutMapping("/{id}")
    Mono<Article> update(@PathVariable long id, @RequestBody ArticleDraft draft) {
        return articles.update(id, draft);
    }

    @Operation(summary = "All articles, newest first")
    @GetMapping
    Flux<Article> list() {
        return articles.list();
    }

    @Operation(summary = "One article")
    @GetMapping("/{id}")
    Mono<Article> find(@PathVariable long id) {
        return articles.find(id).switchIfEmpty(Mono.error(UnknownArticle::new));
    }

    @Operation(summary = "Upload an image for the article (raw body: PNG, JPEG, GIF or WebP, at most 5 MB)")
    @PostMapping("/{id}/images")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ArticleImage> image(@PathVariable long id, @RequestParam String fileName,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody Flux<DataBuffer> body) {
        return articles.upload(id, fileName, contentType, body);
    }
}
