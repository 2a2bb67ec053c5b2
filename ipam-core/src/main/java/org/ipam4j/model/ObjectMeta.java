package org.ipam4j.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.internal.Labels;

/**
 * Kubernetes object metadata. {@code name} and {@code project} identify the object; the engine sets
 * {@code uid}, {@code generation} and {@code creationTimestamp}, and the store sets {@code
 * resourceVersion}. Those are empty or 0 on objects a user builds. Labels and annotations are
 * immutable and unordered; writers sort them by key when they print.
 *
 * @param project the project (the reference server's namespace) the object lives in
 * @param name the object's name, unique in its project and kind
 * @param labels the object's labels
 * @param annotations the object's annotations
 * @param uid the object's unique id, set by the engine; empty before it is stored
 * @param resourceVersion the store revision of the object's last write; 0 before it is stored
 * @param generation incremented on every change to {@code spec}; 0 before it is stored
 * @param creationTimestamp when the object was first stored
 */
public record ObjectMeta(
    String project,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    String uid,
    long resourceVersion,
    long generation,
    Optional<Instant> creationTimestamp) {

  /**
   * Checks that no component is null, and copies the labels and annotations.
   *
   * @param project the project (the reference server's namespace) the object lives in
   * @param name the object's name, unique in its project and kind
   * @param labels the object's labels
   * @param annotations the object's annotations
   * @param uid the object's unique id, set by the engine; empty before it is stored
   * @param resourceVersion the store revision of the object's last write; 0 before it is stored
   * @param generation incremented on every change to {@code spec}; 0 before it is stored
   * @param creationTimestamp when the object was first stored
   */
  public ObjectMeta {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(name, "name");
    // Map.copyOf returns an immutable map as it is, so the with-methods copy nothing.
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
  }

  /**
   * Metadata for a new object: just its project and name.
   *
   * @param project the object's project
   * @param name the object's name
   * @return metadata with no labels, annotations or identity
   */
  public static ObjectMeta of(String project, String name) {
    return new ObjectMeta(project, name, Map.of(), Map.of(), "", 0, 0, Optional.empty());
  }

  /**
   * This metadata with other labels.
   *
   * @param newLabels the labels, which replace these
   * @return new metadata, otherwise the same
   */
  public ObjectMeta withLabels(Map<String, String> newLabels) {
    return new ObjectMeta(
        project, name, newLabels, annotations, uid, resourceVersion, generation, creationTimestamp);
  }

  /**
   * This metadata with other annotations.
   *
   * @param newAnnotations the annotations, which replace these
   * @return new metadata, otherwise the same
   */
  public ObjectMeta withAnnotations(Map<String, String> newAnnotations) {
    return new ObjectMeta(
        project, name, labels, newAnnotations, uid, resourceVersion, generation, creationTimestamp);
  }

  /**
   * This metadata with another resource version, as a store sets it on commit.
   *
   * @param newResourceVersion the store revision of the write
   * @return new metadata, otherwise the same
   */
  public ObjectMeta withResourceVersion(long newResourceVersion) {
    return new ObjectMeta(
        project, name, labels, annotations, uid, newResourceVersion, generation, creationTimestamp);
  }

  /**
   * The fields the engine sets when it first stores an object.
   *
   * @param newUid the object's unique id
   * @param newGeneration its first generation
   * @param created its creation time
   * @return new metadata, otherwise the same
   */
  public ObjectMeta withIdentity(String newUid, long newGeneration, Instant created) {
    return new ObjectMeta(
        project,
        name,
        labels,
        annotations,
        newUid,
        resourceVersion,
        newGeneration,
        Optional.of(created));
  }

  /**
   * This metadata with another generation, as the engine sets it when the spec changes.
   *
   * @param newGeneration the generation
   * @return new metadata, otherwise the same
   */
  public ObjectMeta withGeneration(long newGeneration) {
    return new ObjectMeta(
        project, name, labels, annotations, uid, resourceVersion, newGeneration, creationTimestamp);
  }

  /**
   * Whether {@code text} may be an object's name or a project's: a lowercase DNS-1123 subdomain
   * (alphanumerics, {@code -} and {@code .}, alphanumeric at both ends), at most 253 characters.
   *
   * @param text the name to check
   * @return true if the engine would accept it as {@code metadata.name} or {@code
   *     metadata.namespace}
   */
  public static boolean isValidName(String text) {
    return Labels.isDns1123Subdomain(text);
  }

  /**
   * The object's key within its kind.
   *
   * @return {@code project/name}
   */
  public String key() {
    return project + "/" + name;
  }
}
