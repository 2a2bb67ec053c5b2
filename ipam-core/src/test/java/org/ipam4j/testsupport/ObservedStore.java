package org.ipam4j.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiConsumer;
import org.ipam4j.store.IpamStore;

/** A store that tells a test each call it answers, for tests of what the engine reads. */
public final class ObservedStore {

  private ObservedStore() {}

  /**
   * {@code store}, telling {@code seen} of every call once it has answered it.
   *
   * @param store the store that answers
   * @param seen told the method called and what it returned
   * @return the observed store
   */
  public static IpamStore of(IpamStore store, BiConsumer<Method, Object> seen) {
    return (IpamStore)
        Proxy.newProxyInstance(
            IpamStore.class.getClassLoader(),
            new Class<?>[] {IpamStore.class},
            (proxy, method, args) -> {
              Object out;
              try {
                out = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              seen.accept(method, out);
              return out;
            });
  }
}
