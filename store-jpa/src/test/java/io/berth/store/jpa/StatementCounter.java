package io.berth.store.jpa;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the statements prepared on the connections of a data source; a JDBC batch counts once. */
final class StatementCounter {
    private final AtomicInteger statements = new AtomicInteger();

    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, (Connection) result, (m, r) -> {
                    if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")
                            || m.getName().equals("prepareCall")) {
                        statements.incrementAndGet();
                    }
                    return r;
                })
                : result);
    }

    /** Statements since the last call. */
    int take() {
        return statements.getAndSet(0);
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
