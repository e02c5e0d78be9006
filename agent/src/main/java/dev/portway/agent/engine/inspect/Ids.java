// The exchanges an API call names by id ("?ids=1,2,3" or a JSON list), in the order named: a bad or unknown id is
// refused as a whole (IllegalArgumentException, a 400), so a HAR or a saved set never silently misses one.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.util.ArrayList;
import java.util.List;

final class Ids {
    private Ids() {
    }

    /** From query parameters: each "1,2,3" (several ids= parameters add up). */
    static List<Exchange> find(ExchangeLog log, List<String> params) {
        List<Object> ids = new ArrayList<>();
        for (String p : params) {
            for (String one : p.split(",", -1)) {
                ids.add(one.strip());
            }
        }
        return fromJson(log, ids);
    }

    /** From a JSON value: a list of ids, numbers or digit strings. */
    static List<Exchange> fromJson(ExchangeLog log, Object ids) {
        if (!(ids instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("ids is a list of one or more exchange ids, such as 1,2,3");
        }
        List<Exchange> out = new ArrayList<>(list.size());
        for (Object one : list) {
            long id = id(one);
            out.add(log.find(id).orElseThrow(() -> new IllegalArgumentException("no exchange " + id
                    + " (the inspector keeps the newest " + ExchangeLog.KEEP + ")")));
        }
        return out;
    }

    private static long id(Object one) {
        if (one instanceof Long n && n > 0) {
            return n;
        }
        if (one instanceof String s && s.matches("[0-9]{1,18}") && Long.parseLong(s) > 0) {
            return Long.parseLong(s);
        }
        throw new IllegalArgumentException("not an exchange id: " + (one instanceof String s && s.isEmpty()
                ? "(empty)" : one));
    }
}
