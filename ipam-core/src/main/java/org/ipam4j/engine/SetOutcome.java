package org.ipam4j.engine;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IpamObject;

/**
 * What {@link IpamEngine#applyAll} did with a set of objects: either every object was applied (or,
 * on a dry run, would be), or nothing was and {@link #problems} says why, every problem of the set
 * at once.
 *
 * @param applied one result per object, in the order given; empty when there are problems
 * @param problems every object that could not be applied, in the order given
 */
public record SetOutcome(List<Applied<IpamObject>> applied, List<Problem> problems) {

  /**
   * Copies both lists.
   *
   * @param applied one result per object, in the order given; empty when there are problems
   * @param problems every object that could not be applied, in the order given
   */
  public SetOutcome {
    applied = List.copyOf(applied);
    problems = List.copyOf(problems);
  }

  /**
   * Whether the set was applied.
   *
   * @return true if there are no problems
   */
  public boolean isApplied() {
    return problems.isEmpty();
  }

  /**
   * The results, or the problems as one exception: of the first problem's type, its message listing
   * every problem, each placed at {@code objects[i] KIND project/name}; an {@link InvalidException}
   * carries every invalid object's violations. Each problem's own error is attached as suppressed.
   *
   * @return one result per object, in the order given
   * @throws IpamException if there are problems
   */
  public List<Applied<IpamObject>> orThrow() {
    return orThrow(
        p ->
            p.error()
                .prefixed(
                    "objects["
                        + p.index()
                        + "] "
                        + p.object().kind()
                        + " "
                        + p.object().metadata().key()));
  }

  /**
   * As {@link #orThrow()}, each problem told as {@code describe} tells it (where the caller knows
   * better where an object came from: a file and line).
   *
   * @param describe the error to report for one problem
   * @return one result per object, in the order given
   * @throws IpamException if there are problems
   */
  public List<Applied<IpamObject>> orThrow(Function<Problem, IpamException> describe) {
    if (problems.isEmpty()) {
      return applied;
    }
    List<IpamException> told = problems.stream().map(describe).toList();
    IpamException first = told.get(0);
    IpamException combined;
    if (first instanceof InvalidException) {
      combined =
          new InvalidException(
              told.stream()
                  .filter(e -> e instanceof InvalidException)
                  .flatMap(e -> ((InvalidException) e).violations().stream())
                  .toList());
    } else if (told.size() == 1) {
      combined = first;
    } else {
      String all = told.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
      combined = reworded(first, all);
    }
    for (Problem p : problems) {
      if (p.error() != combined) {
        combined.addSuppressed(p.error());
      }
    }
    throw combined;
  }

  /** An error of {@code type}'s kind whose message is {@code message}. */
  private static IpamException reworded(IpamException type, String message) {
    if (type instanceof ForbiddenException) {
      return new ForbiddenException(message);
    }
    if (type instanceof NotFoundException) {
      return new NotFoundException(message);
    }
    if (type instanceof ExhaustedException) {
      return new ExhaustedException(message);
    }
    if (type instanceof StaleWriteException) {
      return new StaleWriteException(message);
    }
    if (type instanceof StorageException) {
      return new StorageException(message, type);
    }
    return new ConflictException(message);
  }
}
