package io.yutang.referral.campaign;

import io.yutang.referral.Attribution;
import io.yutang.referral.AttributionDecision;
import io.yutang.referral.AuditAction;
import io.yutang.referral.AuditEntry;
import io.yutang.referral.AuditTrail;
import io.yutang.referral.ContactId;
import io.yutang.referral.board.BoardDimension;
import io.yutang.referral.board.BoardMetric;
import io.yutang.referral.board.Leaderboard;
import io.yutang.referral.board.Leaderboards;
import io.yutang.referral.sharelink.ShareLink;
import io.yutang.referral.sharelink.ShareLinks;
import io.yutang.referral.Disclosure;
import io.yutang.referral.tree.CampaignTree;
import io.yutang.referral.tree.NotInTree;
import io.yutang.referral.tree.ReferralTree;
import io.yutang.referral.tree.Subtree;
import io.yutang.referral.tree.TreePath;

import java.time.Duration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Marketing's API for campaigns, their share links, tree, leaderboards and attribution decisions (roles: ADMIN, MARKETER). */
@Tag(name = "campaigns", description = "CampaignStore, share links, referral tree, leaderboards, attribution")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "bearer")
@RestController
@RequestMapping("/api/campaigns")
@Validated
public class CampaignEndpoints {

    private static final Duration BOARD_CHECK = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    record ShareLinkRequest(@NotNull Long sharerId) {
    }

    private final CampaignStore campaigns;
    private final ShareLinks links;
    private final ReferralTree tree;
    private final Leaderboards boards;
    private final Attribution attribution;
    private final AuditTrail audit;

    CampaignEndpoints(CampaignStore campaigns, ShareLinks links, ReferralTree tree, Leaderboards boards,
            Attribution attribution, AuditTrail audit) {
        this.campaigns = campaigns;
        this.links = links;
        this.tree = tree;
        this.boards = boards;
        this.attribution = attribution;
        this.audit = audit;
    }

    @Operation(summary = "Create a campaign")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Campaign> create(@RequestBody @Valid CampaignDraft draft) {
        return campaigns.create(draft);
    }

    @Operation(summary = "Edit a campaign; decisions already taken stay")
    @PutMapping("/{id}")
    Mono<Campaign> update(@PathVariable long id, @RequestBody @Valid CampaignDraft draft) {
        return campaigns.update(id, draft);
    }

    @Operation(summary = "All campaigns, newest first")
    @GetMapping
    Flux<Campaign> list() {
        return campaigns.list();
    }

    @Operation(summary = "One campaign")
    @GetMapping("/{id}")
    Mono<Campaign> find(@PathVariable long id) {
        return campaigns.find(id);
    }

    @Operation(summary = "A sharer's share link and scene code for the campaign (made on first request)")
    @PostMapping("/{id}/share-links")
    Mono<ShareLink> shareLink(@PathVariable long id, @RequestBody @Valid ShareLinkRequest request) {
        return links.forSharer(id, request.sharerId());
    }

    @Operation(summary = "The referral tree (at most 5,000 edges; 'truncated' says when the export has more); prospects'"
            + " nicknames are masked (王**) for everyone but ADMIN")
    @GetMapping("/{id}/tree")
    Mono<CampaignTree> tree(@PathVariable long id, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        return tree.tree(id).flatMap(found -> audit.record(AuditEntry.by(caller, AuditAction.TREE_READ, "campaign:" + id + "/tree",
                        found.edges().size(), found.truncated() ? "graph, truncated" : "graph"))
                .thenReturn(new CampaignTree(found.campaignId(),
                        found.nodes().stream().map(node -> node.shownTo(disclosure)).toList(), found.edges(), found.truncated())));
    }

