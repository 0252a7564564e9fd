package io.yutang.gateway.wechat;

import io.yutang.gateway.GatewayProperties;
import java.net.URI;
import me.chanjar.weixin.common.redis.RedisTemplateWxRedisOps;
import me.chanjar.weixin.common.util.http.apache.DefaultApacheHttpClientBuilder;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceHttpClientImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpRedisConfigImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The one {@link WxMpService} of the configured account: Apache HttpClient 4
 * ({@link WxMpServiceHttpClientImpl}, refreshing single-flight: {@link SingleFlightWxMpService}), the stable access token and the jsapi ticket kept in Redis
 * and refreshed under a Redis lock by one instance at a time, WxJava's own sleep-retries off
 * ({@link WeChatCalls} retries without blocking a thread), and a connection pool sized for the
 * calls {@code boundedElastic} can have in flight.
 */
@Configuration(proxyBeanMethods = false)
class WeChatClients {

    static final int MAX_CONNECTIONS = 64;

    @Bean
    WxMpService wxMpService(WeChatAccount account, WeChatHosts hosts, GatewayProperties properties,
            StringRedisTemplate redis, @Value("${yutang.redis.key-prefix:yutang:}") String keyPrefix) {
        WxMpRedisConfigImpl config = new WxMpRedisConfigImpl(new RedisTemplateWxRedisOps(redis), keyPrefix + "wx");
        config.setAppId(account.appId());
        config.setSecret(account.secret());
        config.setToken(account.token());
        config.setAesKey(account.aesKey());
        config.setUseStableAccessToken(true);
        config.setHostConfig(new WxMpHostConfig(strip(hosts.api()), strip(hosts.open()), strip(hosts.mp())));

        DefaultApacheHttpClientBuilder http = DefaultApacheHttpClientBuilder.get();
        int timeoutMillis = (int) properties.callTimeout().toMillis();
        http.setConnectionTimeout(Math.min(timeoutMillis, 2000));
        http.setConnectionRequestTimeout(timeoutMillis);
        http.setSoTimeout(timeoutMillis);
        http.setMaxConnPerHost(MAX_CONNECTIONS);
        http.setMaxTotalConn(MAX_CONNECTIONS * 2);
        config.setApacheHttpClientBuilder(http);

        WxMpServiceHttpClientImpl service = new SingleFlightWxMpService(redis,
                keyPrefix + "wx:token-refresh:" + account.appId());
        service.setWxMpConfigStorage(config);
        service.setMaxRetryTimes(0);
        service.setRetrySleepMillis(0);
        return service;
    }

    private static String strip(URI host) {
        String text = host.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
