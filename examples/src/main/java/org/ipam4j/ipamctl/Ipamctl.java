package org.ipam4j.ipamctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.LockTimeoutException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.engine.AccessPolicy;
import org.ipam4j.engine.Applied;
import org.ipam4j.engine.ApplyOption;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.engine.Problem;
import org.ipam4j.engine.SetOutcome;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.yaml.Manifest;
import org.ipam4j.yaml.Manifests;

/**
 * {@code ipamctl}: the {@code datumctl}/{@code kubectl} experience over an embedded store.
 *
 * <pre>
 * ipamctl apply -f FILE|DIR|- [-f ...] [--dry-run]
 * ipamctl get KIND [NAME] [-l SELECTOR] [-A] [-o wide|yaml|json|name] [-w [--output-watch-events]]
 *   [--ignore-not-found]
 * ipamctl describe KIND NAME
 * ipamctl delete KIND NAME | delete -f FILE|DIR|- [--ignore-not-found]
 * ipamctl version
 * ipamctl completion bash|zsh
 * ipamctl explain KIND[.field.path] [--recursive]
 * global: --store JDBC_URL (or IPAMCTL_STORE; default SQLite under ~/.ipam4j/), --project NAME,
 *   --lock-timeout DURATION (30s)
 * </pre>
 *
 * <p>Exit codes: 0 ok, 1 unexpected, 2 usage, 3 invalid, 4 forbidden, 5 not found, 6 conflict, 7
 * exhausted, 8 a lock another writer holds was not had in time (retry), 9 {@code check} found
 * problems. Errors go to standard error as one line.
 *
 * <p>This file is the command line's dispatch and its small commands ({@code apply}, {@code get},
 * {@code delete}); what each larger one prints lives beside it, one file each: {@code Table},
 * {@code Describe}, {@code PoolViews}, {@code Watch}, {@code Check}, {@code Completion}, and the
 * options in {@code Args} and {@code StoreOptions}.
 */
public final class Ipamctl {

  static final int OK = 0;
  static final int UNEXPECTED = 1;
  static final int USAGE = 2;

  private static final String HELP =
      """
      Usage: ipamctl [--store JDBC_URL] [--project NAME] [--lock-timeout 30s] COMMAND
        apply -f FILE|DIR|- [-f ...] [--dry-run]   create or update pools and claims
        get KIND [NAME] [-l SELECTOR] [-A] [-o wide|yaml|json|name] [-w] [--ignore-not-found]
        describe KIND NAME
        delete KIND NAME | delete -f FILE|DIR|-   [--ignore-not-found]
        version                                     ipamctl's version and its Java
        completion bash|zsh                         a completion script: source <(ipamctl completion bash)
        explain KIND[.field.path] [--recursive]
        pool tree [-A]                              pools, child pools and allocations
        pool map NAME [--svg FILE]                  a picture of a pool's address space
        check                                       the store's consistency, one line a problem
        export [-A] [-o yaml|json]                  every object with its status, to import elsewhere
        import -f FILE|- [--dry-run]                recreate exported objects: same blocks, all or none
      KIND: ippools|ippool|ipclaims|ipclaim|ipallocations|ipalloc
      get -w (--watch): what exists, then each change as it happens, until interrupted;
        with -o json one object per line, wrapped as {"type": ..., "object": ...}
        with --output-watch-events
      The store defaults to $IPAMCTL_STORE, else an SQLite file under ~/.ipam4j/.
      """;

  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  Ipamctl(InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env) {
    this.stdin = stdin;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    int code = new Ipamctl(System.in, System.out, System.err, System.getenv()).run(args);
    System.out.flush();
    System.exit(code);
  }

