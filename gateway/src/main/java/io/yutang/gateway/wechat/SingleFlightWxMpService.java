package io.yutang.gateway.wechat;

import java.util.concurrent.TimeUnit;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.locks.RedisTemplateSimpleDistributedLock;
import me.chanjar.weixin.mp.api.impl.WxMpServiceHttpClientImpl;
import me.chanjar.weixin.mp.config.WxMpConfigStorage;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link WxMpServiceHttpClientImpl} whose access-token refresh is single-flight across all
 * instances. WxJava 4.7.9.B checks for a fresh token only before it waits for its Redis lock, so
 * a caller that waited fetches again after the first one finished. Here every refresh runs under
 * one more Redis lock, and WxJava's own check then finds the token the first caller stored.
 */
class SingleFlightWxMpService extends WxMpServiceHttpClientImpl {

    private static final long WAIT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 25;

    private final RedisTemplateSimpleDistributedLock refreshLock;

    SingleFlightWxMpService(StringRedisTemplate redis, String lockKey) {
        this.refreshLock = new RedisTemplateSimpleDistributedLock(redis, lockKey, 30_000);
    }

    @Override
    public String getAccessToken(boolean forceRefresh) throws WxErrorException {
        WxMpConfigStorage config = getWxMpConfigStorage();
        if (!forceRefresh && !config.isAccessTokenExpired()) {
            return config.getAccessToken();
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try {
            while (!refreshLock.tryLock()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new WxRuntimeException("Timed out waiting for another instance to refresh the access token");
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WxRuntimeException(e);
        }
        try {
            return super.getAccessToken(forceRefresh);
        } finally {
            refreshLock.unlock();
        }
    }
}
