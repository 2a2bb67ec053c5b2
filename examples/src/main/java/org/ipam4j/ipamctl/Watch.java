package org.ipam4j.ipamctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;
import org.ipam4j.yaml.Manifests;

/** {@code ipamctl get -w}. */
final class Watch {

  private Watch() {}

  /**
   * {@code get -w}: what exists, then every change, until interrupted, as kubectl prints it: table
   * rows (the list with its header), or one object per line for {@code -o json} ({@code
   * {"type":...,"object":...}} with {@code --output-watch-events}), or YAML documents.
   */
  static int print(
      IpamEngine engine,
      Args args,
      Kind kind,
      String format,
      Optional<String> project,
      Manifests writer,
      PrintStream out,
      PrintStream err) {
    boolean all = project.isEmpty();
    Optional<String> name =
        args.command.size() == 3 ? Optional.of(args.command.get(2)) : Optional.empty();
    LabelSelector selector =
        args.value("l").map(LabelSelector::parse).orElse(LabelSelector.everything());
    boolean events = args.flag("output-watch-events");
    WatchRequest request = WatchRequest.listFirst().kinds(kind);
    if (project.isPresent()) {
      request = request.project(project.get());
    }
    Table.Rows table = new Table.Rows(out, kind, all, format.equals("wide"), java.util.Map.of());
    List<IpamObject> listed = new ArrayList<>();
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    String[] failure = {""};
    WatchListener listener =
        new WatchListener() {
          private boolean synced;

          @Override
          public void onChange(Change change) {
            IpamObject o = change.object();
            if ((name.isPresent() && !name.get().equals(o.metadata().name()))
                || !selector.matches(o.metadata().labels())) {
              return;
            }
            if (!synced && !events && (format.equals("table") || format.equals("wide"))) {
              listed.add(o);
              return;
            }
            switch (format) {
              case "json" ->
                  out.println(
                      events
                          ? "{\"type\":\""
                              + change.type()
                              + "\",\"object\":"
                              + writer.toJsonLine(o)
                              + "}"
                          : writer.toJsonLine(o));
              case "yaml" -> out.print("---\n" + writer.toYaml(o));
              default -> table.print(o);
            }
            out.flush();
          }

          @Override
          public void onSynced(long revision) {
            synced = true;
            if (format.equals("table") || format.equals("wide")) {
              if (!listed.isEmpty()) {
                table.print(listed);
              }
              out.flush();
            }
          }

          @Override
          public void onExpired(org.ipam4j.ExpiredException reason) {
            failure[0] = reason.getMessage();
            ended.countDown();
          }
        };
    Subscription subscription = engine.watch(request, listener);
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Ipamctl.OK;
    } finally {
      subscription.close();
    }
    err.println("error: the watch ended: " + failure[0]);
    return Ipamctl.UNEXPECTED;
  }
}
