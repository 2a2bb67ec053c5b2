package org.ipam4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.ipam4j.engine.AccessPolicy;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.store.IpamStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link IpamTest}, which registers it; not used directly.
 *
 * @since 0.1
 */
public final class IpamExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(IpamExtension.class);
  private static final String ENGINE = "engine";

  /** Called by JUnit. */
  public IpamExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> type = context.getRequiredTestClass();
    Optional<IpamTest> own = AnnotationSupport.findAnnotation(type, IpamTest.class);
    if (own.isPresent() && own.get().shared()) {
      context.getStore(NAMESPACE).put(ENGINE, start(own.get(), type.getName()));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).remove(ENGINE, Running.class);
    if (running != null) {
      running.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Optional<IpamTest> onMethod =
        AnnotationSupport.findAnnotation(context.getTestMethod(), IpamTest.class);
    Running running;
    if (onMethod.isPresent()) {
      running = started(context, onMethod.get());
    } else {
      IpamTest onClass = classAnnotation(context.getRequiredTestClass());
      Running shared =
          onClass.shared() ? context.getStore(NAMESPACE).get(ENGINE, Running.class) : null;
      running = shared != null ? shared : started(context, onClass);
    }
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      inject(instance, running.engine);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // Only this test's own engine is in the method's store; a shared one stays with its class.
    Running running = context.getStore(NAMESPACE).remove(ENGINE, Running.class);
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == IpamEngine.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(ENGINE, Running.class);
    if (running == null) {
      throw new ParameterResolutionException(
          "no IpamEngine for "
              + parameter.getDeclaringExecutable()
              + ": an engine exists for each test (and its BeforeEach and AfterEach methods), and"
              + " for BeforeAll methods only with @IpamTest(shared = true) on the class");
    }
    return running.engine;
  }

  private static Running started(ExtensionContext context, IpamTest settings) {
    Running running = start(settings, context.getUniqueId());
    context.getStore(NAMESPACE).put(ENGINE, running);
    return running;
  }

  /** The annotation of the test class, or of the nearest enclosing class (for a nested test). */
  private static IpamTest classAnnotation(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      Optional<IpamTest> found = AnnotationSupport.findAnnotation(c, IpamTest.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new ExtensionConfigurationException(
        "IpamExtension is registered on " + type.getName() + ", which has no @IpamTest");
  }

  private static void inject(Object instance, IpamEngine engine) {
    for (Field field :
        AnnotationSupport.findAnnotatedFields(instance.getClass(), InjectEngine.class)) {
      if (field.getType() != IpamEngine.class || Modifier.isStatic(field.getModifiers())) {
        throw new ExtensionConfigurationException(
            "@InjectEngine " + field + ": the field must be an instance field of type IpamEngine");
      }
      try {
        field.setAccessible(true);
        field.set(instance, engine);
      } catch (IllegalAccessException | RuntimeException e) {
        throw new ExtensionConfigurationException("cannot set @InjectEngine " + field, e);
      }
    }
  }

  private static Running start(IpamTest settings, String what) {
    IpamFixtures.Options options =
        IpamFixtures.options()
            .accessPolicy(access(settings.access()))
            .failWhenExhausted(settings.failWhenExhausted())
            .defaultProject(settings.defaultProject());
    if (!settings.clock().isEmpty()) {
      options = options.clock(fixedClock(settings.clock(), what));
    }
    if (settings.store() == IpamTest.Store.MEMORY) {
      return new Running(options.engineFromResources(settings.fixtures()), null, null);
    }
    Path folder = temporaryFolder();
    IpamStore store;
    try {
      store = openSqlite(folder.resolve("ipam.db"));
    } catch (RuntimeException e) {
      deleteQuietly(folder);
      throw e;
    }
    try {
      return new Running(
          options.store(store).engineFromResources(settings.fixtures()), store, folder);
    } catch (RuntimeException e) {
      store.close();
      deleteQuietly(folder);
      throw e;
    }
  }

  private static AccessPolicy access(IpamTest.Access access) {
    return switch (access) {
      case POOL_ANNOTATION -> AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS);
      case DENY_ALL -> AccessPolicy.denyAll();
      case ALLOW_ALL -> AccessPolicy.allowAll();
    };
  }

  private static Clock fixedClock(String text, String what) {
    try {
      return Clock.fixed(Instant.parse(text), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ExtensionConfigurationException(
          "@IpamTest(clock = \""
              + text
              + "\") on "
              + what
              + ": not an ISO-8601 instant such as 2026-01-01T00:00:00Z",
          e);
    }
  }

  /**
   * Opens a JDBC store on a new SQLite file. Looked up by name, so that the test kit does not
   * depend on ipam-jdbc (whose own tests use the kit's contract suite).
   */
  private static IpamStore openSqlite(Path file) {
    Class<?> jdbcStore;
    try {
      jdbcStore =
          Class.forName("org.ipam4j.jdbc.JdbcStore", true, IpamExtension.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ExtensionConfigurationException(
          "@IpamTest(store = SQLITE) needs org.ipam4j:ipam-jdbc and org.xerial:sqlite-jdbc on the"
              + " test class path",
          e);
    }
    try {
      return (IpamStore)
          jdbcStore.getMethod("open", String.class).invoke(null, "jdbc:sqlite:" + file);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new ExtensionConfigurationException("cannot open an SQLite store at " + file, e);
    } catch (ReflectiveOperationException e) {
      throw new ExtensionConfigurationException("cannot open an SQLite store at " + file, e);
    }
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("ipam4j-test-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for @IpamTest", e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try {
      delete(folder);
    } catch (IOException e) {
      // Left for the system's temporary-file cleanup; the test's own outcome matters more.
    }
  }

  private static void delete(Path folder) throws IOException {
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
              throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * A test's engine and what was made for it. Not {@link AutoCloseable}, so that JUnit's store does
   * not close it a second time.
   */
  private static final class Running {
    final IpamEngine engine;
    final @Nullable IpamStore store;
    final @Nullable Path folder;

    Running(IpamEngine engine, @Nullable IpamStore store, @Nullable Path folder) {
      this.engine = engine;
      this.store = store;
      this.folder = folder;
    }

    void close() {
      try {
        engine.close();
      } finally {
        try {
          if (store != null) {
            store.close();
          }
        } finally {
          if (folder != null) {
            try {
              delete(folder);
            } catch (IOException e) {
              throw new UncheckedIOException("cannot delete " + folder, e);
            }
          }
        }
      }
    }
  }
}
