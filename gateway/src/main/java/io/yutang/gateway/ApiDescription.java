package io.yutang.gateway;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's frame: what yutang is and how callers authenticate. */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    @Bean
    OpenAPI yutangApi() {
        return new OpenAPI()
                .info(new Info().title("yutang").version("0.1")
                        .description("WeChat referral marketing backend. Staff call /api/** with HTTP Basic (ADMIN, MARKETER)"
                                + " or an API token (INTEGRATION); WeChat users' pages use the session from /wechat/oauth (VIEWER)."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token issued by an ADMIN (yt_…)"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("YUTANG_SESSION")));
    }
}
