package io.yutang.gateway.wechat;

/**
 * The service account yutang serves, with its credentials resolved (generated ones in sandbox
 * mode). Secrets never appear in {@link #toString()}.
 *
 * @param previousAesKey the EncodingAESKey before the last rotation, or {@code null}
 */
public record WeChatAccount(String appId, String secret, String token, String aesKey, String previousAesKey,
        boolean sandbox) {

    @Override
    public String toString() {
        return "WeChatAccount[appId=" + appId + ", sandbox=" + sandbox + ", secret=***, token=***, aesKey=***]";
    }
}
