// Live events per user (a tunnel online or offline, sockets made or deleted, traffic): what the app and
// "tunnel ls --watch" follow instead of polling. Each subscriber is one open GET /api/v1/events.
package dev.portway.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portway.protocol.Json;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class UserEvents {
    /** Where a user's events go: one event-stream connection. */
    public interface Subscriber {
        /** Sends one event; false once the connection is gone. */
        boolean send(String name, String json);

        /** Closes the connection: its user may no longer listen. */
        default void end() {
        }
    }

    private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();

    /** Events for the user go to the subscriber until the returned action is run. */
    public Runnable subscribe(String userId, Subscriber subscriber) {
        byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> byUser.computeIfPresent(userId, (u, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    public boolean watched(String userId) {
        return userId != null && byUser.containsKey(userId);
    }

    /** Ends every stream of the user (the account was disabled, deleted, or signed out everywhere). */
    public void endAll(String userId) {
        Set<Subscriber> subscribers = byUser.remove(userId);
        if (subscribers != null) {
            subscribers.forEach(Subscriber::end);
        }
    }

    /** Ends every stream of every user (the server drains or stops). */
    public void endEveryone() {
        byUser.keySet().forEach(this::endAll);
    }

    /** A comment line to every stream: keeps quiet connections from being taken for dead. */
    public void comment(String text) {
        byUser.values().forEach(set -> set.removeIf(s -> !s.send(null, text)));
    }

    /** Sends the event (data as JSON) to every stream of the user; a stream that failed is dropped. */
    public void publish(String userId, String name, Object data) {
        Set<Subscriber> subscribers = userId == null ? null : byUser.get(userId);
        if (subscribers == null) {
            return;
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        subscribers.removeIf(s -> !s.send(name, json));
    }
}
