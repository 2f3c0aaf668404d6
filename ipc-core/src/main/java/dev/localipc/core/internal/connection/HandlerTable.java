package dev.localipc.core.internal.connection;

import dev.localipc.core.NotificationHandler;
import dev.localipc.core.RequestHandler;
import dev.localipc.core.internal.wire.LibraryMethods;
import dev.localipc.core.internal.wire.ParamsTarget;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The application's request and notification handlers by method name. Built once by a builder,
 * then read-only (thread-safe).
 */
public final class HandlerTable {
    /** One registered handler and its params type. */
    public static final class Entry implements ParamsTarget {
        final Type paramsType;
        final RequestHandler<Object, ?> request;
        final NotificationHandler<Object> notification;

        Entry(Type paramsType, RequestHandler<Object, ?> request, NotificationHandler<Object> notification) {
            this.paramsType = paramsType;
            this.request = request;
            this.notification = notification;
        }

        @Override
        public Type paramsType() {
            return paramsType;
        }
    }

    private final Map<String, Entry> requests;
    private final Map<String, Entry> notifications;

    private HandlerTable(Map<String, Entry> requests, Map<String, Entry> notifications) {
        this.requests = Map.copyOf(requests);
        this.notifications = Map.copyOf(notifications);
    }

    /** A handler for a request of {@code method}; a notification handler of that name will do. */
    public Entry forRequest(String method) {
        Entry entry = requests.get(method);
        return entry != null ? entry : notifications.get(method);
    }

    /** A handler for a notification of {@code method}; a request handler of that name will do (its result is dropped). */
    public Entry forNotification(String method) {
        Entry entry = notifications.get(method);
        return entry != null ? entry : requests.get(method);
    }

    /** Starts an empty table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects handlers; not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry> requests = new HashMap<>();
        private final Map<String, Entry> notifications = new HashMap<>();

        private Builder() {
        }

        /** Registers a request handler. */
        @SuppressWarnings("unchecked")
        public <P> void request(String method, Type paramsType, RequestHandler<? super P, ?> handler) {
            checkMethod(method);
            Objects.requireNonNull(paramsType, "paramsType");
            Objects.requireNonNull(handler, "handler");
            if (requests.putIfAbsent(method, new Entry(paramsType, (RequestHandler<Object, ?>) handler, null)) != null) {
                throw new IllegalArgumentException("a request handler for \"" + method + "\" is already registered");
            }
        }

        /** Registers a notification handler. */
        @SuppressWarnings("unchecked")
        public <P> void notification(String method, Type paramsType, NotificationHandler<? super P> handler) {
            checkMethod(method);
            Objects.requireNonNull(paramsType, "paramsType");
            Objects.requireNonNull(handler, "handler");
            if (notifications.putIfAbsent(method, new Entry(paramsType, null, (NotificationHandler<Object>) handler)) != null) {
                throw new IllegalArgumentException("a notification handler for \"" + method + "\" is already registered");
            }
        }

        /** The table. */
        public HandlerTable build() {
            return new HandlerTable(requests, notifications);
        }

        private static void checkMethod(String method) {
            Objects.requireNonNull(method, "method");
            LibraryMethods.checkApplicationMethod(method);
        }
    }
}
