// A DataSource that counts the statements prepared on its connections: how a test tells how many queries a read took.
package dev.portway.server.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

final class CountingDataSource {
    private final AtomicInteger statements = new AtomicInteger();
    private final DataSource counting;

    CountingDataSource(DataSource target) {
        this.counting = proxy(DataSource.class, target, (method, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, (m, r) -> {
                    if (m.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
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