  /** Usage errors: exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  int run(String[] argv) {
    try {
      Args args;
      try {
        args = Args.parse(argv);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      if (args.command.isEmpty() || args.flag("help")) {
        out.print(HELP);
        return args.command.isEmpty() && !args.flag("help") ? USAGE : OK;
      }
      if (args.command.get(0).equals("explain")) {
        return explain(args);
      }
      if (args.command.get(0).equals("version")) {
        return version();
      }
      if (args.command.get(0).equals("completion")) {
        if (args.command.size() != 2 || !Completion.print(args.command.get(1), out)) {
          throw new UsageException("usage: ipamctl completion bash|zsh");
        }
        return OK;
      }
      NativeLibrary.useCachedCopy(env);
      try (JdbcStore store =
          JdbcStore.builder()
              .lockTimeout(StoreOptions.lockTimeout(args))
              .open(StoreOptions.storeUrl(args, env))) {
        // Cross-project claims on shared pools: the pool's annotation names who may use it.
        // A command that only reads neither binds waiting claims as its engine starts nor keeps a
        // re-check schedule: it ends in a moment, and writers (and watches) do both.
        String command = args.command.get(0);
        boolean readsOnly =
            (command.equals("get") && !args.flag("watch"))
                || List.of("describe", "check", "export", "pool").contains(command);
        IpamEngine.Builder builder =
            IpamEngine.builder()
                .store(store)
                .accessPolicy(AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS));
        if (readsOnly) {
          builder.bindWaitingOnStart(false).recheckWaiting(java.time.Duration.ZERO);
        }
        IpamEngine engine = builder.build();
        return switch (args.command.get(0)) {
          case "apply" -> apply(engine, args);
          case "get" -> get(engine, args);
          case "describe" -> describe(engine, args);
          case "delete" -> delete(engine, args);
          case "pool" -> pool(engine, args);
          case "check" -> check(engine, args);
          case "export" -> export(engine, args);
          case "import" -> importObjects(engine, args);
          default ->
              throw new UsageException(
                  "unknown command \"" + args.command.get(0) + "\"; try ipamctl --help");
        };
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } catch (IpamException e) {
      err.println("error: " + e.getMessage());
      return exitCode(e);
    } catch (RuntimeException e) {
      err.println("error: unexpected " + e);
      return UNEXPECTED;
    }
  }

  static int exitCode(IpamException e) {
    if (e instanceof InvalidException) {
      return 3;
    }
    if (e instanceof ForbiddenException) {
      return 4;
    }
    if (e instanceof NotFoundException) {
      return 5;
    }
    if (e instanceof ConflictException || e instanceof StaleWriteException) {
      return 6;
    }
    if (e instanceof ExhaustedException) {
      return 7;
    }
    if (e instanceof LockTimeoutException) {
      return 8;
    }
    return UNEXPECTED;
  }

  // ---- apply / delete -f ---------------------------------------------------------------------

  /**
   * Every manifest of every {@code -f} as one set: all applied, or none and every problem said,
   * each at its file and line. A dry run answers exactly what the real apply would.
   */
  private int apply(IpamEngine engine, Args args) {
    List<Manifest> manifests = readAll(args);
    boolean dryRun = args.flag("dry-run");
    String suffix = dryRun ? " (dry run)" : "";
    List<IpamObject> objects = manifests.stream().map(Manifest::object).toList();
    SetOutcome outcome =
        dryRun ? engine.applyAll(objects, ApplyOption.DRY_RUN) : engine.applyAll(objects);
    if (!outcome.isApplied()) {
      for (Problem p : outcome.problems()) {
        err.println("error: " + manifests.get(p.index()).place(p.error()).getMessage());
      }
      return exitCode(outcome.problems().get(0).error());
    }
    // Pools first, then claims, each in the order given.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < objects.size(); i++) {
        Applied<IpamObject> applied = outcome.applied().get(i);
        if (pass == 0 && applied.object() instanceof IPPool pool) {
          out.println("ippool/" + pool.metadata().name() + " " + applied.outcome() + suffix);
        } else if (pass == 1 && applied.object() instanceof IPClaim c) {
          out.println(
              "ipclaim/"
                  + c.metadata().name()
                  + " "
                  + applied.outcome()
                  + suffix
                  + " "
                  + c.status().phase()
                  + c.status()
                      .allocatedCIDR()
                      .map(b -> " " + b)
                      .orElseGet(
                          () ->
                              c.status().conditions().stream()
                                  .findFirst()
                                  .map(cond -> " (" + cond.message() + ")")
                                  .orElse("")));
        }
      }
    }
    return OK;
  }

  /**
   * Every object of the project (or, with {@code -A}, of the store), statuses and allocations
   * included, as one YAML stream (or a JSON v1 List) that {@code import} recreates elsewhere.
   */
  private int export(IpamEngine engine, Args args) {
    boolean all = args.flag("A");
    List<IpamObject> objects =
        engine.exportAll(all ? Optional.empty() : Optional.of(project(args)));
    Manifests writer = Manifests.strict();
    String format = args.value("o").orElse("yaml");
    switch (format) {
      case "yaml" -> out.print(writer.toYaml(objects));
      case "json" -> out.print(writer.toJsonList(objects));
      default -> throw new UsageException("export -o takes yaml or json, not " + format);
    }
    return OK;
  }

  /** Recreates what {@code export} wrote, as one commit: the same blocks, or nothing. */
  private int importObjects(IpamEngine engine, Args args) {
    List<Manifest> manifests = readAll(args);
    List<IpamObject> objects = manifests.stream().map(Manifest::object).toList();
    boolean dryRun = args.flag("dry-run");
    List<IpamObject> stored =
        dryRun ? engine.importAll(objects, ApplyOption.DRY_RUN) : engine.importAll(objects);
    int[] counts = new int[3];
    for (IpamObject o : stored) {
      counts[o.kind().ordinal()]++;
    }
    out.printf(
        "imported %d pools, %d claims, %d allocations%s%n",
        counts[Kind.IPPool.ordinal()],
        counts[Kind.IPClaim.ordinal()],
        counts[Kind.IPAllocation.ordinal()],
        dryRun ? " (dry run)" : "");
    return OK;
  }

  private List<Manifest> readAll(Args args) {
    List<String> paths = args.values("f");
    if (paths.isEmpty()) {
      throw new UsageException(args.command.get(0) + " needs -f FILE|DIR|-");
    }
    Manifests reader = Manifests.strict().withDefaultProject(project(args));
    List<Manifest> out = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("-")) {
        out.addAll(reader.read("<stdin>", stdin));
        continue;
      }
      Path p = Path.of(path);
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          // Only regular files: a FIFO or device named *.yaml would block or never end.
          for (Path f :
              files
                  .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
                  .filter(Files::isRegularFile)
                  .sorted()
                  .toList()) {
            out.addAll(reader.read(f));
          }
        } catch (IOException e) {
          throw new UsageException("cannot list " + p + ": " + e.getMessage());
        }
      } else if (Files.exists(p)) {
        // Named on its own, any file is read as asked (/dev/null is empty input).
        out.addAll(reader.read(p));
      } else {
        throw new NotFoundException("no file or folder \"" + path + "\"");
      }
    }
    checkProjects(args, out);
    return out;
  }

  /**
   * Deletes what the files name (claims first, children before parents), going on past objects
   * already gone, each reported as kubectl does (exit 5 at the end, or nothing with {@code
   * --ignore-not-found}); or one object by kind and name.
   */
  private int delete(IpamEngine engine, Args args) {
    boolean ignoreMissing = args.flag("ignore-not-found");
    if (!args.values("f").isEmpty()) {
      List<Manifest> manifests = readAll(args);
      List<IpamObject> order = new ArrayList<>();
      for (int i = manifests.size() - 1; i >= 0; i--) {
        if (manifests.get(i).object() instanceof IPClaim c) {
          order.add(c);
        }
      }
      for (int i = manifests.size() - 1; i >= 0; i--) {
        if (manifests.get(i).object() instanceof IPPool p) {
          order.add(p);
        }
      }
      boolean missing = false;
      for (IpamObject o : order) {
        try {
          deleteOne(engine, o.kind(), o.metadata().project(), o.metadata().name());
        } catch (NotFoundException gone) {
          if (!ignoreMissing) {
            err.println("error: " + gone.getMessage());
            missing = true;
          }
        }
      }
      return missing ? exitCode(new NotFoundException("")) : OK;
    }
    if (args.command.size() != 3) {
      throw new UsageException("usage: ipamctl delete KIND NAME | delete -f FILE");
    }
    try {
      deleteOne(engine, kind(args.command.get(1)), project(args), args.command.get(2));
    } catch (NotFoundException gone) {
      if (!ignoreMissing) {
        throw gone;
      }
    }
    return OK;
  }

  /** Deletes one object; one whose row does not read back (see {@code check}) goes as a row. */
  private void deleteOne(IpamEngine engine, Kind kind, String project, String name) {
    try {
      switch (kind) {
        case IPPool -> engine.deletePool(project, name);
        case IPClaim -> engine.deleteClaim(project, name);
        case IPAllocation -> engine.deleteAllocation(project, name);
      }
    } catch (StorageException e) {
      try {
        engine.deleteUnreadable(kind.name(), project, name);
      } catch (NotFoundException readsBack) {
        throw e;
      }
      out.println(kind.shortName() + "/" + name + " deleted (its row did not read back)");
      return;
    }
    out.println(kind.shortName() + "/" + name + " deleted");
  }

  // ---- check ---------------------------------------------------------------------------------

  private int check(IpamEngine engine, Args args) {
    if (args.command.size() != 1) {
      throw new UsageException("usage: ipamctl check");
    }
    return Check.print(engine.check(), out, err);
  }

  // ---- get -----------------------------------------------------------------------------------

  private int get(IpamEngine engine, Args args) {
    if (args.command.size() < 2 || args.command.size() > 3) {
      throw new UsageException("usage: ipamctl get KIND [NAME] [-l SELECTOR] [-A] [-o FORMAT]");
    }
    Kind kind = kind(args.command.get(1));
    String format = args.value("o").orElse("table");
    if (!List.of("table", "wide", "yaml", "json", "name").contains(format)) {
      throw new UsageException("-o must be wide, yaml, json or name, not \"" + format + "\"");
    }
    boolean all = args.flag("A");
    // Manifests (and the Jackson object mappers under it) only for -o yaml|json: a table or a
    // name list needs neither, and a short-lived process pays for every class it loads.
    if (args.flag("watch")) {
      if (format.equals("name")) {
        throw new UsageException("-o name lists what exists; with -w use -o json or a table");
      }
      return Watch.print(
          engine,
          args,
          kind,
          format,
          all ? Optional.empty() : Optional.of(project(args)),
          Manifests.strict(),
          out,
          err);
    }
    if (args.command.size() == 3) {
      String name = args.command.get(2);
      Optional<? extends IpamObject> found = find(engine, kind, project(args), name);
      if (found.isEmpty() && args.flag("ignore-not-found")) {
        return OK;
      }
      IpamObject object =
          found.orElseThrow(
              () ->
                  new NotFoundException(
                      kind.shortName()
                          + " \""
                          + name
                          + "\" not found in project "
                          + project(args)));
      switch (format) {
        case "yaml" -> out.print(Manifests.strict().toYaml(object));
        case "json" -> out.print(Manifests.strict().toJson(object));
        case "name" -> out.println(kind.shortName() + "/" + name);
        default ->
            Table.print(
                out, kind, List.of(object), all, format.equals("wide"), boundPools(engine, args));
      }
      return OK;
    }
    LabelSelector selector =
        args.value("l").map(LabelSelector::parse).orElse(LabelSelector.everything());
    List<IpamObject> objects = new ArrayList<>();
    for (IpamObject o : list(engine, kind, all ? Optional.empty() : Optional.of(project(args)))) {
      if (selector.matches(o.metadata().labels())) {
        objects.add(o);
      }
    }
    switch (format) {
      case "yaml" -> out.print(Manifests.strict().toYamlList(objects));
      case "json" -> out.print(Manifests.strict().toJsonList(objects));
      case "name" ->
          objects.forEach(o -> out.println(kind.shortName() + "/" + o.metadata().name()));
      default -> {
        if (objects.isEmpty()) {
          err.println("No resources found" + (all ? "." : " in project " + project(args) + "."));
        } else {
          Table.print(out, kind, objects, all, format.equals("wide"), boundPools(engine, args));
        }
      }
    }
    return OK;
  }

  /**
   * The pool each bound claim holds a block of, by claim key ({@code project/name}), from the
   * allocations of the projects listed: a claim by selector names no pool until it is bound.
   */
  private Map<String, String> boundPools(IpamEngine engine, Args args) {
    List<IPAllocation> allocations =
        args.flag("A") ? engine.listAllAllocations() : engine.listAllocations(project(args));
    Map<String, String> pools = new java.util.HashMap<>();
    for (IPAllocation a : allocations) {
      a.spec()
          .claimRef()
          .ifPresent(
              claim -> {
                String pool =
                    a.spec()
                        .poolRef()
                        .projectRef()
                        .map(p -> p.name() + "/" + a.spec().poolRef().name())
                        .orElse(a.spec().poolRef().name());
                pools.put(a.metadata().project() + "/" + claim.name(), pool);
              });
    }
    return pools;
  }

  private static Optional<? extends IpamObject> find(
      IpamEngine engine, Kind kind, String project, String name) {
    return switch (kind) {
      case IPPool -> engine.getPool(project, name);
      case IPClaim -> engine.getClaim(project, name);
      case IPAllocation -> engine.getAllocation(project, name);
    };
  }

  private static List<? extends IpamObject> list(
      IpamEngine engine, Kind kind, Optional<String> project) {
    return switch (kind) {
      case IPPool -> project.map(engine::listPools).orElseGet(engine::listAllPools);
      case IPClaim -> project.map(engine::listClaims).orElseGet(engine::listAllClaims);
      case IPAllocation ->
          project.map(engine::listAllocations).orElseGet(engine::listAllAllocations);
    };
  }

  // ---- describe ------------------------------------------------------------------------------

  private int describe(IpamEngine engine, Args args) {
    if (args.command.size() != 3) {
      throw new UsageException("usage: ipamctl describe KIND NAME");
    }
    Kind kind = kind(args.command.get(1));
    String project = project(args);
    String name = args.command.get(2);
    IpamObject object =
        find(engine, kind, project, name)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        kind.shortName() + " \"" + name + "\" not found in project " + project));
    Describe.print(out, engine, kind, project, name, object);
    return OK;
  }

  // ---- pool tree / pool map ---------------------------------------------------------------

  private int pool(IpamEngine engine, Args args) {
    String sub = args.command.size() > 1 ? args.command.get(1) : "";
    if (sub.equals("tree") && args.command.size() == 2) {
      PoolViews.tree(engine, args.flag("A") ? Optional.empty() : Optional.of(project(args)), out);
      return OK;
    }
    if (sub.equals("map") && args.command.size() == 3) {
      PoolViews.map(engine, project(args), args.command.get(2), args.value("svg"), out);
      return OK;
    }
    throw new UsageException("usage: ipamctl pool tree [-A] | pool map NAME [--svg FILE]");
  }

  // ---- version -------------------------------------------------------------------------------

  /**
   * ipamctl's version (the jar's, as Maven built it), the API it speaks, and the Java it runs on.
   */
  private int version() {
    String version = Ipamctl.class.getPackage().getImplementationVersion();
    out.println("ipamctl " + (version == null ? "(development build)" : version));
    out.println("API: " + Kind.API_VERSION);
    out.println(
        "Java: "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")");
    return OK;
  }

  // ---- explain -------------------------------------------------------------------------------

  private int explain(Args args) {
    if (args.command.size() != 2) {
      throw new UsageException("usage: ipamctl explain KIND[.field.path] [--recursive]");
    }
    String target = args.command.get(1);
    int dot = target.indexOf('.');
    Kind kind = kind(dot < 0 ? target : target.substring(0, dot));
    out.print(
        Manifests.explain(kind, dot < 0 ? "" : target.substring(dot + 1), args.flag("recursive")));
    return OK;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Kind kind(String name) {
    return Kind.byName(name)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown kind \""
                        + name
                        + "\"; known: ippools (ippool), ipclaims (ipclaim), ipallocations (ipalloc)"));
  }

  /** The project chosen with {@code --project} (or {@code -n}), else {@code default}. */
  private static String project(Args args) {
    String project = args.value("project").orElse("default");
    if (!ObjectMeta.isValidName(project)) {
      throw new UsageException(
          "--project \""
              + Table.printable(project)
              + "\" is not a valid"
              + " project name (a lowercase DNS-1123 subdomain, at most 253 characters)");
    }
    return project;
  }

  /**
   * With a project chosen explicitly, every manifest must be of that project (or name none), as
   * kubectl refuses an object whose namespace differs from {@code --namespace}: nothing is done.
   */
  private static void checkProjects(Args args, List<Manifest> manifests) {
    if (args.value("project").isEmpty()) {
      return;
    }
    String chosen = project(args);
    List<InvalidException.Violation> wrong = new ArrayList<>();
    for (Manifest m : manifests) {
      String own = m.object().metadata().project();
      if (!own.equals(chosen)) {
        wrong.add(
            new InvalidException.Violation(
                m.whereOf("metadata.namespace"),
                "metadata.namespace",
                "\""
                    + own
                    + "\" does not match the project \""
                    + chosen
                    + "\" chosen with --project; drop one of them"));
      }
    }
    if (!wrong.isEmpty()) {
      throw new InvalidException(wrong);
    }
  }
}