    @Operation(summary = "The whole tree, streamed as CSV (Accept: text/csv) or a JSON array; nicknames masked as in the tree")
    @GetMapping(path = "/{id}/tree/export", produces = {"text/csv", MediaType.APPLICATION_JSON_VALUE})
    Mono<ResponseEntity<Flux<String>>> export(@PathVariable long id,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        boolean csv = accept != null && accept.contains("text/csv");
        AuditTrail.Tally tally = audit.tally();
        return campaigns.find(id).map(found -> ResponseEntity.ok()
                .contentType(csv ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"campaign-" + id + "-tree." + (csv ? "csv" : "json") + "\"")
                .body(audit.recordStreamed(csv ? tree.exportCsv(id, disclosure, tally) : tree.exportJson(id, disclosure, tally), tally,
                        caller, AuditAction.TREE_EXPORT, "campaign:" + id + "/tree", csv ? "csv" : "json")));
    }

    @Operation(summary = "What one sharer brought in, per depth")
    @GetMapping("/{id}/sharers/{sharerId}/subtree")
    Mono<Subtree> subtree(@PathVariable long id, @PathVariable long sharerId) {
        return tree.subtreeOfSharer(id, sharerId);
    }

    @Operation(summary = "The chain from the root advocate to a contact; nicknames masked as in the tree")
    @GetMapping("/{id}/contacts/{contactId}/path")
    Mono<TreePath> path(@PathVariable long id, @PathVariable long contactId, Principal caller) {
        Disclosure disclosure = Disclosure.of(caller);
        return tree.pathTo(id, new ContactId(contactId)).switchIfEmpty(Mono.error(NotInTree::new))
                .flatMap(found -> audit.record(AuditEntry.by(caller, AuditAction.CONTACT_READ, "contact:" + contactId, 1,
                                "path in campaign:" + id))
                        .thenReturn(new TreePath(found.campaignId(), found.nodes().stream().map(node -> node.shownTo(disclosure)).toList())));
    }

    @Operation(summary = "A leaderboard: EMPLOYEE, PARTNER or DEPARTMENT by SCANS, FOLLOWS, REGISTRATIONS, ATTENDEES, LEADS or QUALIFIED_LEADS")
    @GetMapping("/{id}/leaderboards/{dimension}/{metric}")
    Mono<Leaderboard> board(@PathVariable long id, @PathVariable BoardDimension dimension, @PathVariable BoardMetric metric,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return campaigns.find(id).then(boards.board(id, dimension, metric, limit));
    }

    @Operation(summary = "The same leaderboard as server-sent events: the board at once, then again whenever it changes"
            + " (checked every second), and a comment every 15 s to keep the connection open")
    @GetMapping(path = "/{id}/leaderboards/{dimension}/{metric}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Leaderboard>> boardStream(@PathVariable long id, @PathVariable BoardDimension dimension,
            @PathVariable BoardMetric metric, @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        Flux<ServerSentEvent<Leaderboard>> changes = Flux.interval(Duration.ZERO, BOARD_CHECK).onBackpressureDrop()
                .concatMap(tick -> boards.board(id, dimension, metric, limit), 1)
                .distinctUntilChanged()
                .map(board -> ServerSentEvent.builder(board).event("board").build());
        Flux<ServerSentEvent<Leaderboard>> keepAlive = Flux.interval(KEEP_ALIVE, KEEP_ALIVE).onBackpressureDrop()
                .map(tick -> ServerSentEvent.<Leaderboard>builder().comment("keep-alive").build());
        return campaigns.find(id).thenMany(Flux.merge(changes, keepAlive));
    }

    @Operation(summary = "Recompute the campaign's leaderboards from PostgreSQL")
    @PostMapping("/{id}/leaderboards/rebuild")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> rebuild(@PathVariable long id) {
        return campaigns.find(id).then(boards.rebuild(id));
    }

    @Operation(summary = "The latest attribution decisions with their reasons, optionally for one credited sharer")
    @GetMapping("/{id}/decisions")
    Flux<AttributionDecision> decisions(@PathVariable long id, @RequestParam(required = false) Long sharerId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return campaigns.find(id).thenMany(attribution.decisionsIn(id, sharerId, limit));
    }
}
