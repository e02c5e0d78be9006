// Wire type ids of the messages sent before the link turns into HTTP/2; pinned by a test, never renumber.
package dev.portway.protocol.link;

public enum MessageType {
    HELLO(1, Hello.class),
    HELLO_REPLY(2, HelloReply.class);

    private final int id;
    private final Class<?> type;

    MessageType(int id, Class<?> type) {
        this.id = id;
        this.type = type;
    }

    public int id() {
        return id;
    }

    public Class<?> type() {
        return type;
    }

    public static MessageType byId(int id) {
        for (MessageType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown link message type " + id);
    }

    public static MessageType of(Object message) {
        for (MessageType t : values()) {
            if (t.type.isInstance(message)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a link message: " + message.getClass().getName());
    }
}
