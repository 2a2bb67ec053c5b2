package org.ipam4j.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A map in the order keys were first put, as {@link java.util.LinkedHashMap} (a key removed and put
 * again goes last), made for a plan's few entries: one change stages three or four objects, which
 * are looked through with {@code equals}, no table made and no key hashed; past {@value
 * #LOOK_THROUGH} entries (a set) a hash index of positions takes over.
 *
 * <p>Entries are visited by position: {@code for (int i = 0; i < m.slots(); i++)}, skipping the
 * positions whose {@link #keyAt} is null (removed). Not thread-safe; no null keys or values.
 */
final class SmallMap<K, V> {

  /** How many entries are looked through before an index is made. */
  static final int LOOK_THROUGH = 8;

  private @Nullable Object[] keys;
  private @Nullable Object[] values;

  /** Positions used, the removed ones included. */
  private int slots;

  private int size;
  private @Nullable Map<K, Integer> index;

  SmallMap() {
    this(4);
  }

  SmallMap(int capacity) {
    keys = new Object[Math.max(1, capacity)];
    values = new Object[keys.length];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Positions to visit, removed ones included. */
  int slots() {
    return slots;
  }

  /** The key at a position, or null if that entry was removed. */
  @Nullable K keyAt(int slot) {
    @SuppressWarnings("unchecked")
    K key = (K) keys[slot];
    return key;
  }

  /** The value at a position whose key is not null. */
  V valueAt(int slot) {
    @SuppressWarnings("unchecked")
    V value = (V) Objects.requireNonNull(values[slot], "removed entry");
    return value;
  }

  @Nullable V get(K key) {
    int slot = find(key);
    return slot < 0 ? null : valueAt(slot);
  }

  boolean containsKey(K key) {
    return find(key) >= 0;
  }

  /** Sets the value of {@code key}: in its place if present, else last. */
  void put(K key, V value) {
    putAt(find(key), key, value);
  }

  /** Sets {@code key}'s value at the position {@link #find} gave: in place, or last if -1. */
  void putAt(int slot, K key, V value) {
    if (slot < 0) {
      append(key, value);
    } else {
      values[slot] = Objects.requireNonNull(value, "value");
    }
  }

  /** Puts {@code key}, which {@link #find} did not find, last. */
  void append(K key, V value) {
    Objects.requireNonNull(value, "value");
    if (slots == keys.length) {
      grow();
    }
    keys[slots] = key;
    values[slots] = value;
    slots++;
    size++;
    Map<K, Integer> byKey = index;
    if (byKey != null) {
      byKey.put(key, slots - 1);
    } else if (size > LOOK_THROUGH) {
      makeIndex();
    }
  }

  /** Puts {@code value} unless {@code key} has one; returns the value {@code key} has after. */
  V putIfAbsent(K key, V value) {
    int slot = find(key);
    if (slot >= 0) {
      return valueAt(slot);
    }
    append(key, value);
    return value;
  }

  void remove(K key) {
    int slot = find(key);
    if (slot < 0) {
      return;
    }
    keys[slot] = null;
    values[slot] = null;
    size--;
    Map<K, Integer> byKey = index;
    if (byKey != null) {
      byKey.remove(key);
    }
  }

  /** The position of {@code key}, or -1: for a caller that reads and then writes one key. */
  int find(K key) {
    Map<K, Integer> byKey = index;
    if (byKey != null) {
      Integer slot = byKey.get(key);
      return slot == null ? -1 : slot;
    }
    for (int i = 0; i < slots; i++) {
      if (key.equals(keys[i])) {
        return i;
      }
    }
    return -1;
  }

  private void grow() {
    if (size < slots / 2) {
      compact();
      if (slots < keys.length) {
        return;
      }
    }
    keys = Arrays.copyOf(keys, keys.length * 2);
    values = Arrays.copyOf(values, values.length * 2);
  }

  /** Closes the gaps removed entries left, keeping the order. */
  private void compact() {
    int to = 0;
    for (int i = 0; i < slots; i++) {
      if (keys[i] != null) {
        keys[to] = keys[i];
        values[to] = values[i];
        to++;
      }
    }
    Arrays.fill(keys, to, slots, null);
    Arrays.fill(values, to, slots, null);
    slots = to;
    if (index != null) {
      makeIndex();
    }
  }

  private void makeIndex() {
    Map<K, Integer> byKey = new HashMap<>(Math.max(16, slots * 2));
    for (int i = 0; i < slots; i++) {
      K key = keyAt(i);
      if (key != null) {
        byKey.put(key, i);
      }
    }
    index = byKey;
  }
}
