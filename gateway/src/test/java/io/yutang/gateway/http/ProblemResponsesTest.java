package io.yutang.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTest {

    static final String QUERY = "signature=5f1c0c2e0d1a4b7e9f3a2c1b0e9d8c7b6a5f4e3d&timestamp=1850000000&nonce=99"
            + "&openid=o-secret-openid-123";

    @Test
    void aFailureAfterTheAnswerBeganIsLoggedByPathWithoutTheQuery(CapturedOutput output) {
        WebHandler committedThenFailed = exchange -> {
            exchange.getResponse().setStatusCode(HttpStatus.OK);
            return exchange.getResponse().setComplete().then(Mono.error(new IllegalStateException("the store was cut off")));
        };
        StaticMessageSource messages = new StaticMessageSource();
        HttpHandler handler = WebHttpHandlerBuilder.webHandler(committedThenFailed)
                .exceptionHandler(new ProblemResponses(new ProblemWriter(messages, JsonMapper.builder().build()), messages))
                .build();

        MockServerHttpResponse response = new MockServerHttpResponse();
        handler.handle(MockServerHttpRequest.post("/wechat/callback?" + QUERY).build(), response)
                .block(Duration.ofSeconds(5));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(output).contains("/wechat/callback").contains("the store was cut off")
                .doesNotContain("o-secret-openid-123").doesNotContain("5f1c0c2e0d1a4b7e9f3a2c1b0e9d8c7b6a5f4e3d");
    }
}
