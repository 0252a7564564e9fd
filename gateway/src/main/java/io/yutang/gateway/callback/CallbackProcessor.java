package io.yutang.gateway.callback;

import io.yutang.gateway.GatewayProperties;
import io.yutang.gateway.GatewayProperties.EncryptionMode;
import io.yutang.gateway.wechat.WeChatAccount;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One callback POST, start to finish: verify (signature, replay window, a plaintext query's one
 * body) ▸ decrypt ▸ parse ▸ route ▸ dedupe ▸ store ▸ remember as stored ▸ reply,
 * then the event's effects off the reply path ({@link EventHandling}, or {@link UnhandledEventSweeper}
 * after a crash or failure). The reply needs no I/O, so WeChat's five seconds are never at risk
 * from the work an event causes.
 */
@Component
class CallbackProcessor {

    /** The body WeChat takes as "received, no reply". */
    static final String SUCCESS = "success";

    private static final Logger log = LoggerFactory.getLogger(CallbackProcessor.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WeChatAccount account;
    private final EncryptionMode mode;
    private final MessageCipher cipher;
    private final Deduplication deduplication;
    private final EventIntake intake;
    private final EventHandling handling;
    private final EventRoutes routes;
    private final NonceMemory nonces;
    private final Duration replayWindow;
    private final Clock clock;

    CallbackProcessor(WeChatAccount account, GatewayProperties properties, Deduplication deduplication,
            EventIntake intake, EventHandling handling, EventRoutes routes, NonceMemory nonces, Clock clock) {
        this.account = account;
        this.nonces = nonces;
        this.replayWindow = properties.callbackReplayWindow();
        this.mode = properties.mode();
        this.cipher = new MessageCipher(account.appId(), account.aesKey(), account.previousAesKey());
        this.deduplication = deduplication;
        this.intake = intake;
        this.handling = handling;
        this.routes = routes;
        this.clock = clock;
    }

    /** True when the GET verification's signature is right. */
    boolean verifies(CallbackRequest request) {
        return Signatures.matches(request.signature(), account.token(), request.timestamp(), request.nonce());
    }

    /**
     * The body to answer WeChat with: a (possibly encrypted) reply XML or {@code success}. The
     * event is committed before the answer goes out; its effects are applied right after, off the
     * reply path. Once a genuine event is in hand, storing it runs to the end even if WeChat hangs
     * up: the retry then finds it stored.
     */
    Mono<String> process(CallbackRequest request, String body) {
        InboundMessage message = open(request, body);
        if (request.encrypted()) {
            return handle(request, message);
        }
        return nonces.firstBodyOf(account.appId(), request, body)
                .flatMap(first -> first ? handle(request, message) : Mono.error(new StaleDelivery("replayed")));
    }

    private Mono<String> handle(CallbackRequest request, InboundMessage message) {
        String reply = routes.handlerFor(message).reply(message)
                .map(text -> ReplyXml.text(message, text, clock.instant()))
                .orElse("");
        Mono<Void> store = deduplication.knownStored(account.appId(), message.dedupeKey())
                .filter(known -> !known)
                .flatMap(notKnown -> intake.store(account.appId(), message)
                        .doOnNext(id -> handling.submit(id, account.appId(), message))
                        .then(Mono.fromRunnable(() -> deduplication.stored(account.appId(), message.dedupeKey()))))
                .then();
        return Mono.defer(() -> Mono.fromFuture(store.toFuture(), true))
                .then(Mono.fromSupplier(() -> seal(request, reply)));
    }

    private InboundMessage open(CallbackRequest request, String body) {
        if (!verifies(request)) {
            throw new SignatureMismatch();
        }
        if (!withinReplayWindow(request.timestamp())) {
            throw new StaleDelivery("timestamp");
        }
        if (!request.encrypted()) {
            if (mode == EncryptionMode.SAFE) {
                throw new MalformedMessage(null);
            }
            return InboundXml.parse(body);
        }
        String encrypted = InboundXml.encryptedPart(body);
        if (!Signatures.matches(request.msgSignature(), account.token(), request.timestamp(), request.nonce(),
                encrypted)) {
            throw new SignatureMismatch();
        }
        return InboundXml.parse(cipher.decrypt(encrypted));
    }

    private boolean withinReplayWindow(String timestamp) {
        try {
            long sent = Long.parseLong(timestamp);
            return Math.abs(clock.instant().getEpochSecond() - sent) <= replayWindow.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String seal(CallbackRequest request, String reply) {
        if (reply.isEmpty()) {
            return SUCCESS;
        }
        if (!request.encrypted()) {
            return reply;
        }
        String encrypted = cipher.encrypt(reply);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
        return ReplyXml.envelope(encrypted, Signatures.sign(account.token(), timestamp, nonce, encrypted),
                timestamp, nonce);
    }
}
