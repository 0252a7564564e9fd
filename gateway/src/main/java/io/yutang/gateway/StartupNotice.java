package io.yutang.gateway;

import io.yutang.gateway.wechat.WeChatAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who started yutang where it is and what to open next. */
@Component
class StartupNotice {

    private static final Logger log = LoggerFactory.getLogger(StartupNotice.class);

    private final Environment environment;
    private final String stores;
    private final boolean sandbox;

    StartupNotice(Environment environment, @Value("${yutang.stores.summary:}") String stores, WeChatAccount account) {
        this.environment = environment;
        this.stores = stores;
        this.sandbox = account.sandbox();
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        log.info("""
                yutang is ready on {} (stores: {})
                  health:   {}/actuator/health
                  API docs: {}/swagger-ui.html{}""", base, stores, base, base,
                sandbox ? "\n  sandbox:  " + base + "/sandbox   (play WeChat's server and a prospect)" : "");
    }
}
