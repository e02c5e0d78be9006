// Run in a child JVM by TransportsOnOtherSystemsTest: prints the transport this process picks and why epoll did not.
package dev.portway.protocol.transport;

final class TransportChoice {
    private TransportChoice() {
    }

    public static void main(String[] args) {
        Throwable epoll = Transports.Unavailability.NATIVE.cause(Transports.EPOLL);
        System.out.println(Transports.current().label() + "|" + (epoll == null ? "" : epoll.getCause() != null
                ? epoll.getCause().getMessage() : epoll.getMessage()));
    }
}
