package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;

/**
 * Position arithmetic of a playlist's songs, which always sit at 0..n-1. Each edit moves a run of
 * neighbours by one, in a single UPDATE (the uniqueness of positions is checked at commit, so the
 * run may pass through duplicates in between).
 */
final class Positions {

  private Positions() {}

  /** Positions {@code from..to} (inclusive) move by {@code delta}; empty when {@code from > to}. */
  record Shift(int from, int to, int delta) {
    boolean isEmpty() {
      return from > to;
    }
  }

  /** Where an added song goes in a list of {@code size}: {@code requested}, or the end when absent. */
  static int insertionPoint(Integer requested, int size) {
    if (requested == null) {
      return size;
    }
    if (requested < 0 || requested > size) {
      throw ApiProblem.badRequest("position " + requested + " is beyond the end of the playlist: it has " + size
          + (size == 1 ? " song" : " songs") + ", so a song can go at positions 0 to " + size + " (or leave position out to append)");
    }
    return requested;
  }

  /** Inserting at {@code at}: the songs from there on move down one. */
  static Shift forInsert(int at, int size) {
    return new Shift(at, size - 1, +1);
  }

  /** Removing the song at {@code at}: the songs after it move up one. */
  static Shift forRemove(int at, int size) {
    return new Shift(at + 1, size - 1, -1);
  }

  /** Checks a move's target in a list of {@code size}. */
  static int moveTarget(int requested, int size) {
    if (requested < 0 || requested >= size) {
      throw ApiProblem.badRequest("new_position " + requested + " is out of range: the playlist has " + size
          + (size == 1 ? " song" : " songs") + ", at positions 0 to " + (size - 1));
    }
    return requested;
  }

  /**
   * Moving a song from {@code from} to {@code to}: the songs in between shift one towards the
   * gap it leaves (the moved song itself is set to {@code to} separately).
   */
  static Shift forMove(int from, int to) {
    if (from < to) {
      return new Shift(from + 1, to, -1);
    }
    return new Shift(to, from - 1, +1);
  }
}
