// What /healthz and /readyz answer: "ok", or "unready" with the parts that are not (a listener, the store).
package dev.portway.protocol.api;

import java.util.List;

/** unready: null when the status is ok. */
public record Health(String status, List<String> unready) {
    public static final String OK = "ok";
    public static final String UNREADY = "unready";

    public static Health ok() {
        return new Health(OK, null);
    }

    public static Health unready(List<String> parts) {
        return new Health(UNREADY, List.copyOf(parts));
    }
}
