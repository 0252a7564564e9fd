package io.yutang.gateway.callback;

import io.swagger.v3.oas.annotations.Hidden;
import io.yutang.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /wechat/callback}, the URL entered as 服务器地址 on WeChat's console. Only WeChat's
 * server calls it; the signature is its credential.
 */
@Hidden
@RestController
class CallbackEndpoint {

    private static final MediaType TEXT_XML = new MediaType("text", "xml", StandardCharsets.UTF_8);

    private final CallbackProcessor processor;
    private final int maxBody;

    CallbackEndpoint(CallbackProcessor processor, GatewayProperties properties) {
        this.processor = processor;
        this.maxBody = (int) properties.maxCallbackBody().toBytes();
    }

    /** WeChat's check of the URL: echo {@code echostr} when the signature is ours. */
    @GetMapping(path = "/wechat/callback", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> verify(@RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce,
            @RequestParam(required = false) String echostr) {
        if (echostr == null || !processor.verifies(new CallbackRequest(signature, timestamp, nonce, null, null))) {
            return Mono.error(new SignatureMismatch());
        }
        return Mono.just(echostr);
    }

    @PostMapping(path = "/wechat/callback")
    Mono<ResponseEntity<String>> receive(@RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce,
            @RequestParam(name = "encrypt_type", required = false) String encryptType,
            @RequestParam(name = "msg_signature", required = false) String msgSignature,
            ServerHttpRequest request) {
        CallbackRequest callback = new CallbackRequest(signature, timestamp, nonce, encryptType, msgSignature);
        if (request.getHeaders().getContentLength() > maxBody) {
            return Mono.error(new MessageTooLarge());
        }
        return DataBufferUtils.join(request.getBody(), maxBody)
                .onErrorMap(DataBufferLimitException.class, e -> new MessageTooLarge())
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .flatMap(body -> processor.process(callback, body))
                .map(reply -> ResponseEntity.ok()
                        .contentType(CallbackProcessor.SUCCESS.equals(reply) ? MediaType.TEXT_PLAIN : TEXT_XML)
                        .body(reply));
    }
}
