package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Every Java snippet of the README compiles as written, imports included, and runs: its import
 * lines head a class, the rest is the body of a method; or, when the rest declares a class (a test
 * class of the test kit's section), it is that class, and its tests run on JUnit and pass. A
 * snippet that needs something it does not show fails here, naming its line in the README.
 */
class ReadmeSnippetsTest {

  @TempDir Path dir;

  /** A ```java block of the README and the line it starts on. */
  record Snippet(int line, List<String> imports, List<String> body) {
    /** The class the snippet declares, if it declares one rather than statements. */
    java.util.Optional<String> declaredClass() {
      String first = body.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
      if (!first.startsWith("@") && !first.startsWith("class ")) {
        return java.util.Optional.empty();
      }
      return body.stream()
          .map(l -> java.util.regex.Pattern.compile("^class (\\w+)").matcher(l))
          .filter(java.util.regex.Matcher::find)
          .map(m -> m.group(1))
          .findFirst();
    }
  }

  static List<Snippet> snippets(List<String> readme) {
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (!readme.get(i).equals("```java")) {
        continue;
      }
      int start = i + 1;
      List<String> imports = new ArrayList<>();
      List<String> body = new ArrayList<>();
      for (i = start; !readme.get(i).equals("```"); i++) {
        (readme.get(i).startsWith("import ") ? imports : body).add(readme.get(i));
      }
      out.add(new Snippet(start, imports, body));
    }
    return out;
  }

  @Test
  void everyJavaSnippetOfTheReadmeCompilesAndRuns() throws Exception {
    List<Snippet> snippets = snippets(Files.readAllLines(Path.of("../README.md")));
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(5);
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> files = new ArrayList<>();
    for (Snippet s : snippets) {
      String name = "ReadmeLine" + s.line();
      StringBuilder java = new StringBuilder();
      s.imports().forEach(i -> java.append(i).append('\n'));
      if (s.declaredClass().isPresent()) {
        s.body().forEach(l -> java.append(l).append('\n'));
        Path file = sources.resolve(name + ".java");
        Files.writeString(file, java);
        files.add(file.toString());
        continue;
      }
      java.append("public class ")
          .append(name)
          .append(" {\n")
          .append("  public static void run() throws Exception {\n");
      s.body().forEach(l -> java.append("    ").append(l).append('\n'));
      java.append("  }\n}\n");
      Path file = sources.resolve(name + ".java");
      Files.writeString(file, java);
      files.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none"));
    args.addAll(files);
    boolean compiled = javac.run(null, errors, errors, args.toArray(String[]::new)) == 0;
    assertThat(compiled)
        .as("README snippets (ReadmeLineN = the line the snippet starts on):%n%s", errors)
        .isTrue();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      for (Snippet s : snippets) {
        if (s.declaredClass().isPresent()) {
          Class<?> test = loader.loadClass(s.declaredClass().get());
          if (s.body().stream().noneMatch(l -> l.contains("@Test"))) {
            continue; // a class of a service (a Spring bean, say): compiled is what it can be
          }
          EngineTestKit.engine("junit-jupiter")
              .selectors(DiscoverySelectors.selectClass(test))
              .execute()
              .testEvents()
              .assertStatistics(stats -> stats.failed(0).aborted(0))
              .assertThatEvents()
              .as("README line %d: %s runs at least one test", s.line(), test.getName())
              .isNotEmpty();
          continue;
        }
        Method run = loader.loadClass("ReadmeLine" + s.line()).getMethod("run");
        run.invoke(null);
      }
    }
  }

  @Test
  void theReadmeShowsNoJavaOutsideCheckedSnippets() throws IOException {
    // A snippet fenced as plain ``` would escape the check above: none declares Java types.
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    boolean inPlain = false;
    for (String line : readme) {
      if (line.equals("```")) {
        inPlain = !inPlain;
      } else if (line.startsWith("```")) {
        inPlain = false;
      } else if (inPlain) {
        assertThat(line).doesNotStartWith("import org.ipam4j");
      }
    }
  }
}
