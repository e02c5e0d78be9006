// A DataSource that counts the statements prepared on its connections: how a test tells how many queries a read took
// (and how its transactions ended).
package dev.portway.server.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

final class CountingDataSource {
    private final AtomicInteger statements = new AtomicInteger();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final DataSource counting;

    CountingDataSource(DataSource target) {
        this.counting = proxy(DataSource.class, target, (method, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, r) -> {
                    if (m.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                    } else if (m.getName().equals("commit") || m.getName().equals("rollback")) {
                        ends.add(m.getName());
                    }
                    return r;
                })
                : result);
    }

    DataSource dataSource() {
        return counting;
    }

    /** The statements prepared so far, and starts counting again from zero. */
    int take() {
        return statements.getAndSet(0);
    }

    /** "commit" and "rollback", in the order the connections were told. */
    List<String> ends() {
        return List.copyOf(ends);
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
