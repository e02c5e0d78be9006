// How HttpExchangeTap follows HTTP/1.1 in the bytes it watches, chosen per exchange (at a boundary): DecodingReader
// (capture on, for the inspector: Netty's decoders give heads and bodies) or ScanningReader (capture off, for the log
// line: Http1Scanner follows the framing in place, with no copy, and gives start lines and sizes).
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;

interface ExchangeReader {
    /** Bytes on their way to the local service (read, not taken). */
    void request(ByteBuf bytes);

    /** Bytes from the local service (read, not taken). */
    void response(ByteBuf bytes);

    /** The connection closed: a response that runs until the close ends here. */
    void closed();

    /** No more reading: releases what the reader holds. */
    void stop();

    /**
     * Whether both directions stand between messages, with no byte of a next one held: another reader could take
     * over from here.
     */
    boolean atBoundary();

    /** What a reader tells the tap, which keeps the exchanges in flight. */
    interface Events {
        /** A request head passed: its exchange is now in flight, and the one whose body is sending. */
        void requestHead(ExchangeBuilder exchange);

        /** The request whose body is passing now (the newest one sent), or null. */
        ExchangeBuilder sending();

        /** The oldest exchange waiting for its response, or null. */
        ExchangeBuilder answering();

        /** answering() got a response head with this status: true when a 101 ended the reading (stop was called). */
        boolean upgradedBy(int status);

        /** The answering exchange's response ended (an interim 1xx one is not its end). */
        void responseEnded();

        /** Bytes the reader cannot follow: the exchanges in flight fail with this reason and the reading stops. */
        void unreadable(String reason);

        /** Whether the reading goes on (false once stopped). */
        boolean active();
    }
}
