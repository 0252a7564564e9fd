package io.yutang.gateway.callback;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one routing table for everything WeChat pushes: {@code MsgType}, or {@code event/<Event>}
 * for events, to the handler for that type. Anything not listed is a sighting.
 */
@Component
class EventRoutes {

    private final Map<String, EventHandler> routes;
    private final EventHandler fallback;

    EventRoutes(SubscribeHandler subscribe, UnsubscribeHandler unsubscribe, ScanHandler scan,
            MenuClickHandler click, TextMessageHandler text, TemplateSentHandler templateSent,
            SubscriptionPopupHandler subscriptionPopup, SubscriptionChangeHandler subscriptionChange,
            SubscriptionSentHandler subscriptionSent, SightingHandler sighting) {
        this.routes = Map.of(
                "event/subscribe", subscribe,
                "event/unsubscribe", unsubscribe,
                "event/scan", scan,
                "event/click", click,
                "event/view", sighting,
                "event/templatesendjobfinish", templateSent,
                "event/subscribe_msg_popup_event", subscriptionPopup,
                "event/subscribe_msg_change_event", subscriptionChange,
                "event/subscribe_msg_sent_event", subscriptionSent,
                "text", text);
        this.fallback = sighting;
    }

    EventHandler handlerFor(InboundMessage message) {
        String route = message.event() == null ? message.msgType() : "event/" + message.event();
        return routes.getOrDefault(route.toLowerCase(Locale.ROOT), fallback);
    }
}
